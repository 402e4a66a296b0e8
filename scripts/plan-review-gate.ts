/**
 * The plan-review gate: decides pass or fail for a pull request and writes the comment to post.
 * Run by .github/workflows/plan-review-gate.yml (trusted code of the default branch, never the PR's):
 *
 *   node dist/scripts/plan-review-gate.js --input gate-input.json --head-build <conclusion>
 *        --base-synth <outcome> [--review-exit <code>] [--review review.json] [--markdown plan-review.md]
 *        --out gate.json --comment comment.md
 *
 * gate-input.json is what the workflow gathered about the PR (see GateInput; a missing file is a context
 * error); the flags are the steps' results and override it; review.json is `cost/cli.js diff
 * --format json` of the base (the merge's first parent) against the head (the merge commit);
 * plan-review.md its Markdown. gate.json gets { state, description, fingerprint, lines }; comment.md the
 * Markdown with the gate's verdict under the summary line.
 *
 * Fails closed: anything the gate cannot establish (no PR context, a failed head build, a base that did
 * not synthesize, a review that did not run) is a failure with a message saying which, never a pass.
 * Data-loss warnings pass only with the `allow-data-loss` label AND a `/allow-data-loss <fingerprint>`
 * comment, by someone with write access other than the PR's author, whose fingerprint is the current
 * warning set's: a push that changes the set (cost/report/approval.ts) needs a new approval. An edited
 * comment never approves (write-access users can edit anyone's comment). A pull request that changes what
 * shapes the synth output or the review itself (REVIEW_INPUTS) needs the same approval even without
 * warnings, bound to its head commit: the verdict is computed from synth output the PR's code produced.
 * Stack names from the PR's cdktf.out (directories, metadata) must match STACK_NAME.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  APPROVAL_COMMAND,
  APPROVAL_LABEL,
  COMMENT_LIMIT,
  MARKDOWN_MARKER,
  warningFingerprint,
} from "../cost/report";

/** A data-loss warning as review.json carries it (only what the fingerprint and messages need). */
export interface GateWarning {
  readonly kind: string;
  readonly stack: string;
  readonly address: string;
}

/** A pull-request comment and its author's permission on the repository. */
export interface GateComment {
  readonly user: string;
  /** `admin`, `maintain`, `write`, `triage`, `read` or `none` (the collaborator permission API). */
  readonly permission: string;
  readonly body: string;
  readonly createdAt?: string;
  /** When the comment was last edited; a comment whose `updatedAt` differs from `createdAt` never approves. */
  readonly updatedAt?: string;
}

export interface GateInput {
  /** Why the workflow could not tie the run to a pull request and a base commit (unset when it could). */
  readonly contextError?: string;
  /** Conclusion of the pull_request run that tested and synthesized the merge commit. */
  readonly headBuild: string;
  /** Outcome of the base synth (the merge's first parent): success, failure, skipped, cancelled. */
  readonly baseSynth: string;
  readonly baseSha?: string;
  /** The pull request's head commit (what the gate's status goes on). */
  readonly headSha?: string;
  /**
   * Every path the pull request adds, changes, removes or renames (both names of a rename); unset: not
   * known, which counts as touching the review's inputs (fails closed).
   */
  readonly changedFiles?: readonly string[];
  /**
   * Stack names in the PR's cdktf.out: directory names and each cdk.tf.json's metadata stackName
   * (untrusted: they end up in the comment).
   */
  readonly stacks?: readonly string[];
  /** Exit code of `cli.js diff --fail-on-destroy` (0 ok, 1 bad input, 2 data loss); unset: not run. */
  readonly reviewExit?: number;
  readonly prAuthor?: string;
  readonly labels: readonly string[];
  readonly comments: readonly GateComment[];
}

export interface GateResult {
  readonly state: "success" | "failure";
  /** One line, at most 140 characters (a commit status description). */
  readonly description: string;
  /** The current warning set's fingerprint, when there are warnings. */
  readonly fingerprint?: string;
  /** The verdict for the comment (Markdown lines). */
  readonly lines: readonly string[];
}

const WRITE_ACCESS = new Set(["admin", "maintain", "write"]);

