/**
 * Rules that span fields, or that apply to names after defaults are derived. Each issue reads
 * `environments.<id>.<field>: '<value>' <rule>` so it can be fixed without reading code.
 */
import { LAKEHOUSE_RULES } from "../../guardrails/rules";
import type { ResolvedAwsEnvironment, ResolvedAzureEnvironment, ResolvedLakehouseConfig } from "../resolve";
import { checkBudget } from "./budget";
import { datasetsPath } from "../datasets";
import { defaultNote } from "../defaults";
import { checkDatabricks, checkMetastores } from "./databricks";
import { checkAwsNames, checkAzureNames, checkGlobalNames } from "./names";
import { checkNetwork } from "./network";
import { checkPipelines } from "./pipelines";
import { checkRunAs } from "./run-as";
import { checkDuplicates, type Report } from "./report";
import { checkAwsStorage, checkAzureStorage } from "./storage";
import { checkAwsStreaming, checkAzureStreaming } from "./streaming";

const GUARDRAIL_RULE_IDS: ReadonlySet<string> = new Set(LAKEHOUSE_RULES.map((rule) => rule.id));

/**
 * @param invalidSpecs clouds whose dataset spec failed its own validation: their pipelines are not
 *   checked against it (the spec's issues are reported instead of a misleading "missing spec").
 * @param input the config as written: an issue about a value the user did not write says that it is a
 *   default, and which field overrides it.
 */
export function validateResolvedConfig(
  config: ResolvedLakehouseConfig,
  invalidSpecs: ReadonlySet<"azure" | "aws"> = new Set(),
  input?: unknown,
): string[] {
  const issues: string[] = [];
  const seen = new Map<string, number>();
  const globalNames = new Map<string, string>();
  const createdMetastores = checkMetastores(config, issues);
  const runAsPrincipals = new Map<string, string>();
  config.environments.forEach((env, index) => {
    const written = (input as { environments?: unknown[] } | undefined)?.environments?.[index];
    const note = (field: string) =>
      input === undefined ? "" : defaultNote(written, env, field, `environments.${env.id}.`);
    const report: Report = (field, message) =>
      issues.push(`environments.${env.id}.${field}: ${message}${note(field)}`);
    const first = seen.get(env.id);
    if (first !== undefined) {
      report(
        "name",
        `'${env.name}' is used by environments[${first}] and environments[${index}] on ${env.cloud}; each (cloud, name) pair must be unique`,
      );
    } else {
      seen.set(env.id, index);
      // A duplicated environment is reported once, above, not again for each of its names.
      checkGlobalNames(env, globalNames, report);
      checkDatabricks(env, createdMetastores, report);
      if (!invalidSpecs.has(env.cloud)) {
        const specPath = datasetsPath((input as { datasets?: unknown } | undefined)?.datasets, env.cloud);
        checkPipelines(env, config.datasets[env.cloud], specPath, report);
      }
      checkRunAs(env, runAsPrincipals, report);
      env.guardrails.suppressions.forEach((suppression, i) => {
        if (!GUARDRAIL_RULE_IDS.has(suppression.ruleId)) {
          report(
            `guardrails.suppressions[${i}].ruleId`,
            `'${suppression.ruleId}' is not a guardrail rule (see README: Guardrails and budgets)`,
          );
        }
      });
    }
    checkNetwork(env.network, env.cloud, report);
    checkBudget(env, report);
    checkDuplicates(
      env.streaming.sources.map((s) => s.name),
      (name) =>
        report("streaming.sources", `'${name}' is listed more than once; stream source names must be unique`),
    );
    if (env.cloud === "azure") checkAzure(env, report);
    else checkAws(env, report);
  });
  return issues;
}

function checkAzure(env: ResolvedAzureEnvironment, report: Report): void {
  checkAzureNames(env, report);
  checkAzureStorage(env, report);
  checkAzureStreaming(env, report);
}

function checkAws(env: ResolvedAwsEnvironment, report: Report): void {
  checkAwsNames(env, report);
  checkAwsStorage(env, report);
  checkAwsStreaming(env, report);
}
