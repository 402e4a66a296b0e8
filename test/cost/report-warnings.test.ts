/**
 * How the reports show a data-loss warning's cause, fix (remedy) and sources: the PR comment in small print
 * under the message (the cause only when the message does not quote it), the terminal table on lines of
 * their own. On two deploy layers linked by a cdktf cross-stack reference: the cascade from synth output,
 * the cascade predicted next to plans, the note with plans only.
 */
import { join } from "node:path";
import { EXIT_DATA_LOSS } from "../../cost/cli";
import { renderDiffMarkdown } from "../../cost/report";
import { FIXTURES, runCli, twoLayerSynthDir } from "./helpers";
import { markdownProblems } from "./markdown-check";

const run = runCli;

const ENV_PLAN = join(FIXTURES, "plans", "layers-env.plan.json");
const WORKSPACE_PLAN = join(FIXTURES, "plans", "layers-workspace.plan.json");
const PLANS = ["--plan", `env=${ENV_PLAN}`, "--plan", `env-workspace=${WORKSPACE_PLAN}`];

const BUCKET_FIX =
  'fix: keep bucket at "fx-gold"; if the change is intended, back up or migrate the data first: Terraform destroys the existing aws_s3_bucket';
const BUCKET_SOURCE =
  "source: hashicorp/terraform-provider-aws@v6.25.0 internal/service/s3/bucket.go (unverified at tag)";
const CATALOG_MESSAGE =
  'databricks_catalog.catalog will be replaced: storage_root "s3://fx-gold/catalog/" → "s3://fx-gold2/catalog/" (set from env: aws_s3_bucket.gold through a cross-stack output, which env replaces). ' +
  "Replacing it destroys the existing one: managed tables under it are dropped. It is NOT protected by prevent_destroy.";
const PREDICTED =
  " Predicted from the synth output: this stack's plan reads the other stack's current state, so it shows the replacement only once that stack is applied (plan again then).";
const CATALOG_FIX =
  "fix: keep what storage_root is built from in env (aws_s3_bucket.gold) as it was; if the change is intended, back up or migrate the data first: Terraform destroys the existing databricks_catalog";
const CATALOG_SOURCE =
  "source: databricks/terraform-provider-databricks@v1.99.0 catalog/resource_catalog.go:52";
const PLAN_MESSAGE =
  "the plan replaces aws_s3_bucket.gold (delete, create) (the provider cannot update it in place); forced by triggers_replace: the existing one is destroyed (its data is deleted).";
const PLAN_CAUSE =
  "cause: the plan's actions delete, create (the provider cannot update it in place); forced by triggers_replace";
const PLAN_FIX =
  "fix: revert the change to triggers_replace; if the replacement is intended, back up or migrate the data first";
const PLAN_SOURCE = `source: ${ENV_PLAN}: aws_s3_bucket.gold actions [delete, create], action_reason replace_because_cannot_update, replace_paths triggers_replace`;
const NOTE =
  "reads outputs that env's plan changes (cross-stack-output-aws_s3_bucketgoldbucket): this plan shows what they change here only after env is applied. " +
  "Plan env-workspace again then, or review with the synth output (--base/--head) to predict it now.";

/** The lines of a report from its first line starting with `from`, `n` of them. */
function linesFrom(text: string, from: string, n: number): string[] {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(from));
  expect(at).toBeGreaterThanOrEqual(0);
  return lines.slice(at, at + n);
}

describe("synth output of both layers: the cascade on the workspace layer, naming the base-layer bucket", () => {
  const args = [
    "diff",
    "--base",
    twoLayerSynthDir("fx-gold"),
    "--head",
    twoLayerSynthDir("fx-gold2"),
    "--fail-on-destroy",
  ];

  test("PR comment: message, then fix and source in small print (the cause is the message's own words)", () => {
    const { code, out } = run(...args, "--format", "markdown");
    expect(code).toBe(EXIT_DATA_LOSS);
    expect(linesFrom(out, "> [!CAUTION]", 5)).toEqual([
      "> [!CAUTION]",
      "> **2 data-loss warnings** (data destroyed or replaced, or its protection weakened):",
      '> - **LIKELY REPLACE** env: aws_s3_bucket.gold will be replaced: bucket "fx-gold" → "fx-gold2". Replacing it destroys the existing one: its data is deleted. It is NOT protected by prevent_destroy.' +
        `<br><sub>${BUCKET_FIX}<br>${BUCKET_SOURCE}</sub>`,
      `> - **LIKELY REPLACE** env-workspace: ${CATALOG_MESSAGE}<br><sub>${CATALOG_FIX}<br>${CATALOG_SOURCE}</sub>`,
      ">",
    ]);
    expect(out).not.toContain("cause:");
    expect(markdownProblems(out)).toEqual([]);
  });

  test("terminal table: fix and source on lines of their own (the message quotes the cause)", () => {
    const { out } = run(...args);
    expect(linesFrom(out, "DATA-LOSS WARNINGS", 8)).toEqual([
      "DATA-LOSS WARNINGS (2):",
      '  ! LIKELY REPLACE env: aws_s3_bucket.gold will be replaced: bucket "fx-gold" → "fx-gold2". Replacing it destroys the existing one: its data is deleted. It is NOT protected by prevent_destroy.',
      `      ${BUCKET_FIX}`,
      `      ${BUCKET_SOURCE}`,
      `  ! LIKELY REPLACE env-workspace: ${CATALOG_MESSAGE}`,
      `      ${CATALOG_FIX}`,
      `      ${CATALOG_SOURCE}`,
      "",
    ]);
  });
});

