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

  test("a metastore the config creates shows its derived name; none is a visible default", () => {
    expect(printed).toContain("\nmetastores: [] # default\n");
    const input = { ...EXAMPLE_CONFIG, metastores: [{ cloud: "azure" as const, region: "westeurope" }] };
    const withMetastore = renderEffectiveConfig({ via: "built-in example", input }, loadConfig(input));
    expect(withMetastore).toContain(
      "metastores:\n  - cloud: azure\n    region: westeurope\n    backend: # default\n      type: local\n    name: frdlh-westeurope # default\n",
    );
  });

  test("the printed config is itself a valid config that resolves to the same environments", () => {
    const again = loadConfig(parse(printed));
    expect(again.environments).toEqual(loadConfig(EXAMPLE_CONFIG).environments);
  });
});
