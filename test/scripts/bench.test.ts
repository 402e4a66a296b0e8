import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { scaledConfig } from "../../scripts/bench";

test("the scaling config clones every cloud's tables under new names and is a valid config", () => {
  const config = scaledConfig(10);
  const resolved = loadConfig(config);
  for (const cloud of ["azure", "aws"] as const) {
    const names = resolved.datasets[cloud]!.tables.map((t) => t.name);
    expect(names).toHaveLength(12);
    expect(names.slice(0, 8)).toEqual([
      "transactions",
      "customers",
      "merchants",
      "fraud_labels",
      "transactions_001",
      "customers_001",
      "merchants_001",
      "fraud_labels_001",
    ]);
    expect(names[11]).toBe("fraud_labels_002");
  }
  // The built-in example is left as it was.
  expect(loadConfig(EXAMPLE_CONFIG).datasets.aws!.tables).toHaveLength(4);
});
