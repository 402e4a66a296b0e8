/**
 * The second example (examples/retail-demand.yaml) runs in AWS us-west-2 and Azure eastus: both have a
 * price catalog, so its environment stacks are priced (not "no catalog"), at the us-west-2 DBU rates.
 */
import { Testing } from "cdktf";
import { join } from "node:path";
import { loadConfig } from "../../config";
import { readConfigFile } from "../../config/source";
import { estimate } from "../../cost/estimator";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { readSynthesizedStack } from "../../terraform-json/synthesized-stack";
import { prepareStacks } from "../support/layers";
import { catalogs, resource } from "./helpers";

const input = readConfigFile(join(__dirname, "..", "..", "examples", "retail-demand.yaml"), "test");
const stacks = addLakehouseStacks(Testing.app(), loadConfig(input));
prepareStacks(stacks);
const result = estimate(
  {
    kind: "synth",
    path: "examples/retail-demand.yaml",
    stacks: stacks.map((s) => readSynthesizedStack(JSON.parse(Testing.synth(s)), { name: s.node.id })),
  },
  { catalogs },
);
const stack = (name: string) => result.stacks.find((s) => s.name === name)!;
const ENVIRONMENT_STACKS = [
  "aws-dev",
  "aws-dev-workspace",
  "aws-prod",
  "aws-prod-workspace",
  "azure-dev",
  "azure-dev-workspace",
  "azure-prod",
  "azure-prod-workspace",
];

test("every environment stack is priced from its region's catalog", () => {
  expect(
    ENVIRONMENT_STACKS.map((name) => {
      const s = stack(name);
      return `${name}: ${s.cloud}/${s.region} ${s.catalogVersion ?? s.unpricedReason}`;
    }),
  ).toEqual([
    "aws-dev: aws/us-west-2 2026.11.29-1",
    "aws-dev-workspace: aws/us-west-2 2026.11.29-1",
    "aws-prod: aws/us-west-2 2026.11.29-1",
    "aws-prod-workspace: aws/us-west-2 2026.11.29-1",
    "azure-dev: azure/eastus 2026.11.29-1",
    "azure-dev-workspace: azure/eastus 2026.11.29-1",
    "azure-prod: azure/eastus 2026.11.29-1",
    "azure-prod-workspace: azure/eastus 2026.11.29-1",
  ]);
  for (const name of ENVIRONMENT_STACKS) expect(stack(name).monthlyCost).toBeGreaterThan(0);
});

test("aws-prod-workspace: DBUs at the us-west-2 Premium rates", () => {
  const US_WEST_2_PREMIUM: Record<string, number> = {
    JOBS: 0.15,
    JOBS_LIGHT: 0.1,
    DLT_CORE: 0.2,
    DLT_PRO: 0.25,
    DLT_ADVANCED: 0.36,
    ALL_PURPOSE: 0.55,
    ALL_PURPOSE_SERVERLESS: 0.75,
    SQL_CLASSIC: 0.22,
    SQL_PRO: 0.55,
    SQL_SERVERLESS: 0.7,
    SERVERLESS_JOBS: 0.35,
  };
  const rates = stack("aws-prod-workspace")
    .resources.flatMap((r) => r.components)
    .filter((c) => c.priceKey?.startsWith("databricks.dbuRates."))
    .map((c) => ({ sku: c.priceKey!.slice("databricks.dbuRates.".length), unitPrice: c.unitPrice }));
  expect(rates.map((r) => r.sku)).toEqual(
    expect.arrayContaining(["ALL_PURPOSE", "DLT_ADVANCED", "SQL_SERVERLESS"]),
  );
  for (const r of rates) expect(r).toEqual({ sku: r.sku, unitPrice: US_WEST_2_PREMIUM[r.sku] });
});

test("aws-dev: the NAT gateway is priced (approximate us-west-2 figure); S3 stays unpriced, with the reason", () => {
  const aws = stack("aws-dev");
  const nat = aws.resources.find((r) => r.type === "aws_nat_gateway")!;
  expect(resource(aws, nat.address).components.map((c) => c.unitPrice)).toEqual([0.045, 0.045]);
  const bucket = aws.resources.find((r) => r.type === "aws_s3_bucket")!;
  expect(bucket.status).toBe("unpriced");
  expect(bucket.components[0]!.unpricedReason).toBe(
    "no dated us-west-2 list price found (the catalog's sources cover us-east-1 only; needs an AWS Price List snapshot for us-west-2)",
  );
});

test("the metastore stacks (a databricks_metastore only) cost $0, free, not 'unpriced stack'", () => {
  for (const name of ["aws-us-west-2-metastore", "azure-eastus-metastore"]) {
    const s = stack(name);
    expect(s.unpricedReason).toBeUndefined();
    expect(s.monthlyCost).toBe(0);
    expect(s.resources.map((r) => `${r.type} ${r.status}`)).toEqual(["databricks_metastore free"]);
  }
});
