/**
 * estimatedConstructs(): what main.ts sizes V8's young generation by (stacks/young-generation.ts) must
 * stay near the number of constructs the app really builds, as the stacks change.
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig, type LakehouseConfigInput } from "../../config";
import { scaledConfig } from "../../scripts/bench";
import { addLakehouseStacks, estimatedConstructs } from "../../stacks/lakehouse-app";

function actualAndEstimate(input: LakehouseConfigInput): { actual: number; estimate: number } {
  const config = loadConfig(input);
  const app = Testing.app();
  addLakehouseStacks(app, config);
  return { actual: app.node.findAll().length, estimate: estimatedConstructs(config) };
}

describe("the construct estimate", () => {
  it.each([
    ["the example", EXAMPLE_CONFIG],
    ["the example with 100 tables per cloud", scaledConfig(100)],
  ])("is within 10 %% of the constructs built for %s", (_, input) => {
    const { actual, estimate } = actualAndEstimate(input);
    expect(Math.abs(estimate - actual) / actual).toBeLessThan(0.1);
  });

  it("puts the example under the large-app line (2,000) and the bench's scaling config over it", () => {
    expect(estimatedConstructs(loadConfig(EXAMPLE_CONFIG))).toBeLessThan(2_000);
    expect(estimatedConstructs(loadConfig(scaledConfig(252)))).toBeGreaterThan(2_000);
  });
});
