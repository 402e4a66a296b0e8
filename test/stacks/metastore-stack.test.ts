/**
 * A metastore the config creates lives in a stack of its own that the environments of its region
 * reference: no environment has to be deployed before another.
 */
import { Testing } from "cdktf";
import { loadConfig } from "../../config";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import type { MetastoreStack } from "../../stacks/metastore-stack";
import { exampleConfig } from "../fixtures/config";
import { prepareStacks } from "../support/layers";
import { dataOf, onlyResource, resourcesOf, synthJson } from "../support/terraform-json";

const config = loadConfig({
  ...exampleConfig(),
  metastores: [
    { cloud: "azure", region: "westeurope" },
    {
      cloud: "aws",
      region: "us-east-1",
      name: "lakehouse-us-east-1",
      backend: { type: "s3", bucket: "frdlh-terraform-state" },
    },
  ],
});
const stacks = addLakehouseStacks(Testing.app(), config);
prepareStacks(stacks);
const byId = new Map(stacks.map((s) => [s.node.id, s]));
const json = (id: string) => synthJson(byId.get(id)!);

test("one stack per created metastore, ahead of the environments", () => {
  expect(stacks.map((s) => s.node.id).slice(0, 3)).toEqual([
    "azure-westeurope-metastore",
    "aws-us-east-1-metastore",
    "azure-dev",
  ]);
  expect(stacks).toHaveLength(14);
});

test("the metastore stack creates the region's metastore at account level, protected from destroy", () => {
  const doc = json("aws-us-east-1-metastore");
  expect(onlyResource(doc, "databricks_metastore")).toEqual({
    provider: "databricks.account",
    name: "lakehouse-us-east-1",
    region: "us-east-1",
    force_destroy: false,
    lifecycle: { prevent_destroy: true },
  });
  expect(doc.provider?.databricks).toEqual([
    {
      alias: "account",
      host: "https://accounts.cloud.databricks.com",
      account_id: "${var.databricks_account_id}",
    },
  ]);
  expect(doc.terraform?.backend).toMatchObject({
    s3: {
      bucket: "frdlh-terraform-state",
      key: "aws-us-east-1-metastore/terraform.tfstate",
      region: "us-east-1",
    },
  });
  expect(onlyResource(json("azure-westeurope-metastore"), "databricks_metastore")).toMatchObject({
    name: "frdlh-westeurope",
    region: "westeurope",
  });
  const report = (byId.get("aws-us-east-1-metastore") as MetastoreStack).guardrails.evaluate();
  expect(report.totals.errors).toBe(0);
  expect(report.totals.warnings).toBe(0);
});

test.each(["azure-dev", "azure-staging", "azure-prod", "aws-dev", "aws-staging", "aws-prod"])(
  "%s assigns the created metastore (no lookup), so it deploys after the metastore stack",
  (id) => {
    const doc = json(id);
    const owner = id.startsWith("azure") ? "azure-westeurope-metastore" : "aws-us-east-1-metastore";
    expect(dataOf(doc, "databricks_metastore")).toEqual({});
    expect(resourcesOf(doc, "databricks_metastore")).toEqual({});
    expect(onlyResource(doc, "databricks_metastore_assignment").metastore_id).toMatch(
      new RegExp(
        `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${owner}\\.outputs\\.cross-stack-output-databricks_metastoreMetastore_\\w+id\\}$`,
      ),
    );
    expect(byId.get(id)!.dependencies.map((d) => d.node.id)).toEqual([owner]);
  },
);