/** What a stack directory name in the PR's synth output must look like (cdktf stack ids in this repo). */
export const STACK_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Paths that shape the synth output or the review: a PR changing them controls what the gate compares
 * (the synth runs the PR's code), so it needs a maintainer's approval even without data-loss warnings.
 */
const REVIEW_INPUTS: readonly RegExp[] = [
  /^\.github\/workflows\//,
  /^package\.json$/,
  /^package-lock\.json$/,
  /^scripts\//,
  /^main\.ts$/,
  /^app-launcher\.ts$/,
  /^cdktf\.json$/,
];

/** The changed paths that shape the synth output or the review (all of them when the list is unknown). */
export function reviewInputsTouched(changedFiles: readonly string[] | undefined): string[] | undefined {
  if (changedFiles === undefined) return undefined;
  return changedFiles.filter((f) => REVIEW_INPUTS.some((re) => re.test(f)));
}
const APPROVAL_LINE = new RegExp(`^${APPROVAL_COMMAND}\\s+([0-9a-f]{16})\\s*$`, "gm");

/** Approvals that count: a maintainer's (write access, not the PR's author) `/allow-data-loss <fp>` lines. */
export function approvals(
  comments: readonly GateComment[],
  prAuthor?: string,
): Array<{ user: string; fingerprint: string }> {
  const out: Array<{ user: string; fingerprint: string }> = [];
  for (const c of comments) {
    if (!WRITE_ACCESS.has(c.permission) || c.user === prAuthor) continue;
    // Write access includes editing other people's comments: an edited approval could be the PR
    // author's words under a maintainer's name, so only unedited comments count.
    if (c.updatedAt !== c.createdAt) continue;
    for (const m of c.body.matchAll(APPROVAL_LINE)) out.push({ user: c.user, fingerprint: m[1]! });
  }
  return out;
}

function fail(description: string, ...detail: string[]): GateResult {
  return {
    state: "failure",
    description: description.length > 140 ? `${description.slice(0, 139)}…` : description,
    lines: [`**Plan-review gate: ❌ failed.** ${description}`, ...detail],
  };
}

/** The decision, from what the workflow gathered and the review's warnings (undefined: no review). */
export function decideGate(input: GateInput, warnings: readonly GateWarning[] | undefined): GateResult {
  if (input.headBuild !== "success")
    return fail(
      `The tests or the synth of the merge commit did not pass (plan-review run: ${input.headBuild}).`,
    );
  if (input.contextError) return fail(`Cannot review this run: ${input.contextError}.`);
  const badStack = (input.stacks ?? []).find((name) => !STACK_NAME.test(name));
  // The name is shown with every other character as `?`: it is the PR's text, and goes into the comment.
  if (badStack !== undefined)
    return fail(
      `The synth output has a stack named ${JSON.stringify(badStack.slice(0, 40).replace(/[^A-Za-z0-9_-]/g, "?"))}: stack names must match ${STACK_NAME.source}.`,
    );
  if (input.baseSynth !== "success")
    return fail(
      `The base${input.baseSha ? ` ${input.baseSha.slice(0, 12)}` : ""} (the merge's first parent) did not synthesize (${input.baseSynth}): without a diff, data loss cannot be ruled out.`,
      "",
      "Fix the base branch's synth first; a repository admin can merge past this gate if the pull request is that fix.",
    );
  if (input.reviewExit === undefined || input.reviewExit === 1 || warnings === undefined)
    return fail(
      `The cost and data-loss review did not run (exit ${input.reviewExit ?? "none"}): see the workflow log.`,
    );
  const touched = reviewInputsTouched(input.changedFiles);
  const codeReview = touched === undefined || touched.length > 0;
  if (warnings.length === 0 && !codeReview) {
    return {
      state: "success",
      description: "No data-loss warnings.",
      lines: ["**Plan-review gate: ✅ passed**: no data-loss warnings."],
    };
  }
  if (codeReview && !input.headSha) return fail("Cannot review this run: its head commit is unknown.");
  // A change to the review's inputs binds the approval to the head commit too: any push needs a new one.
  const fingerprint = warningFingerprint(
    codeReview ? [...warnings, { kind: "review-inputs", stack: "head", address: input.headSha! }] : warnings,
  );
  const n = [
    ...(warnings.length > 0
      ? [`${warnings.length} data-loss warning${warnings.length === 1 ? "" : "s"}`]
      : []),
    ...(codeReview ? ["changes to the review's inputs"] : []),
  ].join(" and ");
  const how = [
    `A maintainer (write access, not the author) comments \`${APPROVAL_COMMAND} ${fingerprint}\` and adds the \`${APPROVAL_LABEL}\` label (either re-runs the review).`,
    ...(codeReview
      ? [
          "",
          touched === undefined
            ? "The list of changed files is unknown, so this pull request may change what builds the synth output or the review: a maintainer reviews it, and approves this head commit only (a push needs a new approval)."
            : `This pull request changes what builds the synth output or the review (${touched
                .slice(0, 5)
                .map((f) => `\`${f.replace(/`/g, "'")}\``)
                .join(
                  ", ",
                )}${touched.length > 5 ? `, ${touched.length - 5} more` : ""}), so the gate cannot trust its own comparison: a maintainer reviews those changes, and approves this head commit only (a push needs a new approval).`,
        ]
      : []),
  ];
  const given = approvals(input.comments, input.prAuthor);
  const match = given.find((a) => a.fingerprint === fingerprint);
  const labelled = input.labels.includes(APPROVAL_LABEL);
  if (match && labelled) {
    return {
      state: "success",
      description: `${n} approved by @${match.user} (set ${fingerprint}).`.slice(0, 140),
      fingerprint,
      lines: [
        `**Plan-review gate: ✅ passed**: ${n} (set \`${fingerprint}\`) approved by @${match.user} with the \`${APPROVAL_LABEL}\` label.`,
      ],
    };
  }
  if (match)
    return {
      ...fail(
        `${n} (set ${fingerprint}) approved by @${match.user}, but the ${APPROVAL_LABEL} label is missing.`,
        ...how,
      ),
      fingerprint,
    };
  const stale = given[given.length - 1];
  if (stale)
    return {
      ...fail(
        `${n} (set ${fingerprint}) not approved: @${stale.user}'s approval covers set ${stale.fingerprint}; the ${codeReview ? "head or the warnings" : "warnings"} changed.`,
        ...how,
      ),
      fingerprint,
    };
  return { ...fail(`${n} (set ${fingerprint}) not approved.`, ...how), fingerprint };
}

