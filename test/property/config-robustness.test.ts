/**
 * One rule for every config (issue 14): it synthesizes, or it fails with a ConfigValidationError whose
 * issues read `<path>: <message>` in printable text. Nothing else: no TypeError from a construct, no
 * construct error printed as a crash, no synthesized `null` where a number went non-finite.
 *
 * Budget: `loadConfig` takes a few milliseconds, synthesis of an app ~100 ms per stack on an idle
 * machine (seconds under load). So 1,000 generated configs go through `loadConfig`, and a sample of 30
 * mostly-valid configs (one environment each) is also synthesized in memory (cdktf
 * `Testing.synth` with validations; nothing is written to disk). Failures print fast-check's seed and
 * the mutations; set PROPERTY_SEED to replay a seed.
 */
import * as os from "node:os";
import { Testing } from "cdktf";
import fc from "fast-check";
import { ConfigValidationError, loadConfig } from "../../config";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { unprintableReason } from "../../vocabulary/printable";
import { describeGenerated, generatedConfig, type GeneratedConfig } from "../support/config-arbitraries";

/** Runs per `npm test`; raise them (PROPERTY_LOAD_RUNS, PROPERTY_SYNTH_RUNS, PROPERTY_SYNTH_MAX_MUTATIONS) to explore further. */
const LOAD_RUNS = Number(process.env.PROPERTY_LOAD_RUNS ?? 1000);
const SYNTH_RUNS = Number(process.env.PROPERTY_SYNTH_RUNS ?? 30);
const SYNTH_MAX_MUTATIONS = Number(process.env.PROPERTY_SYNTH_MAX_MUTATIONS ?? 1);
const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

/** Loads the config; a ConfigValidationError is an accepted outcome, anything else fails the property. */
function load(generated: GeneratedConfig): ReturnType<typeof loadConfig> | undefined {
  try {
    return loadConfig(generated.config);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) {
      throw new Error(
        `not a config error for ${describeGenerated(generated)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      // `<path>: <message>`, and values shown escaped: a message must not carry what it rejects.
      expect(issue).toMatch(/^\S.*?: \S/s);
      expect({ issue, unprintable: unprintableReason(issue, { allowLineBreaks: true }) }).toEqual({
        issue,
        unprintable: undefined,
      });
    }
    return undefined;
  }
}

/** Synthesizes every stack of the loaded config in memory, with cdktf's validations. */
function synthesize(generated: GeneratedConfig, config: ReturnType<typeof loadConfig>): void {
  try {
    // An existing outdir: Testing.app would otherwise create a temporary directory per app.
    const stacks = addLakehouseStacks(Testing.app({ outdir: os.tmpdir() }), config);
    for (const stack of stacks) {
      const json = Testing.synth(stack, true);
      // JSON.stringify writes Infinity and NaN as null; the reviewed stacks contain no null at all.
      expect({ stack: stack.node.id, nulls: json.match(/: null/g)?.length ?? 0 }).toEqual({
        stack: stack.node.id,
        nulls: 0,
      });
    }
  } catch (error) {
    throw new Error(
      `accepted but failed to synthesize ${describeGenerated(generated)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

test(`${LOAD_RUNS} generated configs each load or fail with a config error`, () => {
  let accepted = 0;
  fc.assert(
    fc.property(
      // Mostly near-valid (1–3 mutations), some valid (none), so both outcomes are exercised.
      fc.oneof(
        { weight: 1, arbitrary: generatedConfig({ minMutations: 0, maxMutations: 0 }) },
        { weight: 6, arbitrary: generatedConfig({ minMutations: 1, maxMutations: 3 }) },
      ),
      (generated) => {
        if (load(generated)) accepted++;
      },
    ),
    { numRuns: LOAD_RUNS, seed },
  );
  // Both outcomes happen, or the generator has drifted from the schema.
  expect(accepted).toBeGreaterThan(LOAD_RUNS / 20);
  expect(accepted).toBeLessThan(LOAD_RUNS - LOAD_RUNS / 20);
});

test(`${SYNTH_RUNS} generated configs that load also synthesize`, () => {
  let synthesized = 0;
  fc.assert(
    fc.property(
      generatedConfig({ minMutations: 0, maxMutations: SYNTH_MAX_MUTATIONS, maxEnvironments: 1 }),
      (generated) => {
        const config = load(generated);
        if (!config) return;
        synthesize(generated, config);
        synthesized++;
      },
    ),
    { numRuns: SYNTH_RUNS, seed },
  );
  // The generator's configs load about 57 % of the time (572 of 1,000 measured): more than a third of 30 fell
  // short once in ~140 runs by chance alone (the seed is new each run); a fifth (P ≈ 4e-5) still catches a
  // generator that has drifted from the schema.
  expect(synthesized).toBeGreaterThan(SYNTH_RUNS / 5);
});
