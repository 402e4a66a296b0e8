/**
 * A Terraform plan as `terraform show -json` writes it (format_version 1.x): resource changes with their
 * planned values, read into the stack model.
 */
import { basename, dirname } from "node:path";
import { TerraformJsonError } from "./errors";
import type { ProviderConfig, StackModel, TerraformElement } from "./model";
import { type PlanChange, existsAfter, existsBefore, readPlanDocument } from "./plan-changes";
import { type Attributes, isRecord } from "./values";

/** Whether a parsed JSON document looks like a plan (and not a synthesized stack). */
export function isPlan(json: unknown): json is Record<string, unknown> {
  return (
    isRecord(json) && "format_version" in json && ("resource_changes" in json || "planned_values" in json)
  );
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `--plan` argument: `<stack>=<path>`, or a bare path. */
export function parsePlanSpec(spec: string): { readonly stack?: string; readonly path: string } {
  const eq = spec.indexOf("=");
  if (eq > 0 && STACK_NAME.test(spec.slice(0, eq)))
    return { stack: spec.slice(0, eq), path: spec.slice(eq + 1) };
  return { path: spec };
}

/** The stack of a plan kept in cdktf's own layout, `…/stacks/<stack>/<file>`; undefined elsewhere. */
export function stackFromCdktfLayout(path: string): string | undefined {
  const dir = dirname(path);
  return basename(dirname(dir)) === "stacks" ? basename(dir) : undefined;
}

function providers(json: Record<string, unknown>): ProviderConfig[] {
  const configuration = isRecord(json.configuration) ? json.configuration : {};
  const configs = isRecord(configuration.provider_config) ? configuration.provider_config : {};
  return Object.entries(configs).flatMap(([key, config]) => {
    if (!isRecord(config)) return [];
    const [keyName, keyAlias] = key.split(".");
    const alias = typeof config.alias === "string" ? config.alias : keyAlias;
    const expressions = isRecord(config.expressions) ? config.expressions : {};
    const attributes = Object.fromEntries(
      Object.entries(expressions).flatMap(([name, expression]) =>
        isRecord(expression) && "constant_value" in expression ? [[name, expression.constant_value]] : [],
      ),
    );
    return [{ name: keyName!, ...(alias !== undefined ? { alias } : {}), attributes }];
  });
}

/**
 * The stack model of a plan: what will exist after it (deleted resources in `deleted`), with the plan's
 * changes attached. A plan does not say which stack it is for: `stack` names it, else its place in
 * cdktf's layout; the file name is never used (`aws-prod.base.plan.json` is not a stack).
 */
export function readPlan(json: Readonly<Record<string, unknown>>, path: string, stack?: string): StackModel {
  const plan = readPlanDocument(json, path);
  const name = stack ?? stackFromCdktfLayout(path);
  if (!name) {
    throw new TerraformJsonError(
      `${path}: a plan does not say which stack it is for; pass --plan <stack>=${path} (the file name is not used)`,
    );
  }
  const dataSources: TerraformElement[] = plan.changes
    .filter((c) => c.mode === "data" && c.after)
    .map((c) => ({ mode: "data", address: c.address, type: c.type, name: c.name, attributes: c.after! }));
  const managed = plan.changes.filter((c) => c.mode === "managed");
  return {
    name,
    source: "plan",
    path,
    resources: managed.filter(existsAfter).map((c) => element(c, c.after!)),
    dataSources,
    deleted: managed
      .filter((c) => !existsAfter(c) && c.actions.includes("delete") && c.before)
      .map((c) => element(c, c.before!)),
    providers: providers(json),
    plan,
  };
}

function element(c: PlanChange, attributes: Attributes): TerraformElement {
  return {
    mode: "managed",
    address: c.address,
    type: c.type,
    name: c.name,
    attributes,
    actions: c.actions,
    before: c.before,
  };
}

/**
 * Both sides of one plan as stacks, for pricing a change from ONE plan: `before` holds what exists now
 * (every object the plan found, under its current address so moved objects line up; deleted and
 * forgotten ones included), `after` what will exist (the plan's stack model).
 */
export function planSides(after: StackModel): { before: StackModel; after: StackModel } {
  const plan = after.plan;
  if (!plan) throw new TerraformJsonError(`${after.path}: not a plan`);
  const managed = plan.changes.filter((c) => c.mode === "managed");
  return {
    before: {
      ...after,
      resources: managed.filter((c) => existsBefore(c) && c.before).map((c) => element(c, c.before!)),
      deleted: [],
    },
    after,
  };
}