/** The comment: the report with the verdict under its summary line (or the verdict alone). */
export function gateComment(result: GateResult, markdown: string | undefined): string {
  const verdict = [...result.lines, ""];
  if (!markdown) return [MARKDOWN_MARKER, "## Plan review: not available", "", ...verdict].join("\n");
  const lines = markdown.split("\n");
  const body = lines[0] === MARKDOWN_MARKER ? lines.slice(1) : lines;
  // Under the `## …` summary line: first what blocks the merge, then the report.
  const at = body[0]?.startsWith("## ") ? 2 : 0;
  const text = [MARKDOWN_MARKER, ...body.slice(0, at), ...verdict, ...body.slice(at)].join("\n");
  if (text.length > COMMENT_LIMIT)
    throw new Error(`the comment takes ${text.length} characters, over GitHub's ${COMMENT_LIMIT}`);
  return text;
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function main(argv: readonly string[]): number {
  const inputPath = option(argv, "--input");
  const out = option(argv, "--out");
  const commentPath = option(argv, "--comment");
  if (!inputPath || !out || !commentPath) {
    process.stderr.write(
      "usage: plan-review-gate --input <json> --head-build <conclusion> --base-synth <outcome> " +
        "[--review-exit <code>] [--review <json>] [--markdown <md>] --out <json> --comment <md>\n",
    );
    return 1;
  }
  const read = (path: string | undefined) =>
    path && existsSync(path) ? readFileSync(path, "utf8") : undefined;
  const gathered = read(inputPath);
  const reviewExit = option(argv, "--review-exit");
  const file: Partial<GateInput> = gathered
    ? (JSON.parse(gathered) as GateInput)
    : { contextError: "the gate could not gather its input (see the steps above)" };
  const input: GateInput = {
    ...file,
    labels: file.labels ?? [],
    comments: file.comments ?? [],
    headBuild: option(argv, "--head-build") || file.headBuild || "unknown",
    baseSynth: option(argv, "--base-synth") || file.baseSynth || "skipped",
    reviewExit: reviewExit ? Number(reviewExit) : file.reviewExit,
  };
  let warnings: GateWarning[] | undefined;
  const review = read(option(argv, "--review"));
  if (review) {
    try {
      const parsed = JSON.parse(review) as { report?: string; warnings?: GateWarning[] };
      if (parsed.report === "diff" && Array.isArray(parsed.warnings)) warnings = parsed.warnings;
    } catch {
      warnings = undefined; // an unreadable review is no review: the gate fails closed
    }
  }
  const result = decideGate(input, warnings);
  // The comment first: if it cannot be rendered (too long), no gate.json is written and the workflow
  // posts a failure (it trusts gate.json only when this step succeeded).
  writeFileSync(commentPath, gateComment(result, read(option(argv, "--markdown"))));
  writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(`${result.state}: ${result.description}\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
