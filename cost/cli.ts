#!/usr/bin/env node
/**
 * Plan review CLI.
 *
 *   node dist/cost/cli.js cost [--synth-dir cdktf.out | --plan <stack>=<plan.json> ...] [--usage usage.json]
 *                                [--format table|markdown|json] [--catalog-dir dir] [--savings]
 *   node dist/cost/cli.js diff [--base <synth dir|cdk.tf.json> --head <…>] [--plan <stack>=<plan.json> ...]
 *                                [--fail-on-destroy] [--usage usage.json] [--format table|markdown|json]
 *
 * Exit codes: 0 ok; 1 bad input (missing/malformed file, unknown plan format version, bad usage value,
 * bad arguments); 2 data-loss warnings with --fail-on-destroy; 3 an environment over its configured
 * budget with --fail-over-budget (data loss wins when both apply). A region missing from the price catalog
 * is not an error: that stack is reported unpriced with the reason, and the totals leave it out.
 *
 * A plan is the truth for the stack it covers (plan-first): `diff --plan` prices the plan's before and
 * after values and reviews its actions; with --base/--head as well, the other stacks come from synth.
 */
import { TerraformJsonError } from "../terraform-json/errors";
import { loadPlans, loadSnapshot } from "../terraform-json/load";
import type { Snapshot } from "../terraform-json/model";
import { synthOutputStatus } from "../terraform-json/synth-output";
import { CatalogSet } from "./catalog";
import { type CostDiff, diffSnapshots } from "./diff";
import { CostReviewError } from "./errors";
import { type CostEstimate, estimate } from "./estimator";
import { planDiffInputs } from "./plan-input";
import {
  COMMENT_LIMIT,
  GATE_RESERVE,
  MARKDOWN_MARKER,
  REPORT_FORMATS,
  type ReportFormat,
  renderDiffJson,
  renderDiffMarkdown,
  renderDiffTable,
  renderEstimateJson,
  renderEstimateMarkdown,
  renderEstimateTable,
} from "./report";
import { savings } from "./savings";
import { renderSavingsJson, renderSavingsMarkdown, renderSavingsTable } from "./savings-report";
import { UsageProfiles, loadUsageFile } from "./usage";

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_DATA_LOSS = 2;
export const EXIT_OVER_BUDGET = 3;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `Usage:
  cli.js cost [--synth-dir <dir>] [--plan <stack>=<plan.json>]... [--usage <usage.json>]
              [--format table|markdown|json] [--sha <commit>] [--fail-over-budget] [--savings]
  cli.js diff [--base <dir|cdk.tf.json> --head <dir|cdk.tf.json>] [--plan <stack>=<plan.json>]...
              [--fail-on-destroy] [--fail-over-budget] [--usage <usage.json>]
              [--format table|markdown|json] [--sha <commit>] [--base-sha <commit>]

Options:
  --synth-dir <dir>    cdktf output (default cdktf.out): stacks/<stack>/cdk.tf.json
  --plan <stack>=<f>   terraform show -json output (format_version 1.x) for one stack; repeat for several.
                       The stack is named explicitly (a plan file under cdktf.out/stacks/<stack>/ may
                       omit "<stack>="); the file name is never used. cost: prices the planned state and
                       the plan's change (deletions included); diff: the plan's before -> after
  --usage <file>       JSON usage overrides: { "stages": { "prod": {...} }, "stacks": { "aws-prod": {...} } }
  --format <f>         table (default), markdown (PR comment) or json
  --catalog-dir <dir>  price catalog directory (default cost/catalog)
  --sha <commit>       markdown: the commit reviewed, shown under the summary line
  --base-sha <commit>  markdown (diff): the commit compared with (the merge's first parent in CI)
  --savings            cost: price each environment against its naive counterpart, lever by lever
                       (auto-stop, serverless, spot, Photon, autoscale, storage tiering, on-demand
                       streams, predictive optimization): each lever's monthly saving and assumption,
                       naive vs shipped monthly and % saved
  --fail-on-destroy    diff: exit 2 on any data-loss warning (destroy, replace, protection downgrade,
                       expiry on a Delta layer)
  --fail-over-budget   cost, diff (head): exit 3 when an environment's estimate (its <env> and
                       <env>-workspace stacks summed) is over the budget it configures
                       (aws_budgets_budget / azurerm_consumption_budget_resource_group)

Exit codes: 0 ok, 1 bad input, 2 data loss with --fail-on-destroy, 3 over budget with
--fail-over-budget (2 wins when both apply).
`;

