/**
 * Protection downgrades: changes that do not destroy anything today but remove what would save the data
 * tomorrow (prevent_destroy, versioning, object lock, soft delete, immutability, retention) or that
 * delete data on a schedule (an expiry or archive rule on a Delta layer).
 */
import { isTrue, num } from "../../terraform-json/values";
import { hasUnknown } from "./references";
import { type Values, blockList, isRecord, pathValue, sameValue, show } from "./values";

/** Layers holding Delta tables (and streaming checkpoints): deleting or archiving a file corrupts a table. */
export const DELTA_LAYERS: ReadonlySet<string> = new Set(["bronze", "silver", "gold", "checkpoints"]);

export type ProtectionKind = "protection-downgrade" | "lifecycle-expiry";

export interface ProtectionFinding {
  readonly kind: ProtectionKind;
  readonly message: string;
  /** The setting that changed, `before → after`. */
  readonly cause: string;
  readonly remedy: string;
}

/** What to do about a lost prevent_destroy (also used for the configuration-only check next to a plan). */
export const PREVENT_DESTROY_REMEDY =
  "keep lifecycle.prevent_destroy (outside dev the stacks set it; a stage change to dev drops it): if the object really must go, remove the protection in a change of its own";

const LIFECYCLE_REMEDY =
  "scope the rule to a prefix that holds no Delta table, or drop the expiry/archive action: Delta files are removed by VACUUM, never by storage lifecycle";

/** What a check may ask about the stack around a resource (one side: before or after). */
export interface StackView {
  /** Values of the managed resource at an address on this side. */
  values(address: string): Values | undefined;
  /** The address of the resource an attribute of `address` refers to (e.g. a lifecycle's `bucket`). */
  target(address: string, attribute: string): string | undefined;
  /** Managed resources of a type on this side. */
  ofType(type: string): readonly { readonly address: string; readonly values: Values }[];
}

function truthy(v: unknown): boolean {
  return isTrue(v);
}

/** A retention that got shorter or disappeared (unknown values never count). */
function reduced(before: unknown, after: unknown): boolean {
  const b = num(before);
  if (b === undefined || b <= 0 || hasUnknown(after)) return false;
  const a = num(after);
  return a === undefined || a < b;
}

function retentionDays(rule: unknown): number | undefined {
  const r = pathValue(rule as Values, "default_retention");
  const days = num(pathValue(r as Values, "days"));
  const years = num(pathValue(r as Values, "years"));
  return days ?? (years !== undefined ? years * 365 : undefined);
}

/** The medallion layer of an S3 bucket (its `layer` tag) or an Azure container (metadata or name). */
function layerOf(values: Values | undefined): string | undefined {
  if (!values) return undefined;
  const tags = (
    isRecord(values.tags) ? values.tags : isRecord(values.tags_all) ? values.tags_all : {}
  ) as Values;
  if (typeof tags.layer === "string") return tags.layer;
  const metadata = isRecord(values.metadata) ? values.metadata : {};
  if (typeof metadata.layer === "string") return metadata.layer;
  return typeof values.name === "string" ? values.name : undefined;
}

/**
 * The protection findings of one resource's change, whichever way it changes: it stays (`before` and
 * `after`: downgrades), it goes (`before` only: a protection resource removed while what it protects
 * stays, as `stillExists` tells) or it appears (`after` only: new lifecycle rules).
 */
export function protectionFindings(
  type: string,
  address: string,
  before: Values | undefined,
  after: Values | undefined,
  views: { readonly before: StackView; readonly after: StackView },
  stillExists: (protectedAddress: string) => boolean,
): ProtectionFinding[] {
  if (before && after) return protectionDowngrades(type, address, before, after, views);
  if (before) return [removedProtection(type, address, before, views, stillExists) ?? []].flat();
  return after ? addedLifecycle(type, address, after, views.after) : [];
}

