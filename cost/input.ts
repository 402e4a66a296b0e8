/**
 * Reads what the review prices: a cdktf synth output (`cdktf.out`, `cdktf.out/stacks/<stack>`, or one
 * `cdk.tf.json`) or a Terraform plan (`terraform show -json`, format_version 1.x), and normalizes both to
 * stacks of resources with their attribute values.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ReviewError } from "./errors";

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
}

export interface Snapshot {
  readonly kind: "synth" | "plan";
  readonly path: string;
  readonly stacks: readonly StackModel[];
}

/** Plan JSON format versions this reader understands (the documented 1.x line). */
const SUPPORTED_PLAN_FORMAT = /^1\.\d+$/;
const PLAN_ACTIONS = new Set(["no-op", "create", "read", "update", "delete"]);

/** Loads a synth directory, a cdk.tf.json, or a plan JSON. */
export function loadSnapshot(path: string): Snapshot {
  if (!existsSync(path)) throw new ReviewError(`input not found: ${path}`);
  if (statSync(path).isDirectory()) return loadSynthDir(path);
  const json = readJson(path);
  if (isPlan(json)) return { kind: "plan", path, stacks: [planStack(json, path)] };
  if (isSynth(json)) return { kind: "synth", path, stacks: [synthStack(json, path)] };
  throw new ReviewError(
    `${path} is neither a cdktf cdk.tf.json (no "resource"/"terraform" keys) nor a Terraform plan JSON (no "format_version" with "resource_changes")`,
  );
}

/** Several plans (one per stack) as one snapshot. */
export function loadPlans(paths: readonly string[]): Snapshot {
  const stacks = paths.map((p) => {
    const snap = loadSnapshot(p);
    if (snap.kind !== "plan") throw new ReviewError(`${p} is not a Terraform plan JSON`);
    return snap.stacks[0]!;
  });
  const names = new Set<string>();
  for (const s of stacks) {
    if (names.has(s.name)) throw new ReviewError(`two plans map to the same stack name '${s.name}'`);
    names.add(s.name);
  }
  return { kind: "plan", path: paths.join(", "), stacks };
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
  return { name, source: "synth", path, resources, deleted: [], awsRegion };
}

function planStack(json: Values, path: string): StackModel {
  const version = json.format_version;
  if (typeof version !== "string" || !SUPPORTED_PLAN_FORMAT.test(version)) {
    throw new ReviewError(
      `${path}: unknown plan format_version ${JSON.stringify(version)} (supported: 1.x, from terraform show -json)`,
    );
  }
  const changes = json.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new ReviewError(`${path}: resource_changes must be an array`);
  const resources: ResourceModel[] = [];
  const deleted: ResourceModel[] = [];
  changes.forEach((c: unknown, i: number) => {
    const at = `${path}: resource_changes[${i}]`;
    if (!isObject(c) || typeof c.type !== "string" || typeof c.address !== "string" || !isObject(c.change)) {
      throw new ReviewError(`${at} must have address, type and change`);
    }
    if (c.mode === "data") return;
    const actions = c.change.actions;
    if (!Array.isArray(actions) || actions.some((a) => !PLAN_ACTIONS.has(a as string))) {
      throw new ReviewError(`${at}.change.actions ${JSON.stringify(actions)} is not a valid action list`);
    }
    const after = isObject(c.change.after) ? c.change.after : null;
    const before = isObject(c.change.before) ? c.change.before : null;
    const name =
      typeof c.name === "string"
        ? c.name + (c.index !== undefined ? `[${JSON.stringify(c.index)}]` : "")
        : c.address;
    const model = { address: c.address, type: c.type, name, actions: actions as string[], before };
    if (after) resources.push({ ...model, values: after });
    else if (actions.includes("delete")) deleted.push({ ...model, values: before ?? {} });
  });
  const providerConfig = (json.configuration as Values | undefined)?.provider_config as Values | undefined;
  const awsExpr = (providerConfig?.aws as Values | undefined)?.expressions as Values | undefined;
  const region = (awsExpr?.region as Values | undefined)?.constant_value;
  const name = basename(path)
    .replace(/\.json$/i, "")
    .replace(/\.(tf)?plan$/i, "");
  return {
    name,
    source: "plan",
    path,
    resources,
    deleted,
    awsRegion: typeof region === "string" ? region : undefined,
  };
}
