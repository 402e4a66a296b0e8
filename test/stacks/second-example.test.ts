/**
 * The second shipped example (examples/retail-demand.yaml): another company and use case, other
 * regions, two environments per cloud, its own groups, stream and file sources. It synthesizes, and
 * nothing of the built-in (card-fraud) example leaks into any of its stacks.
 */
import { Testing, type TerraformStack } from "cdktf";
import { join } from "node:path";
import { loadConfig } from "../../config";
import { readConfigFile } from "../../config/source";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { prepareStacks } from "../support/layers";
import { resourcesOf, unresolvedReferences, type TerraformJson } from "../support/terraform-json";

const input = readConfigFile(join(__dirname, "..", "..", "examples", "retail-demand.yaml"), "test");
const config = loadConfig(input);
const stacks: TerraformStack[] = addLakehouseStacks(Testing.app(), config);
prepareStacks(stacks);
const synthesized = new Map(stacks.map((stack) => [stack.node.id, Testing.synth(stack)]));
const json = (id: string) => JSON.parse(synthesized.get(id)!) as TerraformJson;

/** Identifiers of the built-in example: its project, prefix, streams, tables, features, model and groups. */
const STACKS = [
  "azure-eastus-metastore",
  "aws-us-west-2-metastore",
  "azure-dev",
  "azure-dev-workspace",
  "azure-prod",
  "azure-prod-workspace",
  "aws-dev",
  "aws-dev-workspace",
  "aws-prod",
  "aws-prod-workspace",
] as const;

const FIRST_EXAMPLE =
  /fraud|frdlh|card|transaction|merchant|customer_features|data-scientists|ml-serving|example\.com/i;

describe("examples/retail-demand.yaml", () => {
  test("two layers per environment and a metastore per region, in other regions than the built-in example", () => {
    expect([...synthesized.keys()]).toEqual([...STACKS]);
    expect(config.environments.map((env) => env.region)).toEqual([
      "eastus",
      "eastus",
      "us-west-2",
      "us-west-2",
    ]);
  });

  test.each(STACKS)("%s: no identifier of the built-in example in the synthesized output", (id) => {
    const matches = synthesized.get(id)!.match(new RegExp(FIRST_EXAMPLE.source, "gi")) ?? [];
    expect({ id, matches: [...new Set(matches)] }).toEqual({ id, matches: [] });
  });

  test.each(STACKS)("%s: every reference resolves and the guardrails find no error or warning", (id) => {
    expect(unresolvedReferences(json(id))).toEqual([]);
    const stack = stacks.find((s) => s.node.id === id) as unknown as {
      guardrails?: { evaluate(): { totals: { errors: number; warnings: number } } };
    };
    const totals = stack.guardrails?.evaluate().totals;
    expect({ errors: totals?.errors ?? 0, warnings: totals?.warnings ?? 0 }).toEqual({
      errors: 0,
      warnings: 0,
    });
  });

  test("its own model, groups and streams are deployed", () => {
    const prod = json("aws-prod");
    const prodWorkspace = json("aws-prod-workspace");
    expect(
      Object.values(resourcesOf(prodWorkspace, "databricks_registered_model")).map((m) => m.name),
    ).toEqual(["demand_forecast"]);
    const streams = Object.values(resourcesOf(prod, "aws_kinesis_stream"));
    expect(streams.map((s) => [s.name, s.stream_mode_details, s.shard_count])).toEqual([
      ["lumgro-prod-pos-sales", { stream_mode: "PROVISIONED" }, 4],
      ["lumgro-prod-stock-movements", { stream_mode: "ON_DEMAND" }, undefined],
    ]);
    const grants = Object.values(resourcesOf(prodWorkspace, "databricks_grants")).flatMap(
      (g) => g.grant as { principal: string }[],
    );
    expect(new Set(grants.map((g) => g.principal))).toEqual(
      new Set([
        "lumen-data-engineering",
        "lumen-merchandising",
        "lumen-forecasting",
        "account users",
        // The pipeline's run-as service principal gets its own data rights.
        "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      ]),
    );
  });

  test("one dataset spec: Event Hubs on Azure, Kinesis on AWS, files on both", () => {
    expect(config.datasets.azure!.sources.map((s) => s.type)).toEqual([
      "event-hubs",
      "event-hubs",
      "files",
      "files",
    ]);
    expect(config.datasets.aws!.sources.map((s) => s.type)).toEqual(["kinesis", "kinesis", "files", "files"]);
  });

  test("serverless Azure prod reads Event Hubs and the private lake through NCC private endpoints; dev runs classic without Photon", () => {
    expect(
      Object.values(resourcesOf(json("azure-prod"), "databricks_mws_ncc_private_endpoint_rule"))
        .map((rule) => rule.group_id)
        .sort(),
    ).toEqual(["blob", "dfs", "namespace"]);
    expect(resourcesOf(json("azure-dev"), "databricks_mws_ncc_private_endpoint_rule")).toEqual({});
    const devPipeline = Object.values(resourcesOf(json("azure-dev-workspace"), "databricks_pipeline"))[0]!;
    expect(devPipeline.photon).toBe(false);
  });
});