/** Checks one resource that exists before and after the change. */
function protectionDowngrades(
  type: string,
  address: string,
  before: Values,
  after: Values,
  views: { readonly before: StackView; readonly after: StackView },
): ProtectionFinding[] {
  const out: ProtectionFinding[] = [];
  const downgrade = (message: string, cause: string, remedy: string) =>
    out.push({ kind: "protection-downgrade", message, cause, remedy });
  /** A retention (days or hours) at `path` that got shorter: the same three texts for every such setting. */
  const retentionCut = (path: string, what: string, unit: string, consequence = "") => {
    const b = pathValue(before, path);
    const a = pathValue(after, path);
    if (!reduced(b, a)) return;
    downgrade(
      `${address} shortens ${what} from ${show(b)} to ${show(a)} ${unit}${consequence}.`,
      `${what} ${show(b)} → ${show(a)} ${unit}`,
      `keep ${what} at ${show(b)} ${unit} or more`,
    );
  };
  /** A protection switch at `path` that was on and is off after the change. */
  const switchedOff = (path: string, consequence: string, remedy: string) => {
    if (truthy(pathValue(before, path)) && !truthy(pathValue(after, path))) {
      downgrade(`${address} ${consequence}`, `${path} true → false`, remedy);
    }
  };

  if (
    truthy(pathValue(before, "lifecycle.prevent_destroy")) &&
    !truthy(pathValue(after, "lifecycle.prevent_destroy"))
  ) {
    downgrade(
      `${address} loses lifecycle.prevent_destroy: a later destroy or replacement would no longer be refused (a stage change to dev drops it).`,
      "lifecycle.prevent_destroy removed",
      PREVENT_DESTROY_REMEDY,
    );
  }
  if (
    "force_destroy" in after &&
    !truthy(before.force_destroy) &&
    truthy(after.force_destroy) &&
    !hasUnknown(after.force_destroy)
  ) {
    downgrade(
      `${address} sets force_destroy: deleting it would also delete everything it holds.`,
      "force_destroy false → true",
      "leave force_destroy off; empty or delete the bucket deliberately if it really must go",
    );
  }

  switch (type) {
    case "aws_s3_bucket":
      switchedOff("object_lock_enabled", "turns object lock off.", "keep object lock enabled on the bucket");
      break;
    case "aws_s3_bucket_versioning": {
      const b = pathValue(before, "versioning_configuration.status");
      const a = pathValue(after, "versioning_configuration.status");
      if (b === "Enabled" && a !== "Enabled" && !hasUnknown(a)) {
        downgrade(
          `${address} changes versioning from Enabled to ${show(a)}: overwritten and deleted objects are no longer recoverable.`,
          `versioning_configuration.status Enabled → ${show(a)}`,
          "keep versioning Enabled",
        );
      }
      break;
    }
    case "aws_s3_bucket_object_lock_configuration": {
      const b = pathValue(before, "rule");
      const a = pathValue(after, "rule");
      const bd = retentionDays(b);
      const ad = retentionDays(a);
      if (bd !== undefined && (ad === undefined || ad < bd) && !hasUnknown(a)) {
        downgrade(
          `${address} shortens the object-lock default retention from ${bd} to ${ad ?? "none"} days.`,
          `rule.default_retention.days ${bd} → ${ad ?? "(unset)"}`,
          `keep the default retention at ${bd} days or more`,
        );
      }
      if (
        pathValue(b as Values, "default_retention.mode") === "COMPLIANCE" &&
        pathValue(a as Values, "default_retention.mode") !== "COMPLIANCE"
      ) {
        downgrade(
          `${address} weakens object lock from COMPLIANCE to GOVERNANCE (lock can be bypassed).`,
          "rule.default_retention.mode COMPLIANCE → GOVERNANCE",
          "keep the COMPLIANCE mode",
        );
      }
      break;
    }
    case "aws_s3_bucket_lifecycle_configuration":
      out.push(...s3LifecycleFindings(address, before, after, views.after));
      break;
    case "azurerm_storage_account": {
      for (const [path, what] of [
        ["blob_properties.delete_retention_policy.days", "blob soft delete"],
        ["blob_properties.container_delete_retention_policy.days", "container soft delete"],
        ["immutability_policy.period_since_creation_in_days", "account immutability period"],
      ] as const) {
        retentionCut(path, what, "days");
      }
      switchedOff(
        "blob_properties.versioning_enabled",
        "turns blob versioning off.",
        "keep blob versioning on",
      );
      const bs = pathValue(before, "immutability_policy.state");
      const as = pathValue(after, "immutability_policy.state");
      if ((bs === "Unlocked" || bs === "Locked") && (as === undefined || as === "Disabled")) {
        downgrade(
          `${address} disables the account immutability policy (was ${bs}).`,
          `immutability_policy.state ${bs} → ${show(as)}`,
          "keep the immutability policy",
        );
      }
      break;
    }
    case "azurerm_storage_container_immutability_policy":
      retentionCut("immutability_period_in_days", "immutability", "days");
      switchedOff("locked", "unlocks the immutability policy.", "keep the policy locked");
      break;
    case "azurerm_storage_management_policy":
      out.push(...azureLifecycleFindings(address, before, after, views.after));
      break;
    case "azurerm_key_vault":
      switchedOff(
        "purge_protection_enabled",
        "turns purge protection off: a deleted vault and its keys can be purged at once.",
        "keep purge protection on",
      );
      retentionCut("soft_delete_retention_days", "soft-delete retention", "days");
      break;
    case "aws_kinesis_stream":
      retentionCut("retention_period", "retention", "hours", ": older records are dropped");
      break;
    case "azurerm_eventhub":
      retentionCut("message_retention", "message retention", "days");
      break;
  }
  return out;
}

