/**
 * Reading Terraform JSON from disk: a synth output directory, one `cdk.tf.json`, or plan files, as a
 * {@link Snapshot} of stacks. Bad input throws a {@link TerraformJsonError} naming the file.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { TerraformJsonError } from "./errors";
import type { Snapshot, StackModel } from "./model";
import { isPlan, parsePlanSpec, readPlan } from "./plan";
import { stackDirectories, SYNTHESIZED_STACK_FILE } from "./stack-dirs";
import { isSynthesizedStack, readSynthesizedStack } from "./synthesized-stack";

/** Parses a JSON file. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new TerraformJsonError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TerraformJsonError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function loadSynthDir(dir: string): Snapshot {
  const dirs = stackDirectories(dir);
  if (dirs.length === 0) {
    throw new TerraformJsonError(
      `no synthesized stacks in ${dir} (expected stacks/<stack>/${SYNTHESIZED_STACK_FILE}; run npm run synth)`,
    );
  }
  return {
    kind: "synth",
    path: dir,
    stacks: dirs.map((stackDir) => {
      const file = join(stackDir, SYNTHESIZED_STACK_FILE);
      const json = readJsonFile(file);
      if (!isSynthesizedStack(json)) throw new TerraformJsonError(`${file} is not a cdktf cdk.tf.json`);
      return readSynthesizedStack(json, { path: file });
    }),
  };
}

/**
 * Loads a synth output directory, a `cdk.tf.json`, or a plan JSON. A plan takes its stack name from
 * `stack` (or its cdktf.out/stacks/<stack>/ directory); with `notAPlan`, a plan is refused with that hint.
 */
export function loadSnapshot(
  path: string,
  options: { readonly stack?: string; readonly notAPlan?: string } = {},
): Snapshot {
  if (!existsSync(path)) throw new TerraformJsonError(`input not found: ${path}`);
  if (statSync(path).isDirectory()) return loadSynthDir(path);
  const json = readJsonFile(path);
  if (isPlan(json) && options.notAPlan)
    throw new TerraformJsonError(`${path} is a plan: ${options.notAPlan}`);
  if (isPlan(json)) return { kind: "plan", path, stacks: [readPlan(json, path, options.stack)] };
  if (isSynthesizedStack(json))
    return { kind: "synth", path, stacks: [readSynthesizedStack(json, { path })] };
  throw new TerraformJsonError(
    `${path} is neither a cdktf cdk.tf.json (no "resource"/"terraform" keys) nor a Terraform plan JSON (no "format_version" with "resource_changes")`,
  );
}

/** Several plans, one per stack, each `<stack>=<plan.json>` (or a path in cdktf's layout), as one snapshot. */
export function loadPlans(specs: readonly string[]): Snapshot {
  const stacks: StackModel[] = specs.map((spec) => {
    const { stack, path } = parsePlanSpec(spec);
    if (!existsSync(path)) throw new TerraformJsonError(`input not found: ${path}`);
    const json = readJsonFile(path);
    if (!isPlan(json)) throw new TerraformJsonError(`${path} is not a Terraform plan JSON`);
    return readPlan(json, path, stack);
  });
  const names = new Set<string>();
  for (const s of stacks) {
    if (names.has(s.name)) throw new TerraformJsonError(`two plans map to the same stack name '${s.name}'`);
    names.add(s.name);
  }
  return { kind: "plan", path: specs.join(", "), stacks };
}