interface Args {
  command?: string;
  synthDir?: string;
  plans: string[];
  usage?: string;
  format: ReportFormat;
  catalogDir?: string;
  base?: string;
  head?: string;
  sha?: string;
  baseSha?: string;
  failOnDestroy: boolean;
  failOverBudget: boolean;
  savings: boolean;
  help: boolean;
}

const VALUE_OPTIONS = new Set([
  "--synth-dir",
  "--plan",
  "--usage",
  "--format",
  "--catalog-dir",
  "--base",
  "--head",
  "--sha",
  "--base-sha",
]);

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    plans: [],
    format: "table",
    failOnDestroy: false,
    failOverBudget: false,
    savings: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (VALUE_OPTIONS.has(arg)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined || value.startsWith("--")) throw new CostReviewError(`${arg} needs a value`);
      }
    }
    switch (arg) {
      case "--help":
      case "-h":
        args.help = true;
        break;
      case "--synth-dir":
        args.synthDir = value;
        break;
      case "--plan":
        args.plans.push(value!);
        break;
      case "--usage":
        args.usage = value;
        break;
      case "--catalog-dir":
        args.catalogDir = value;
        break;
      case "--base":
        args.base = value;
        break;
      case "--head":
        args.head = value;
        break;
      case "--sha":
        args.sha = value;
        break;
      case "--base-sha":
        args.baseSha = value;
        break;
      case "--format":
        if (!REPORT_FORMATS.includes(value as ReportFormat)) {
          throw new CostReviewError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got '${value}'`);
        }
        args.format = value as ReportFormat;
        break;
      case "--fail-on-destroy":
        args.failOnDestroy = true;
        break;
      case "--fail-over-budget":
        args.failOverBudget = true;
        break;
      case "--savings":
        args.savings = true;
        break;
      default:
        if (arg.startsWith("-")) throw new CostReviewError(`unknown option ${arg}`);
        if (args.command) throw new CostReviewError(`unexpected argument '${arg}'`);
        args.command = arg;
    }
  }
  return args;
}

/** Runs the CLI in-process; returns the exit code (tests call this with captured output). */
export function main(argv: readonly string[], io: CliIo = processIo()): number {
  try {
    const args = parseArgs(argv);
    if (args.help || !args.command) {
      (args.help ? io.stdout : io.stderr)(USAGE);
      return args.help ? EXIT_OK : EXIT_BAD_INPUT;
    }
    const catalogs = new CatalogSet(args.catalogDir);
    const usage = new UsageProfiles(args.usage ? loadUsageFile(args.usage) : {});
    if (args.command === "cost") {
      if (args.base || args.head || args.failOnDestroy)
        throw new CostReviewError("--base, --head and --fail-on-destroy belong to diff");
      if (args.synthDir && args.plans.length > 0)
        throw new CostReviewError("use either --synth-dir or --plan, not both");
      if (args.savings) {
        const snapshot =
          args.plans.length > 0 ? loadPlans(args.plans) : loadSynthOutput(args.synthDir, args.format, io);
        const report = savings(snapshot, { catalogs, usage });
        const render = {
          table: renderSavingsTable,
          markdown: renderSavingsMarkdown,
          json: renderSavingsJson,
        }[args.format];
        io.stdout(render(report));
        return EXIT_OK;
      }
      if (args.plans.length > 0) {
        const plans = loadPlans(args.plans);
        const result = estimate(plans, { catalogs, usage });
        const inputs = planDiffInputs(plans.stacks);
        const change = diffSnapshots(inputs.base, inputs.head, { catalogs, usage });
        io.stdout(renderPlanCost(result, change, args));
        return budgetExit(result, args, io);
      }
      const snapshot = loadSynthOutput(args.synthDir, args.format, io);
      const result = estimate(snapshot, { catalogs, usage });
      const render = {
        table: renderEstimateTable,
        markdown: (e: CostEstimate) => renderEstimateMarkdown(e, { sha: args.sha }),
        json: renderEstimateJson,
      }[args.format];
      io.stdout(render(result));
      return budgetExit(result, args, io);
    }
    if (args.command === "diff") {
      if (args.synthDir) throw new CostReviewError("diff takes --base/--head and --plan, not --synth-dir");
      if (args.savings) throw new CostReviewError("--savings belongs to cost");
      if (!!args.base !== !!args.head)
        throw new CostReviewError("diff needs both --base <dir> and --head <dir>");
      if (!args.base && args.plans.length === 0)
        throw new CostReviewError("diff needs --base <dir> and --head <dir>, or --plan <stack>=<plan.json>");
      let base: Snapshot | undefined;
      let head: Snapshot | undefined;
      if (args.base && args.head) {
        const notAPlan = (path: string) =>
          `a plan already holds both sides of its change; use diff --plan <stack>=${path}`;
        base = loadSnapshot(args.base, { notAPlan: notAPlan(args.base) });
        head = loadSnapshot(args.head, { notAPlan: notAPlan(args.head) });
      }
      if (args.plans.length > 0) {
        const inputs = planDiffInputs(loadPlans(args.plans).stacks, base, head);
        base = inputs.base;
        head = inputs.head;
      }
      const result = diffSnapshots(base!, head!, { catalogs, usage });
      const render = {
        table: renderDiffTable,
        markdown: (d: CostDiff) => renderDiffMarkdown(d, { sha: args.sha, baseSha: args.baseSha }),
        json: renderDiffJson,
      }[args.format];
      io.stdout(render(result));
      if (result.warnings.length > 0) {
        io.stderr(
          `${result.warnings.length} data-loss warning(s): data destroyed or replaced, or its protection weakened\n`,
        );
        if (args.failOnDestroy) return EXIT_DATA_LOSS;
      }
      return budgetExit(result.head, args, io);
    }
    throw new CostReviewError(`unknown command '${args.command}' (expected cost or diff)`);
  } catch (e) {
    if (e instanceof CostReviewError || e instanceof TerraformJsonError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
}

/**
 * The synth output to price: refuses an output whose last synth failed, and says which config a good
 * one was synthesized from (stdout for a table, stderr otherwise).
 */
function loadSynthOutput(dir: string | undefined, format: ReportFormat, io: CliIo): Snapshot {
  const synthDir = dir ?? "cdktf.out";
  const status = synthOutputStatus(synthDir);
  if (status.problem) throw new CostReviewError(status.problem);
  const snapshot: Snapshot = loadSnapshot(synthDir);
  const say = format === "table" ? io.stdout : io.stderr;
  for (const line of status.lines) say(`${line}\n`);
  return snapshot;
}

/** Over-budget environments: a note on stderr, and exit 3 with --fail-over-budget. */
function budgetExit(result: CostEstimate, args: Args, io: CliIo): number {
  const over = result.budgets.filter((b) => b.status === "over");
  if (over.length === 0) return EXIT_OK;
  io.stderr(`${over.length} environment(s) over budget: ${over.map((b) => b.environment).join(", ")}\n`);
  return args.failOverBudget ? EXIT_OVER_BUDGET : EXIT_OK;
}

/** The planned state's estimate, then the plan's own change (before → after, deletions included). */
function renderPlanCost(result: CostEstimate, change: CostDiff, args: Args): string {
  const format = args.format;
  if (format === "json") {
    const { base: _b, head: _h, ...planChange } = change;
    return JSON.stringify({ report: "cost", ...result, planChange }, null, 2) + "\n";
  }
  if (format === "markdown") {
    // Two reports in one comment: each gets half of the room.
    const maxChars = Math.floor((COMMENT_LIMIT - GATE_RESERVE) / 2) - 100;
    const diff = renderDiffMarkdown(change, { maxChars })
      .replace(`${MARKDOWN_MARKER}\n`, "")
      .replace(/^## Plan review: ([^\n]*)\n/m, "$1\n");
    const estimate = renderEstimateMarkdown(result, { sha: args.sha, maxChars });
    return `${estimate}\n### Change in this plan (before → after)\n${diff}`;
  }
  return `${renderEstimateTable(result)}\nChange in this plan (before -> after):\n${renderDiffTable(change)}`;
}

function processIo(): CliIo {
  return { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
