/** Shared fixtures and catalog constants for the plan review tests. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CatalogSet, type PriceCatalog } from "../../cost/catalog";
import { main } from "../../cost/cli";
import type { ResourceCost, StackCost } from "../../cost/estimator";

export const FIXTURES = join(__dirname, "fixtures");
export const SYNTH_BASE = join(FIXTURES, "synth", "base");
export const CATALOG_DIR = join(__dirname, "..", "..", "cost", "catalog");
export const catalogs = new CatalogSet(CATALOG_DIR);

export const AWS: PriceCatalog = JSON.parse(readFileSync(join(CATALOG_DIR, "aws-us-east-1.json"), "utf8"));
export const AZ_WEU: PriceCatalog = JSON.parse(
  readFileSync(join(CATALOG_DIR, "azure-westeurope.json"), "utf8"),
);

/** The amount of a catalog price (fails the test if it is unpriced). */
export function amount(catalog: PriceCatalog, key: string): number {
  const a = catalog.prices[key]?.amount;
  if (typeof a !== "number") throw new Error(`${key} is unpriced in ${catalog.region}`);
  return a;
}
export function dbu(catalog: PriceCatalog, sku: string): number {
  return catalog.databricks.dbuRates[sku]!.amount!;
}
export function node(catalog: PriceCatalog, type: string): number {
  return catalog.databricks.nodeTypeDbuPerHour[type]!.amount!;
}
export function photon(catalog: PriceCatalog, family: "JOBS" | "DLT" | "ALL_PURPOSE"): number {
  return catalog.databricks.photonMultipliers[family].amount!;
}
export function warehouseDbu(catalog: PriceCatalog, size: string): number {
  return catalog.databricks.sqlWarehouseDbuPerHour[size]!.amount!;
}

export function resource(stack: StackCost | undefined, address: string): ResourceCost {
  const r = stack?.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in ${stack?.name}`);
  return r;
}

export function componentCost(r: ResourceCost, name: string): number | null {
  const c = r.components.find((x) => x.name === name);
  if (!c)
    throw new Error(`no component '${name}' on ${r.address}: ${r.components.map((x) => x.name).join(", ")}`);
  return c.monthlyCost;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Copies the base synth fixture to a temp dir and lets a test edit one stack's JSON. */
export function synthVariant(edit: (stacks: { aws: Json; azure: Json }) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "review-synth-"));
  cpSync(SYNTH_BASE, dir, { recursive: true });
  const awsPath = join(dir, "stacks", "aws-test", "cdk.tf.json");
  const azurePath = join(dir, "stacks", "azure-test", "cdk.tf.json");
  const stacks = {
    aws: JSON.parse(readFileSync(awsPath, "utf8")),
    azure: JSON.parse(readFileSync(azurePath, "utf8")),
  };
  edit(stacks);
  writeFileSync(awsPath, JSON.stringify(stacks.aws));
  writeFileSync(azurePath, JSON.stringify(stacks.azure));
  return dir;
}

/** Writes a JSON (or raw text) file to a temp dir and returns its path. */
export function tempFile(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "review-file-"));
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** The plan-review CLI run in-process (`main(argv, io)`) against the repository's catalogs. */
export function runCli(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main([...argv, "--catalog-dir", CATALOG_DIR], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

/**
 * Two layers as cdktf writes them: `env` outputs its gold bucket's name, `env-workspace` reads it through
 * `terraform_remote_state` into its catalog's storage_root (the stacks of fixtures/plans/generate.sh).
 */
export function twoLayerSynthDir(bucket: string): string {
  const backend = (stack: string) => ({ local: { path: `../${stack}/terraform.${stack}.tfstate` } });
  const read = "data.terraform_remote_state.cross-stack-reference-input-env.outputs";
  const docs = {
    env: {
      terraform: { backend: backend("env") },
      resource: { aws_s3_bucket: { gold: { bucket, tags: { layer: "gold" } } } },
      output: { "cross-stack-output-aws_s3_bucketgoldbucket": { value: "${aws_s3_bucket.gold.bucket}" } },
    },
    "env-workspace": {
      terraform: { backend: backend("env-workspace") },
      data: {
        terraform_remote_state: {
          "cross-stack-reference-input-env": {
            backend: "local",
            config: { path: "../env/terraform.env.tfstate" },
            workspace: "${terraform.workspace}",
          },
        },
      },
      resource: {
        databricks_catalog: {
          catalog: {
            name: "fx",
            storage_root: `s3://\${${read}.cross-stack-output-aws_s3_bucketgoldbucket}/catalog/`,
          },
        },
      },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), "two-layers-"));
  for (const [name, doc] of Object.entries(docs)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(doc));
  }
  return dir;
}
