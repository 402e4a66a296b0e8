/**
 * A workspace layer (`<env>-workspace`) holds the Databricks compute but no workspace and, on Azure, no
 * Azure resource: it is priced with its environment layer's cloud, region, tier and stage.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { estimate } from "../../cost/estimator";
import { loadSnapshot } from "../../terraform-json/load";
import { SYNTH_BASE, catalogs, resource } from "./helpers";

type Json = Record<string, Record<string, Record<string, unknown>>>;

function writeStack(dir: string, name: string, json: unknown): void {
  mkdirSync(join(dir, "stacks", name), { recursive: true });
  writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
}

// Without cdktf's "//" metadata, whose stackName would name both copies azure-test.
const { ["//"]: _metadata, ...azure } = JSON.parse(
  readFileSync(join(SYNTH_BASE, "stacks", "azure-test", "cdk.tf.json"), "utf8"),
) as { resource: Json; "//"?: unknown };
const { databricks_sql_endpoint: warehouse, ...cloudResources } = azure.resource;

const unsplit = mkdtempSync(join(tmpdir(), "cost-layers-"));
writeStack(unsplit, "azure-dev", azure);
const split = mkdtempSync(join(tmpdir(), "cost-layers-"));
writeStack(split, "azure-dev", { ...azure, resource: cloudResources });
writeStack(split, "azure-dev-workspace", { resource: { databricks_sql_endpoint: warehouse } });

const before = estimate(loadSnapshot(unsplit), { catalogs });
const after = estimate(loadSnapshot(split), { catalogs });
const workspaceLayer = after.stacks.find((s) => s.name === "azure-dev-workspace");

test("the workspace layer takes cloud, region and stage from its environment layer", () => {
  expect(workspaceLayer).toMatchObject({ cloud: "azure", region: "westeurope" });
  expect(workspaceLayer!.usage).toMatchObject({ stage: "dev", stageSource: "stack name" });
  expect(resource(workspaceLayer, "databricks_sql_endpoint.Warehouse").monthlyCost).toBeGreaterThan(0);
});

test("splitting a stack into layers changes no price", () => {
  expect(after.monthlyCost).toBeCloseTo(before.monthlyCost, 6);
  expect(resource(workspaceLayer, "databricks_sql_endpoint.Warehouse").monthlyCost).toBeCloseTo(
    resource(before.stacks[0], "databricks_sql_endpoint.Warehouse").monthlyCost,
    6,
  );
});
