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
import { prepareStacks } from "../support/layers";
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
    expect(text).toContain("# Unity Catalog metastores to create, one per cloud and region");
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
    const stacks = addLakehouseStacks(Testing.app(), config);
    // Cross-stack references become remote-state reads, as `app.synth()` does.
    prepareStacks(stacks);
    for (const stack of stacks) {
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

  test("environments use their region's metastore; the comment says how to create one", () => {
    const config = loadConfig(parse(text));
    expect(config.metastores).toEqual([]);
    expect(config.environments.map((env) => env.databricks.metastore.mode)).toEqual([
      "region",
      "region",
      "region",
      "region",
    ]);
    expect(text).toContain(
      "# Unity Catalog enablement have one). If yours has none, add e.g. { cloud: aws, region: eu-west-1 }, { cloud: azure, region: westeurope }.",
    );
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