describe("plans of both layers made before either is applied", () => {
  test("with the synth output: the plan's replacement with its cause, and the workspace cascade marked predicted", () => {
    const synth = ["--base", twoLayerSynthDir("fx-gold"), "--head", twoLayerSynthDir("fx-gold2")];
    const md = run("diff", ...PLANS, ...synth, "--format", "markdown").out;
    expect(linesFrom(md, "> [!CAUTION]", 5)).toEqual([
      "> [!CAUTION]",
      "> **2 data-loss warnings** (data destroyed or replaced, or its protection weakened):",
      `> - **REPLACE** env: ${PLAN_MESSAGE}<br><sub>${PLAN_CAUSE}<br>${PLAN_FIX}<br>${PLAN_SOURCE}</sub>`,
      `> - **LIKELY REPLACE** env-workspace: ${CATALOG_MESSAGE}${PREDICTED}<br><sub>${CATALOG_FIX}<br>${CATALOG_SOURCE}</sub>`,
      ">",
    ]);
    expect(markdownProblems(md)).toEqual([]);
    const table = run("diff", ...PLANS, ...synth).out;
    expect(linesFrom(table, "DATA-LOSS WARNINGS", 10)).toEqual([
      "DATA-LOSS WARNINGS (2):",
      `  ! REPLACE env: ${PLAN_MESSAGE}`,
      `      ${PLAN_CAUSE}`,
      `      ${PLAN_FIX}`,
      `      ${PLAN_SOURCE}`,
      `  ! LIKELY REPLACE env-workspace: ${CATALOG_MESSAGE}${PREDICTED}`,
      `      ${CATALOG_FIX}`,
      `      ${CATALOG_SOURCE}`,
      "",
      "Monthly cost: $53.00 -> $53.00 ($0.00)",
    ]);
  });

  test("plans only: the workspace plan is a no-op; a note (comment and table) says it cannot show the cascade yet", () => {
    const md = run("diff", ...PLANS, "--format", "markdown").out;
    expect(md).toContain("> **1 data-loss warning** (");
    expect(md).toContain(
      "<details><summary>1 note (no data loss): moves, imports, forgets, cross-stack changes a plan cannot show yet</summary>\n\n" +
        `- env-workspace: \`data.terraform_remote_state.cross-stack-reference-input-env\` ${NOTE}\n\n</details>\n`,
    );
    expect(markdownProblems(md)).toEqual([]);
    const table = run("diff", ...PLANS).out;
    expect(linesFrom(table, "Notes", 3)).toEqual([
      "Notes (1, no data loss):",
      `  env-workspace: data.terraform_remote_state.cross-stack-reference-input-env ${NOTE}`,
      "",
    ]);
  });
});

describe("under a tight limit", () => {
  const diff = JSON.parse(
    run(
      "diff",
      "--base",
      twoLayerSynthDir("fx-gold"),
      "--head",
      twoLayerSynthDir("fx-gold2"),
      "--format",
      "json",
    ).out,
  );

  test("in full: 3,004 characters", () => {
    expect(renderDiffMarkdown(diff).length).toBe(3_004);
  });

  test("cause and fix stay while whole <details> blocks go (warnings outrank deltas)", () => {
    const md = renderDiffMarkdown(diff, { maxChars: 2_600 });
    expect(md.length).toBeLessThanOrEqual(2_600);
    expect(md).toContain(`${CATALOG_MESSAGE}<br><sub>${CATALOG_FIX}<br>${CATALOG_SOURCE}</sub>\n`);
    expect(md).toContain(
      "_Per-resource deltas of 1 stack (env) dropped to stay under GitHub's 65,536-character comment limit: `npm run cost:diff` prints them._",
    );
    expect(md).not.toContain("cause and fix left out");
    expect(markdownProblems(md)).toEqual([]);
  });
});