/** A protection resource deleted while what it protects stays. */
function removedProtection(
  type: string,
  address: string,
  before: Values,
  views: { readonly before: StackView; readonly after: StackView },
  stillExists: (protectedAddress: string) => boolean,
): ProtectionFinding | undefined {
  const targetAttr: Record<string, string> = {
    aws_s3_bucket_versioning: "bucket",
    aws_s3_bucket_object_lock_configuration: "bucket",
    azurerm_storage_container_immutability_policy: "storage_container_resource_manager_id",
  };
  const attribute = targetAttr[type];
  if (!attribute) return undefined;
  const target = views.before.target(address, attribute);
  if (target !== undefined && !stillExists(target)) return undefined; // the owner goes too: reported there
  const what =
    type === "aws_s3_bucket_versioning"
      ? `versioning is suspended on ${target ?? "its bucket"} (deleting the resource suspends it)`
      : type === "aws_s3_bucket_object_lock_configuration"
        ? `the object-lock default retention of ${target ?? "its bucket"} is removed`
        : `${target ?? "its container"} loses its immutability policy`;
  if (
    type === "aws_s3_bucket_versioning" &&
    pathValue(before, "versioning_configuration.status") !== "Enabled"
  ) {
    return undefined;
  }
  return {
    kind: "protection-downgrade",
    message: `${address} is removed: ${what}.`,
    cause: `${address} removed from the configuration`,
    remedy: `keep ${address} while ${target ?? "what it protects"} exists`,
  };
}

/** A lifecycle resource that appears: its expiry rules count as added. */
function addedLifecycle(type: string, address: string, after: Values, view: StackView): ProtectionFinding[] {
  if (type === "aws_s3_bucket_lifecycle_configuration") return s3LifecycleFindings(address, {}, after, view);
  if (type === "azurerm_storage_management_policy") return azureLifecycleFindings(address, {}, after, view);
  return [];
}

const S3_ARCHIVE_CLASSES = new Set(["GLACIER", "DEEP_ARCHIVE"]);

