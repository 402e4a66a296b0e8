/**
 * The built-in rules' documentation and policy (id, title, severity, stages, rationale, fix, Checkov/Trivy
 * equivalents) are data, in `catalog.json`; a rule's code keeps what runs: the resource types it checks and
 * its check. {@link guardrailRule} joins the two into a {@link GuardrailRule}. (cdk-nag keeps a rule pack's
 * info, explanation and level apart from the rule's logic in the same way.) Reviewing or rewording a rule's
 * text is then an edit of one JSON entry, and every rule's code is only its logic.
 *
 * Everything is checked when the module loads, so a mistake fails every synth and test at once, naming
 * the id: a catalog entry that is malformed or whose id is listed twice, a rule whose id has no entry or
 * is declared twice, a text placeholder without a value. (An entry without a rule is caught by
 * test/guardrails/catalog.test.ts: only the full rule list can tell.)
 */
import { rules as catalogEntries } from "./catalog.json";
import {
  STAGES,
  type CheckResult,
  type GuardrailContext,
  type GuardrailRule,
  type TerraformElementView,
} from "../types";

/** What a catalog entry holds: a {@link GuardrailRule} without its resource types and check. */
export type RuleCatalogEntry = Omit<GuardrailRule, "resourceTypes" | "check">;

const FIELDS = new Set(["id", "title", "severity", "stages", "rationale", "fix", "equivalents"]);
const SCANNERS = new Set(["checkov", "trivy"]);

/** One JSON entry as a {@link RuleCatalogEntry}, or an error naming its id and what is wrong. */
function entryOf(raw: Readonly<Record<string, unknown>>): RuleCatalogEntry {
  const id = raw.id;
  const problem = (what: string) => new Error(`guardrail catalog entry ${String(id)}: ${what}`);
  const isText = (value: unknown) => typeof value === "string" && value.trim() !== "";
  const isTextList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isText);
  const unknown = Object.keys(raw).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) throw problem(`unknown field(s) ${unknown.join(", ")}`);
  for (const key of ["id", "title", "rationale", "fix"]) {
    if (!isText(raw[key])) throw problem(`${key} must be a non-empty string`);
  }
  if (raw.severity !== "error" && raw.severity !== "warning") {
    throw problem(`severity must be "error" or "warning", not ${JSON.stringify(raw.severity)}`);
  }
  const stages = raw.stages;
  if (
    stages !== undefined &&
    !(isTextList(stages) && (stages as string[]).every((s) => (STAGES as readonly string[]).includes(s)))
  ) {
    throw problem(`stages must list some of ${STAGES.join(", ")}`);
  }
  const equivalents = raw.equivalents;
  if (
    equivalents !== undefined &&
    !(
      typeof equivalents === "object" &&
      equivalents !== null &&
      Object.entries(equivalents).every(([scanner, ids]) => SCANNERS.has(scanner) && isTextList(ids))
    )
  ) {
    throw problem("equivalents must map checkov and/or trivy to lists of check ids");
  }
  return raw as unknown as RuleCatalogEntry;
}

/** Catalog entries (as read from JSON) by rule id, in their order; fails on a malformed entry or a repeated id. */
export function readRuleCatalog(
  entries: readonly Readonly<Record<string, unknown>>[],
): ReadonlyMap<string, RuleCatalogEntry> {
  const catalog = new Map<string, RuleCatalogEntry>();
  for (const raw of entries) {
    const entry = entryOf(raw);
    if (catalog.has(entry.id)) throw new Error(`guardrail catalog lists ${entry.id} twice`);
    catalog.set(entry.id, entry);
  }
  return catalog;
}

/** Every entry of `catalog.json`, keyed by rule id. */
export const RULE_CATALOG: ReadonlyMap<string, RuleCatalogEntry> = readRuleCatalog(catalogEntries);

/** Ids {@link guardrailRule} has made a rule of: an id declared twice fails at load. */
const declared = new Set<string>();

/**
 * `text` with each `{NAME}` replaced by `values.NAME`: a catalog text that states a threshold the check
 * uses names the code's constant instead of repeating its number. Fails on a name without a value.
 */
function filledIn(id: string, text: string, values: Readonly<Record<string, number>>, used: Set<string>) {
  return text.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`guardrail catalog entry ${id}: no value for {${name}}`);
    used.add(name);
    return String(value);
  });
}

/**
 * The rule `id` of the catalog, checking `resourceTypes` (a trailing `*` matches a prefix) with `check`.
 * `textValues` fill the entry's `{NAME}` placeholders. Fails when the catalog has no entry for `id`, the id
 * is declared twice, or a placeholder and the values do not match.
 */
export function guardrailRule(
  id: string,
  resourceTypes: readonly string[],
  check: (resource: TerraformElementView, context: GuardrailContext) => CheckResult,
  textValues: Readonly<Record<string, number>> = {},
): GuardrailRule {
  const entry = RULE_CATALOG.get(id);
  if (!entry) throw new Error(`guardrail rule ${id} has no entry in guardrails/rules/catalog.json`);
  const used = new Set<string>();
  const text = (value: string) => filledIn(id, value, textValues, used);
  const rule: GuardrailRule = {
    id,
    title: text(entry.title),
    severity: entry.severity,
    resourceTypes,
    ...(entry.stages ? { stages: entry.stages } : {}),
    rationale: text(entry.rationale),
    fix: text(entry.fix),
    ...(entry.equivalents ? { equivalents: entry.equivalents } : {}),
    check,
  };
  const unused = Object.keys(textValues).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`guardrail rule ${id}: no {${unused.join("}, {")}} in its texts`);
  if (declared.has(id)) throw new Error(`guardrail rule ${id} is declared twice`);
  declared.add(id);
  return rule;
}
