/**
 * `npm run init` writes a config that loads and synthesizes on the first try, with comments and nothing
 * of the built-in example in it.
 */
import { Testing } from "cdktf";
import { parse } from "yaml";
import { loadConfig } from "../../config";
import { derivePrefix, renderInitConfig, stageOf } from "../../config/init";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { initOptions } from "../../scripts/init";
import { unresolvedReferences } from "../support/terraform-json";

const ARGV = [
  "--project",
  "acme",
  "--clouds",
  "aws,azure",
  "--regions",
  "aws=eu-west-1,azure=westeurope",
  "--environments",
  "dev,prod",
];
const options = initOptions(ARGV, "/repo", "/repo");
const text = renderInitConfig(options);

describe("npm run init", () => {
  test("takes the brief's flags, writing lakehouse.config.yaml beside the schema", () => {
    expect(options).toMatchObject({
      project: "acme",
      clouds: ["aws", "azure"],
      regions: { aws: "eu-west-1", azure: "westeurope" },
      environments: ["dev", "prod"],
      out: "/repo/lakehouse.config.yaml",
      schemaPath: "schema/lakehouse.schema.json",
      force: false,
    });
  });

  test("writes a commented YAML config with the schema for editors", () => {
    expect(text.startsWith("# Lakehouse config for acme, written by `npm run init`.")).toBe(true);
    expect(text).toContain("$schema: schema/lakehouse.schema.json\n");
    expect(text).toContain("# One Unity Catalog metastore per region");
    expect(text).toContain("privileges: [USE_SCHEMA, SELECT]");
  });

  test("nothing of the built-in example is in it", () => {
    expect(text).not.toMatch(/fraud|frdlh|card|dataScientists|mlServing|example\.com/i);
  });

  test("the config loads and every stack synthesizes on the first try, with no guardrail errors", () => {
    const config = loadConfig(parse(text));
    expect(config.environments.map((env) => env.id)).toEqual([
      "aws-dev",
      "aws-prod",
      "azure-dev",
      "azure-prod",
    ]);
    for (const stack of addLakehouseStacks(Testing.app(), config)) {
      const json = JSON.parse(Testing.synth(stack));
      expect({ stack: stack.node.id, unresolved: unresolvedReferences(json) }).toEqual({
        stack: stack.node.id,
        unresolved: [],
      });
      const guardrails = (stack as unknown as { guardrails: { evaluate(): { totals: { errors: number } } } })
        .guardrails;
      expect({ stack: stack.node.id, errors: guardrails.evaluate().totals.errors }).toEqual({
        stack: stack.node.id,
        errors: 0,
      });
    }
  });

  test("prod creates each cloud's metastore; dev looks it up", () => {
    const config = loadConfig(parse(text));
    expect(config.environments.map((env) => [env.id, env.stage, env.databricks.metastore.mode])).toEqual([
      ["aws-dev", "dev", "region"],
      ["aws-prod", "prod", "create"],
      ["azure-dev", "dev", "region"],
      ["azure-prod", "prod", "create"],
    ]);
  });

  test("one cloud, three environments, its own prefix", () => {
    const one = initOptions(
      [
        "--project",
        "nine-lives-retail",
        "--clouds",
        "azure",
        "--regions",
        "azure=northeurope",
        "--environments",
        "dev,test,prod",
      ],
      "/repo",
      "/repo",
    );
    const config = loadConfig(parse(renderInitConfig(one)));
    expect(config.project.prefix).toBe("ninelive");
    expect(config.environments.map((env) => [env.id, env.stage])).toEqual([
      ["azure-dev", "dev"],
      ["azure-test", "staging"],
      ["azure-prod", "prod"],
    ]);
  });

  test("missing or malformed answers are usage errors naming the flag", () => {
    expect(() => initOptions(["--clouds", "aws"], "/", "/")).toThrow("--project is required");
    expect(() => initOptions([...ARGV.slice(0, 4), "--environments", "dev"], "/", "/")).toThrow(
      "--regions: no region for aws (e.g. aws=eu-west-1)",
    );
    expect(() => initOptions([...ARGV, "--clouds=gcp"], "/", "/")).toThrow(
      "--clouds: 'gcp' must be aws or azure",
    );
    expect(() => initOptions([...ARGV, "--colour", "blue"], "/", "/")).toThrow("unknown option --colour");
  });

  test("names: prefix from the project, stage from the environment name", () => {
    expect(derivePrefix("acme-retail-analytics")).toBe("acmereta");
    expect(derivePrefix("x")).toBe("xlh");
    expect([stageOf("dev"), stageOf("uat"), stageOf("production"), stageOf("sandbox")]).toEqual([
      "dev",
      "staging",
      "prod",
      "dev",
    ]);
  });
});
