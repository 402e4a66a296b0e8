/** Finding the stacks of a cdktf synth output on disk: `cdktf.out/stacks/<stack>/`. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** The file cdktf writes each stack's JSON to, inside the stack's directory. */
export const SYNTHESIZED_STACK_FILE = "cdk.tf.json";

/**
 * The stack directories under `dir` that hold `file`, sorted by name. `dir` may be a synth output
 * (`cdktf.out`, with `stacks/<stack>/`), its `stacks` folder, or one stack's directory.
 */
export function stackDirectories(dir: string, file: string = SYNTHESIZED_STACK_FILE): string[] {
  if (existsSync(join(dir, file))) return [dir];
  const stacksDir = existsSync(join(dir, "stacks")) ? join(dir, "stacks") : dir;
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir)
    .sort()
    .map((entry) => join(stacksDir, entry))
    .filter((stackDir) => existsSync(join(stackDir, file)));
}
