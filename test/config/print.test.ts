import { parse } from "yaml";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { renderEffectiveConfig } from "../../config/print";
import type { ConfigSource } from "../../config/source";

const source: ConfigSource = { via: "built-in example", input: EXAMPLE_CONFIG };
const printed = renderEffectiveConfig(source, loadConfig(EXAMPLE_CONFIG));
const lines = printed.split("\n");

/** The lines of the first environment (azure-dev) of the printed config. */
const azureDev = lines.slice(
  lines.indexOf("environments:"),
  lines.findIndex((line, i) => i > lines.indexOf("environments:") + 1 && line === "  - cloud: azure"),
);

describe("config:print", () => {
  test("says which config it is and what the marks mean", () => {
    expect(lines[0]).toBe(
      "# config: built-in example (config/example.ts; pass --config <file>, set LAKEHOUSE_CONFIG, or add lakehouse.config.yaml)",
    );
    expect(printed).toContain("Values marked '# default' are not in the");
  });

  test("marks derived names and schema defaults, not what the config writes", () => {
    expect(azureDev).toEqual(
      expect.arrayContaining([
        "      accountName: frdlhdevlake # default",
        "      customerManagedKey: false # default",
        "      namespaceName: frdlh-dev-ingest # default",
        "      consumerGroup: databricks # default",
        "      allowedPublicIpRanges: [] # default",
        "    guardrails: # default",
        "      monthlyLimit: 750",
        "      replication: LRS",
      ]),
    );
  });

  test("a metastore the environment creates shows its derived name", () => {
    expect(printed).toContain("        mode: create\n        name: frdlh-westeurope # default");
  });

  test("the printed config is itself a valid config that resolves to the same environments", () => {
    // The only difference: a created metastore's name is now written rather than derived.
    const withoutMetastoreName = (config: ReturnType<typeof loadConfig>) =>
      config.environments.map((env) => ({
        ...env,
        databricks: { ...env.databricks, metastore: { mode: env.databricks.metastore.mode } },
      }));
    expect(withoutMetastoreName(loadConfig(parse(printed)))).toEqual(
      withoutMetastoreName(loadConfig(EXAMPLE_CONFIG)),
    );
  });
});
