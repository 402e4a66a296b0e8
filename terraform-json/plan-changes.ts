/**
 * Reads a Terraform plan (`terraform show -json`, format_version 1.x) the way the review needs it: every
 * resource change with its actions (including `forget` from `removed { lifecycle { destroy = false } }`),
 * before and after values, `replace_paths`, `action_reason`, `previous_address` (moved) and `importing`,
 * plus the references the configuration records between resources.
 */
import { TerraformJsonError } from "./errors";
import type { PlanAction } from "./model";
import { type Attributes, isRecord } from "./values";

/** Plan JSON format versions this reader understands (the documented 1.x line). */
export const SUPPORTED_PLAN_FORMAT = /^1\.\d+$/;

/** Actions Terraform 1.x writes in `change.actions`. */
export const PLAN_ACTIONS: ReadonlySet<string> = new Set([
  "no-op",
  "create",
  "read",
  "update",
  "delete",
  "forget",
]);

export interface PlanChange {
  readonly address: string;
  /** Where the object was before a `moved` block (or a state mv recorded in config). */
  readonly previousAddress?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  /** The resource name with its instance key (`name["k"]`, `name[0]`). */
  readonly name: string;
  readonly actions: readonly PlanAction[];
  readonly before: Attributes | null;
  readonly after: Attributes | null;
  /** Attribute paths that forced the replacement (`[["triggers_replace"]]`). */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  readonly actionReason?: string;
  /** Set when the change imports an existing object (`import` block). */
  readonly importing?: { readonly id?: string };
}

export interface PlanDocument {
  readonly path: string;
  readonly formatVersion: string;
  readonly changes: readonly PlanChange[];
  /** Per resource address, per attribute: the resource addresses its expression references. */
  readonly references: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** The AWS provider's region when the configuration sets it as a constant. */
  readonly awsRegion?: string;
  /** `output_changes`: each output's actions (`["update"]` when the plan changes its value). */
  readonly outputChanges?: ReadonlyMap<string, readonly string[]>;
  /** Names of the configuration's `terraform_remote_state` data sources (cdktf's cross-stack reads). */
  readonly remoteStates?: readonly string[];
}

export function readPlanDocument(json: Attributes, path: string): PlanDocument {
  const version = json.format_version;
  if (typeof version !== "string" || !SUPPORTED_PLAN_FORMAT.test(version)) {
    throw new TerraformJsonError(
      `${path}: unknown plan format_version ${JSON.stringify(version)} (supported: 1.x, from terraform show -json)`,
    );
  }
  const raw = json.resource_changes ?? [];
  if (!Array.isArray(raw)) throw new TerraformJsonError(`${path}: resource_changes must be an array`);
  const changes = raw.map((c: unknown, i: number): PlanChange => {
    const at = `${path}: resource_changes[${i}]`;
    if (!isRecord(c) || typeof c.type !== "string" || typeof c.address !== "string" || !isRecord(c.change)) {
      throw new TerraformJsonError(`${at} must have address, type and change`);
    }
    const actions = c.change.actions;
    if (
      !Array.isArray(actions) ||
      actions.length === 0 ||
      actions.some((a) => typeof a !== "string" || !PLAN_ACTIONS.has(a))
    ) {
      throw new TerraformJsonError(
        `${at}.change.actions ${JSON.stringify(actions)} is not a valid action list`,
      );
    }
    const name =
      typeof c.name === "string"
        ? c.name + (c.index !== undefined ? `[${JSON.stringify(c.index)}]` : "")
        : c.address;
    const replacePaths = Array.isArray(c.change.replace_paths)
      ? c.change.replace_paths.filter((p): p is (string | number)[] => Array.isArray(p))
      : [];
    return {
      address: c.address,
      previousAddress: typeof c.previous_address === "string" ? c.previous_address : undefined,
      mode: c.mode === "data" ? "data" : "managed",
      type: c.type,
      name,
      actions: actions as PlanAction[],
      before: isRecord(c.change.before) ? c.change.before : null,
      after: isRecord(c.change.after) ? c.change.after : null,
      replacePaths,
      actionReason: typeof c.action_reason === "string" ? c.action_reason : undefined,
      importing: isRecord(c.change.importing)
        ? { id: typeof c.change.importing.id === "string" ? c.change.importing.id : undefined }
        : undefined,
    };
  });
  const configuration = isRecord(json.configuration) ? json.configuration : {};
  const providerConfig = isRecord(configuration.provider_config) ? configuration.provider_config : {};
  const awsExpressions = isRecord(providerConfig.aws) ? providerConfig.aws.expressions : undefined;
  const region =
    isRecord(awsExpressions) && isRecord(awsExpressions.region)
      ? awsExpressions.region.constant_value
      : undefined;
  const outputChanges = new Map(
    Object.entries(isRecord(json.output_changes) ? json.output_changes : {}).flatMap(([name, o]) =>
      isRecord(o) && Array.isArray(o.actions)
        ? [[name, o.actions.filter((a): a is string => typeof a === "string")] as const]
        : [],
    ),
  );
  const rootModule = isRecord(configuration.root_module) ? configuration.root_module : {};
  const remoteStates = (Array.isArray(rootModule.resources) ? rootModule.resources : []).flatMap((r) =>
    isRecord(r) && r.mode === "data" && r.type === "terraform_remote_state" && typeof r.name === "string"
      ? [r.name]
      : [],
  );
  return {
    path,
    formatVersion: version,
    changes,
    references: configReferences(configuration),
    awsRegion: typeof region === "string" ? region : undefined,
    outputChanges,
    remoteStates,
  };
}

/** `configuration.root_module.resources[].expressions.<attr>.references`, as resource addresses. */
function configReferences(configuration: Attributes): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  const rootModule = isRecord(configuration.root_module) ? configuration.root_module : {};
  const resources = Array.isArray(rootModule.resources) ? rootModule.resources : [];
  for (const r of resources) {
    if (!isRecord(r) || typeof r.address !== "string" || !isRecord(r.expressions)) continue;
    const byAttribute = new Map<string, string[]>();
    for (const [attribute, expression] of Object.entries(r.expressions)) {
      const refs = isRecord(expression) && Array.isArray(expression.references) ? expression.references : [];
      const addresses = refs
        .filter((x): x is string => typeof x === "string")
        .map((x) => x.split(".").slice(0, 2).join("."))
        .filter((x) => !x.startsWith("var.") && !x.startsWith("local.") && !x.startsWith("data."));
      if (addresses.length > 0) byAttribute.set(attribute, [...new Set(addresses)]);
    }
    out.set(r.address, byAttribute);
  }
  return out;
}

export function isReplacement(actions: readonly string[]): boolean {
  return actions.includes("delete") && actions.includes("create");
}

/** Whether the object exists before the change (anything but a plain create or an import). */
export function existsBefore(c: PlanChange): boolean {
  return c.before !== null && !(c.actions.length === 1 && c.actions[0] === "create");
}

/** Whether the object is managed by this stack after the change. */
export function existsAfter(c: PlanChange): boolean {
  return (
    c.after !== null &&
    !c.actions.includes("forget") &&
    !(c.actions.length === 1 && c.actions[0] === "delete")
  );
}
