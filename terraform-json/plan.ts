/**
 * A Terraform plan as `terraform show -json` writes it (format_version 1.x): resource changes with their
 * planned values, read into the stack model.
 */
import { basename } from "node:path";
import { TerraformJsonError } from "./errors";
import type { PlanAction, ProviderConfig, StackModel, TerraformElement } from "./model";
import { isRecord } from "./values";

/** Plan JSON format versions this reader understands (the documented 1.x line). */
const SUPPORTED_PLAN_FORMAT = /^1\.\d+$/;
const PLAN_ACTIONS: ReadonlySet<string> = new Set<PlanAction>([
  "no-op",
  "create",
  "read",
  "update",
  "delete",
]);

/** Whether a parsed JSON document looks like a plan (and not a synthesized stack). */
export function isPlan(json: unknown): json is Record<string, unknown> {
  return (
    isRecord(json) && "format_version" in json && ("resource_changes" in json || "planned_values" in json)
  );
}

/** The stack name of a plan file: its name without `.json` and `.plan`/`.tfplan`. */
export function planStackName(path: string): string {
  return basename(path)
    .replace(/\.json$/i, "")
    .replace(/\.(tf)?plan$/i, "");
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

/** The stack model of a plan; `path` names it in errors and gives the stack its name. */
export function readPlan(json: Readonly<Record<string, unknown>>, path: string): StackModel {
  const version = json.format_version;
  if (typeof version !== "string" || !SUPPORTED_PLAN_FORMAT.test(version)) {
    throw new TerraformJsonError(
      `${path}: unknown plan format_version ${JSON.stringify(version)} (supported: 1.x, from terraform show -json)`,
    );
  }
  const changes = json.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new TerraformJsonError(`${path}: resource_changes must be an array`);
  const resources: TerraformElement[] = [];
  const dataSources: TerraformElement[] = [];
  const deleted: TerraformElement[] = [];
  changes.forEach((c: unknown, i: number) => {
    const at = `${path}: resource_changes[${i}]`;
    if (!isRecord(c) || typeof c.type !== "string" || typeof c.address !== "string" || !isRecord(c.change)) {
      throw new TerraformJsonError(`${at} must have address, type and change`);
    }
    if (c.mode === "data") {
      // Data sources read during the plan: their values only (the review prices managed resources).
      if (isRecord(c.change.after)) {
        const { address, type } = c;
        dataSources.push({
          mode: "data",
          address,
          type,
          name: String(c.name ?? address),
          attributes: c.change.after,
        });
      }
      return;
    }
    const actions = c.change.actions;
    if (!Array.isArray(actions) || actions.some((a) => !PLAN_ACTIONS.has(a as string))) {
      throw new TerraformJsonError(
        `${at}.change.actions ${JSON.stringify(actions)} is not a valid action list`,
      );
    }
    const after = isRecord(c.change.after) ? c.change.after : null;
    const before = isRecord(c.change.before) ? c.change.before : null;
    const name =
      typeof c.name === "string"
        ? c.name + (c.index !== undefined ? `[${JSON.stringify(c.index)}]` : "")
        : c.address;
    const element = {
      mode: "managed",
      address: c.address,
      type: c.type,
      name,
      actions: actions as PlanAction[],
      before,
    } as const;
    if (after) resources.push({ ...element, attributes: after });
    else if (actions.includes("delete")) deleted.push({ ...element, attributes: before ?? {} });
  });
  return {
    name: planStackName(path),
    source: "plan",
    path,
    resources,
    dataSources,
    deleted,
    providers: providers(json),
  };
}
