/**
 * Data-loss review of one stack from its Terraform plan: the plan's actions are the truth (no
 * prediction), explained with `replace_paths` and `action_reason`; protection downgrades are read from
 * the before and after values.
 */
import {
  type PlanChange,
  type PlanDocument,
  existsAfter,
  existsBefore,
  isReplacement,
} from "../../terraform-json/plan-changes";
import { type ProtectionFinding, type StackView, protectionFindings } from "./protection";
import type { DataLossKind, DataLossNote, DataLossReview, DataLossWarning } from "./types";
import { DATA_OWNING_TYPES, lossNote } from "./types";
import type { Values } from "./values";

/** Terraform's `action_reason` values, as reasons a reviewer reads. */
const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: "the object is tainted",
  replace_because_cannot_update: "the provider cannot update it in place",
  replace_by_request: "replacement was requested (-replace)",
  replace_by_triggers: "a replace_triggered_by reference changed",
  delete_because_no_resource_config: "it is no longer in the configuration",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "count/for_each changed how it repeats",
  delete_because_count_index: "its count index is out of range",
  delete_because_each_key: "its for_each key is gone",
  delete_because_no_move_target: "its moved target does not exist",
};

function reason(c: PlanChange): string {
  if (!c.actionReason) return "";
  return ` (${ACTION_REASONS[c.actionReason] ?? c.actionReason})`;
}

function paths(c: PlanChange): string {
  if (c.replacePaths.length === 0) return "";
  return `; forced by ${c.replacePaths.map((p) => p.map(String).join(".")).join(", ")}`;
}

class PlanView implements StackView {
  private readonly byAddress: Map<string, PlanChange>;
  constructor(
    private readonly plan: PlanDocument,
    private readonly side: "before" | "after",
  ) {
    this.byAddress = new Map(
      plan.changes
        .filter((c) => c.mode === "managed" && (side === "before" ? existsBefore(c) : existsAfter(c)))
        .map((c) => [side === "before" ? (c.previousAddress ?? c.address) : c.address, c]),
    );
  }
  values(address: string): Values | undefined {
    const c = this.byAddress.get(address);
    return c ? ((this.side === "before" ? c.before : c.after) ?? undefined) : undefined;
  }
  target(address: string, attribute: string): string | undefined {
    const configAddress = this.side === "before" ? this.currentAddress(address) : address;
    const fromConfig = this.plan.references.get(configAddress)?.get(attribute)?.[0];
    if (fromConfig && this.byAddress.has(fromConfig)) return fromConfig;
    // No recorded reference: find the resource whose name or id is the attribute's value.
    const value = this.values(address)?.[attribute];
    if (typeof value !== "string") return undefined;
    for (const [a, c] of this.byAddress) {
      const v = (this.side === "before" ? c.before : c.after) ?? {};
      if (a !== address && (v.bucket === value || v.id === value || v.name === value)) return a;
    }
    return undefined;
  }
  ofType(type: string): { address: string; values: Values }[] {
    return [...this.byAddress]
      .filter(([, c]) => c.type === type)
      .map(([address]) => ({ address, values: this.values(address)! }));
  }
  private currentAddress(address: string): string {
    return this.byAddress.get(address)?.address ?? address;
  }
}

/** Where a plan warning comes from: the plan file and what it says of the change. */
function planSource(plan: PlanDocument, c: PlanChange): string {
  const parts = [`actions [${c.actions.join(", ")}]`];
  if (c.actionReason) parts.push(`action_reason ${c.actionReason}`);
  if (c.replacePaths.length > 0)
    parts.push(`replace_paths ${c.replacePaths.map((p) => p.map(String).join(".")).join(", ")}`);
  return `${plan.path}: ${c.address} ${parts.join(", ")}`;
}

export function reviewPlanStack(stack: string, plan: PlanDocument): DataLossReview {
  const warnings: DataLossWarning[] = [];
  const notes: DataLossNote[] = [];
  // Plan values carry no lifecycle block: whether prevent_destroy guards the object is not known here.
  const warn = (
    c: PlanChange,
    f: ProtectionFinding | (Omit<ProtectionFinding, "kind"> & { kind: DataLossKind }),
  ) => {
    warnings.push({
      stack,
      address: c.address,
      type: c.type,
      kind: f.kind,
      preventDestroy: false,
      message: f.message,
      cause: f.cause,
      remedy: f.remedy,
      sources: [planSource(plan, c)],
    });
  };
  const note = (c: PlanChange, message: string) => notes.push({ stack, address: c.address, message });
  const views = { before: new PlanView(plan, "before"), after: new PlanView(plan, "after") };
  const deletedBefore = new Set(
    plan.changes
      .filter((c) => c.mode === "managed" && c.actions.includes("delete") && !isReplacement(c.actions))
      .map((c) => c.previousAddress ?? c.address),
  );
  const stays = (a: string) => !deletedBefore.has(a);
  for (const c of plan.changes) {
    if (c.mode !== "managed") continue;
    const owns = DATA_OWNING_TYPES.has(c.type);
    if (c.previousAddress) note(c, `moved from ${c.previousAddress}: same object.`);
    if (c.importing) note(c, `imported (id ${c.importing.id ?? "?"}).`);
    if (c.actions.includes("forget")) {
      note(c, `forgotten${reason(c)}: Terraform stops managing it; the object and its data stay.`);
      continue;
    }
    if (isReplacement(c.actions)) {
      if (owns) {
        warn(c, {
          kind: "replace",
          message: `the plan replaces ${c.address} (${c.actions.join(", ")})${reason(c)}${paths(c)}: the existing one is destroyed (${lossNote(c.type)}).`,
          cause: `the plan's actions ${c.actions.join(", ")}${reason(c)}${paths(c)}`,
          remedy:
            c.replacePaths.length > 0
              ? `revert the change to ${c.replacePaths.map((p) => p.map(String).join(".")).join(", ")}; if the replacement is intended, back up or migrate the data first`
              : "find what forces the replacement (terraform plan shows it) and revert it; if it is intended, back up or migrate the data first",
        });
      }
    } else if (c.actions.includes("delete")) {
      if (owns) {
        warn(c, {
          kind: "destroy",
          message: `the plan deletes ${c.address}${reason(c)}: ${lossNote(c.type)}.`,
          cause: `the plan's action delete${reason(c)}`,
          remedy: `keep ${c.address} in the configuration, or stop managing it without deleting it (removed { from = ${c.address}, lifecycle { destroy = false } }); if it must go, back up its data first`,
        });
      } else if (c.before) {
        for (const f of protectionFindings(c.type, c.address, c.before, undefined, views, stays)) warn(c, f);
      }
      continue;
    }
    if (c.after) {
      const before = existsBefore(c) ? (c.before ?? undefined) : undefined;
      for (const f of protectionFindings(c.type, c.address, before, c.after, views, stays)) warn(c, f);
    }
  }
  return { warnings, notes };
}
