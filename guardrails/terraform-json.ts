/**
 * Reading synthesized Terraform JSON: element views, cross-resource lookups and the small value
 * helpers rules share (blocks that cdktf writes as an object or a list, references, IAM statements).
 */
import type { GuardrailContext, Stage, TerraformElementView } from "./types";

/** The parts of a synthesized stack the engine reads (`stack.toTerraform()` or `cdk.tf.json`). */
export interface SynthesizedStack {
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** What the engine knows about an element's construct (from the aspect's visit). */
export interface ElementInfo {
  readonly path?: string;
  readonly taggable?: boolean;
}

type Attributes = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A nested block as a list: cdktf writes single blocks as an object (`blob_properties: {…}`) and
 * repeated ones as a list (`rule: [{…}]`); rules should not care which.
 */
export function blocks(value: unknown): Attributes[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** The first block of a nested block attribute, if any. */
export function block(value: unknown): Attributes | undefined {
  return blocks(value)[0];
}

/** A list attribute as strings (a single string counts as a one-element list). */
export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** Whether a value is exactly `true` (Terraform JSON booleans may also arrive as "true"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Whether a value is exactly `false`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** `${aws_kms_key.Key.arn}` → `aws_kms_key.Key`; `${data.x.y.json}` → `data.x.y`. */
export function referencedAddresses(value: unknown): string[] {
  if (typeof value !== "string") return [];
  const found: string[] = [];
  for (const match of value.matchAll(/\$\{([^}]*)\}/g)) {
    for (const ref of match[1]!.matchAll(
      /\b(data\.[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+|[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g,
    )) {
      found.push(ref[1]!);
    }
  }
  return found;
}

function views(
  kind: "resource" | "data",
  section: SynthesizedStack["resource"],
  info: (address: string) => ElementInfo | undefined,
): TerraformElementView[] {
  const out: TerraformElementView[] = [];
  for (const [type, byId] of Object.entries(section ?? {})) {
    for (const [logicalId, body] of Object.entries(byId)) {
      if (!isRecord(body)) continue;
      const { ["//"]: meta, ...attributes } = body;
      const address = kind === "data" ? `data.${type}.${logicalId}` : `${type}.${logicalId}`;
      const known = info(address);
      const metaPath = isRecord(meta) && isRecord(meta.metadata) ? meta.metadata.path : undefined;
      out.push({
        kind,
        type,
        logicalId,
        address,
        path: known?.path ?? (typeof metaPath === "string" ? metaPath : address),
        attributes,
        taggable: known?.taggable ?? "tags" in attributes,
      });
    }
  }
  return out;
}

/** Options of {@link buildContext}. */
export interface ContextOptions {
  readonly stackName: string;
  readonly stage: Stage;
  readonly requiredTagKeys: readonly string[];
  readonly requiredComputeTagKeys: readonly string[];
  /** Construct facts by Terraform address. */
  readonly elementInfo?: (address: string) => ElementInfo | undefined;
}

/** Every resource of the stack, and the context rules use to look around them. */
export function buildContext(
  json: SynthesizedStack,
  options: ContextOptions,
): { readonly resources: readonly TerraformElementView[]; readonly context: GuardrailContext } {
  const info = options.elementInfo ?? (() => undefined);
  const resources = views("resource", json.resource, info);
  const dataSources = views("data", json.data, info);
  const byAddress = new Map([...resources, ...dataSources].map((v) => [v.address, v]));
  const group = (list: TerraformElementView[]) => {
    const map = new Map<string, TerraformElementView[]>();
    for (const v of list) map.set(v.type, [...(map.get(v.type) ?? []), v]);
    return map;
  };
  const resourcesByType = group(resources);
  const dataByType = group(dataSources);

  const context: GuardrailContext = {
    stackName: options.stackName,
    stage: options.stage,
    requiredTagKeys: options.requiredTagKeys,
    requiredComputeTagKeys: options.requiredComputeTagKeys,
    resources: (type) => resourcesByType.get(type) ?? [],
    dataSources: (type) => dataByType.get(type) ?? [],
    referencing: (target, type, attribute, nameAttribute) => {
      const name = nameAttribute === undefined ? undefined : target.attributes[nameAttribute];
      return (resourcesByType.get(type) ?? []).filter((candidate) => {
        const value = candidate.attributes[attribute];
        if (referencedAddresses(value).includes(target.address)) return true;
        return typeof name === "string" && !name.includes("${") ? value === name : false;
      });
    },
    lookup: (expression) => {
      const [first] = referencedAddresses(expression);
      return first === undefined ? undefined : byAddress.get(first);
    },
    providers: (name) => blocks(json.provider?.[name]),
  };
  return { resources, context };
}

/** One IAM policy statement, normalized from JSON policy text or an `aws_iam_policy_document`. */
export interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Principal identifiers; `*` for everyone (JSON `"Principal": "*"` or `{ AWS: "*" }`). */
  readonly principals: readonly string[];
  readonly conditions: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

function fromPolicyDocument(
  doc: TerraformElementView,
  context: GuardrailContext,
  seen: Set<string>,
): PolicyStatement[] | undefined {
  if (seen.has(doc.address)) return [];
  seen.add(doc.address);
  const statements: PolicyStatement[] = [];
  for (const source of [
    ...strings(doc.attributes.source_policy_documents),
    ...strings(doc.attributes.override_policy_documents),
  ]) {
    const nested = policyStatements(source, context, seen);
    if (nested) statements.push(...nested);
  }
  for (const s of blocks(doc.attributes.statement)) {
    statements.push({
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.actions),
      principals: blocks(s.principals).flatMap((p) => strings(p.identifiers)),
      conditions: blocks(s.condition).map((c) => ({
        test: String(c.test ?? ""),
        variable: String(c.variable ?? ""),
        values: strings(c.values),
      })),
    });
  }
  return statements;
}

function fromJsonPolicy(text: string): PolicyStatement[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return list.filter(isRecord).map((s) => {
    const principal = s.Principal;
    const principals =
      principal === "*" ? ["*"] : isRecord(principal) ? Object.values(principal).flatMap(strings) : [];
    const conditions: PolicyStatement["conditions"][number][] = [];
    if (isRecord(s.Condition)) {
      for (const [test, vars] of Object.entries(s.Condition)) {
        if (!isRecord(vars)) continue;
        for (const [variable, values] of Object.entries(vars)) {
          conditions.push({
            test,
            variable,
            values: strings(values).concat(typeof values === "boolean" ? [String(values)] : []),
          });
        }
      }
    }
    return {
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.Action),
      principals,
      conditions,
    } satisfies PolicyStatement;
  });
}

/**
 * Statements of a policy argument: literal JSON, or a reference to an `aws_iam_policy_document`
 * (including its source/override documents). Undefined when the policy cannot be read at synth time
 * (e.g. `${jsonencode(...)}` or a variable).
 */
export function policyStatements(
  value: unknown,
  context: GuardrailContext,
  seen: Set<string> = new Set(),
): PolicyStatement[] | undefined {
  if (typeof value !== "string") return undefined;
  if (!value.includes("${")) return fromJsonPolicy(value);
  const target = context.lookup(value);
  if (target?.type === "aws_iam_policy_document" && target.kind === "data") {
    return fromPolicyDocument(target, context, seen);
  }
  return undefined;
}