function s3RuleDeletes(rule: Values): string | undefined {
  if (rule.status !== "Enabled") return undefined;
  for (const e of blockList(rule.expiration)) {
    if (num(e.days) !== undefined || (typeof e.date === "string" && e.date !== "")) {
      return `expires current objects${e.days !== undefined ? ` after ${show(e.days)} days` : ` on ${e.date}`}`;
    }
  }
  for (const t of blockList(rule.transition)) {
    if (typeof t.storage_class === "string" && S3_ARCHIVE_CLASSES.has(t.storage_class)) {
      return `archives current objects to ${t.storage_class} (offline: Delta reads fail)`;
    }
  }
  return undefined;
}

function s3LifecycleFindings(
  address: string,
  before: Values,
  after: Values,
  view: StackView,
): ProtectionFinding[] {
  const bucket = view.target(address, "bucket");
  const layer = layerOf(bucket ? view.values(bucket) : undefined);
  if (!layer || !DELTA_LAYERS.has(layer)) return [];
  const beforeRules = blockList(before.rule);
  const out: ProtectionFinding[] = [];
  for (const rule of blockList(after.rule)) {
    const deletes = s3RuleDeletes(rule);
    if (!deletes) continue;
    const prior = beforeRules.find((r) => r.id === rule.id);
    if (prior && s3RuleDeletes(prior) && sameValue(prior, rule)) continue;
    out.push({
      kind: "lifecycle-expiry",
      message: `${address} rule ${show(rule.id)} ${deletes} on the ${layer} layer (${bucket}): Delta tables there lose files and break.`,
      cause: `rule ${show(rule.id)} ${deletes}`,
      remedy: LIFECYCLE_REMEDY,
    });
  }
  return out;
}

const AZURE_DELETE_ACTIONS = [
  "delete_after_days_since_modification_greater_than",
  "delete_after_days_since_last_access_time_greater_than",
  "delete_after_days_since_creation_greater_than",
  "tier_to_archive_after_days_since_modification_greater_than",
  "tier_to_archive_after_days_since_last_access_time_greater_than",
  "tier_to_archive_after_days_since_creation_greater_than",
  "tier_to_archive_after_days_since_last_tier_change_greater_than",
];

function azureRuleDeletes(rule: Values): string[] {
  if (rule.enabled === false) return [];
  const base = pathValue(rule, "actions.base_blob");
  if (!isRecord(base)) return [];
  return AZURE_DELETE_ACTIONS.filter((k) => base[k] !== undefined && base[k] !== null && base[k] !== -1);
}

function azureLifecycleFindings(
  address: string,
  before: Values,
  after: Values,
  view: StackView,
): ProtectionFinding[] {
  const containers = view.ofType("azurerm_storage_container");
  const layerOfPrefix = (prefix: string): string | undefined => {
    const name = prefix.split("/")[0] ?? "";
    const container = containers.find((c) => c.values.name === name);
    return container ? layerOf(container.values) : name;
  };
  const beforeRules = blockList(before.rule);
  const out: ProtectionFinding[] = [];
  for (const rule of blockList(after.rule)) {
    const actions = azureRuleDeletes(rule);
    if (actions.length === 0) continue;
    const prefixes = (pathValue(rule, "filters.prefix_match") as unknown[] | undefined) ?? [];
    const layers =
      prefixes.length === 0
        ? [...DELTA_LAYERS]
        : prefixes
            .flatMap((p) => (typeof p === "string" ? [layerOfPrefix(p)] : []))
            .filter((l) => l !== undefined);
    const delta = layers.filter((l) => DELTA_LAYERS.has(l!));
    if (delta.length === 0) continue;
    const prior = beforeRules.find((r) => r.name === rule.name);
    const priorActions = prior ? azureRuleDeletes(prior) : [];
    if (prior && actions.every((a) => priorActions.includes(a)) && sameValue(prior.filters, rule.filters))
      continue;
    out.push({
      kind: "lifecycle-expiry",
      message: `${address} rule ${show(rule.name)} adds ${actions.join(", ")} on the ${delta.join(", ")} layer: Delta tables there lose files and break.`,
      cause: `rule ${show(rule.name)} adds ${actions.join(", ")}`,
      remedy: LIFECYCLE_REMEDY,
    });
  }
  return out;
}
