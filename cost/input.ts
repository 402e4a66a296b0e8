/**
 * Reads what the review prices: a cdktf synth output (`cdktf.out`, `cdktf.out/stacks/<stack>`, or one
 * `cdk.tf.json`) or a Terraform plan (`terraform show -json`, format_version 1.x), and normalizes both to
 * stacks of resources with their attribute values.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { PlanDocument } from "./data-loss/plan-document";
import { ReviewError } from "./errors";
import { parsePlanSpec, planStack } from "./plan-input";

export type Values = Record<string, unknown>;

export interface ResourceModel {
  /** `<type>.<logical id>` for synth output, the plan's `address` for plans. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Attributes: synth literals (references stay `${…}` strings) or the plan's `after` values. */
  readonly values: Values;
  /** Plan only: the change's actions (`create`, `update`, `delete`, `no-op`, …). */
  readonly actions?: readonly string[];
  /** Plan only: attribute values before the change. */
  readonly before?: Values | null;
}

export interface StackModel {
  readonly name: string;
  readonly source: "synth" | "plan";
  readonly path: string;
  /** Managed resources as they will exist (a plan's deleted resources are in `deleted`). */
  readonly resources: readonly ResourceModel[];
  /** Plan only: resources the plan deletes without re-creating. */
  readonly deleted: readonly ResourceModel[];
  /** The AWS provider's default region, when the stack configures one. */
  readonly awsRegion?: string;
  /** Synth only: the stack's cdk.tf.json as read (the data-loss review reads moved/import/removed). */
  readonly synth?: Values;
  /** Plan only: the plan the stack was read from (the data-loss review reads its actions). */
  readonly plan?: PlanDocument;
}

export interface Snapshot {
  readonly kind: "synth" | "plan";
  readonly path: string;
  readonly stacks: readonly StackModel[];
}

/**
 * Loads a synth directory, a cdk.tf.json, or a plan JSON. A plan holds no stack name, so it takes
 * `stack` (or lives at cdktf.out/stacks/<stack>/…); never the file name.
 */
export function loadSnapshot(
  path: string,
  options: { readonly stack?: string; readonly notAPlan?: string } = {},
): Snapshot {
  if (!existsSync(path)) throw new ReviewError(`input not found: ${path}`);
  if (statSync(path).isDirectory()) return loadSynthDir(path);
  const json = readJson(path);
  if (isPlan(json) && options.notAPlan) throw new ReviewError(`${path} is a plan: ${options.notAPlan}`);
  if (isPlan(json)) return { kind: "plan", path, stacks: [planStack(json, path, options.stack)] };
  if (isSynth(json)) return { kind: "synth", path, stacks: [synthStack(json, path)] };
  throw new ReviewError(
    `${path} is neither a cdktf cdk.tf.json (no "resource"/"terraform" keys) nor a Terraform plan JSON (no "format_version" with "resource_changes")`,
  );
}

/** Several plans (one per stack, each `<stack>=<plan.json>` or a cdktf.out path) as one snapshot. */
export function loadPlans(specs: readonly string[]): Snapshot {
  const stacks = specs.map((spec) => {
    const { stack, path } = parsePlanSpec(spec);
    if (!existsSync(path)) throw new ReviewError(`input not found: ${path}`);
    const json = readJson(path);
    if (!isPlan(json)) throw new ReviewError(`${path} is not a Terraform plan JSON`);
    return planStack(json, path, stack);
  });
  const names = new Set<string>();
  for (const s of stacks) {
    if (names.has(s.name)) throw new ReviewError(`two plans map to the same stack name '${s.name}'`);
    names.add(s.name);
  }
  return { kind: "plan", path: specs.join(", "), stacks };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ReviewError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ReviewError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function loadSynthDir(dir: string): Snapshot {
  const files: string[] = [];
  if (existsSync(join(dir, "cdk.tf.json"))) {
    files.push(join(dir, "cdk.tf.json"));
  } else {
    const stacksDir = existsSync(join(dir, "stacks")) ? join(dir, "stacks") : dir;
    for (const entry of readdirSync(stacksDir).sort()) {
      const file = join(stacksDir, entry, "cdk.tf.json");
      if (existsSync(file)) files.push(file);
    }
  }
  if (files.length === 0) {
    throw new ReviewError(
      `no synthesized stacks in ${dir} (expected stacks/<stack>/cdk.tf.json; run npm run synth)`,
    );
  }
  return {
    kind: "synth",
    path: dir,
    stacks: files.map((f) => {
      const json = readJson(f);
      if (!isSynth(json)) throw new ReviewError(`${f} is not a cdktf cdk.tf.json`);
      return synthStack(json, f);
    }),
  };
}

function isObject(v: unknown): v is Values {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPlan(json: unknown): json is Values {
  return (
    isObject(json) && "format_version" in json && ("resource_changes" in json || "planned_values" in json)
  );
}

function isSynth(json: unknown): json is Values {
  return isObject(json) && !("format_version" in json) && ("resource" in json || "terraform" in json);
}

function synthStack(json: Values, path: string): StackModel {
  const meta = (json["//"] as Values | undefined)?.metadata as Values | undefined;
  const name = typeof meta?.stackName === "string" ? meta.stackName : basename(dirname(path));
  const resources: ResourceModel[] = [];
  const byType = json.resource ?? {};
  if (!isObject(byType)) throw new ReviewError(`${path}: "resource" must be an object`);
  for (const type of Object.keys(byType).sort()) {
    const byName = byType[type];
    if (!isObject(byName)) throw new ReviewError(`${path}: resource.${type} must be an object`);
    for (const id of Object.keys(byName).sort()) {
      const raw = byName[id];
      if (!isObject(raw)) throw new ReviewError(`${path}: resource.${type}.${id} must be an object`);
      const { "//": _meta, ...values } = raw;
      resources.push({ address: `${type}.${id}`, type, name: id, values });
    }
  }
  const aws = (json.provider as Values | undefined)?.aws;
  const awsDefault = Array.isArray(aws) ? (aws as Values[]).find((p) => !p.alias) : undefined;
  const awsRegion = typeof awsDefault?.region === "string" ? awsDefault.region : undefined;
  return { name, source: "synth", path, resources, deleted: [], awsRegion, synth: json };
}
