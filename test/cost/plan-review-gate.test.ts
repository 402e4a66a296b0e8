/**
 * The plan-review workflows and their gate: both workflow files pass action-validator, the split keeps
 * PR code away from write tokens, the base is the merge's first parent, and the gate script fails closed
 * (base synth failure, failed head build, no review) and binds an approval to the warning set it approved.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import {
  type GateComment,
  type GateInput,
  type GateWarning,
  approvals,
  decideGate,
  gateComment,
  main,
} from "../../scripts/plan-review-gate";

const ROOT = join(__dirname, "..", "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");
const VALIDATOR = join(ROOT, "node_modules", ".bin", "action-validator");
// The gate workflow's pins (v7.1.0 and v4.4.0 tags of actions/github-script and actions/checkout).
const GITHUB_SCRIPT = "actions/github-script@f28e40c7f34bde8b3046d885e986cb6290c5673b";
const CHECKOUT = "actions/checkout@11d5960a326750d5838078e36cf38b85af677262";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function workflow(name: string): Json {
  return parse(readFileSync(join(WORKFLOWS, name), "utf8")) as Json;
}

describe("workflow files", () => {
  test.each(["plan-review.yml", "plan-review-gate.yml"])("%s passes action-validator", (file) => {
    const r = spawnSync(VALIDATOR, [join(WORKFLOWS, file)], { encoding: "utf8" });
    expect(r.stderr + r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  test("action-validator rejects a malformed workflow (the check is not vacuous)", () => {
    const dir = mkdtempSync(join(tmpdir(), "workflow-"));
    const bad = join(dir, "bad.yml");
    writeFileSync(
      bad,
      "name: x\non:\n  pull_request:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n",
    );
    expect(spawnSync(VALIDATOR, [bad], { encoding: "utf8" }).status).toBe(1);
  });

  test("part 1 runs PR code with a read-only token on the merge commit, and records its first parent", () => {
    const wf = workflow("plan-review.yml");
    expect(wf.name).toBe("plan-review");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.permissions).toEqual({ contents: "read" });
    const steps = wf.jobs.head.steps as Json[];
    const checkout = steps.find(
      (s) => s.uses === "actions/checkout@11d5960a326750d5838078e36cf38b85af677262",
    )!;
    expect(checkout.with).toEqual({
      ref: "refs/pull/${{ github.event.pull_request.number }}/merge",
      "fetch-depth": 2,
      "persist-credentials": false,
    });
    const record = steps.find((s) => s.name === "Record the commits")!;
    expect(record.run).toContain('"baseSha": "$(git rev-parse HEAD^1)"');
    expect(
      steps.some((s) => s.uses === "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02"),
    ).toBe(true);
    // Every action pinned to a full commit SHA (a tag can be moved).
    for (const step of steps.filter((s) => typeof s.uses === "string")) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    }
  });

  test("part 2 follows part 1 by name, never checks out PR code, and writes only status and comment", () => {
    const wf = workflow("plan-review-gate.yml");
    expect(wf.on).toEqual({
      workflow_run: { workflows: ["plan-review"], types: ["completed"] },
      issue_comment: { types: ["created"] },
    });
    // The first job only finds the run to gate (the triggering one, or the PR's latest for a comment):
    // a re-run by GITHUB_TOKEN would start no workflow_run, so nothing is re-run.
    expect(wf.jobs.run.permissions).toEqual({ actions: "read", "pull-requests": "read" });
    expect(wf.jobs.run.steps.map((s: Json) => s.uses)).toEqual([GITHUB_SCRIPT]);
    const find = wf.jobs.run.steps[0].with.script as string;
    expect(find).toContain(
      'if (context.eventName === "workflow_run") return use(context.payload.workflow_run);',
    );
    expect(find).toContain("/^\\/allow-data-loss\\s/m.test(");
    expect(find).not.toMatch(/reRunWorkflow|createWorkflowDispatch/);
    expect(wf.jobs.gate.needs).toBe("run");
    expect(wf.jobs.gate.if).toBe("needs.run.outputs.run_id != ''");
    // Serialized per head commit, whether a run or an approval comment started it.
    expect(wf.jobs.gate.concurrency).toEqual({
      group: "plan-review-gate-${{ needs.run.outputs.head_sha }}",
      "cancel-in-progress": false,
    });
    expect(wf.jobs.gate.env).toEqual({
      HEAD_SHA: "${{ needs.run.outputs.head_sha }}",
      RUN_ID: "${{ needs.run.outputs.run_id }}",
      RUN_CONCLUSION: "${{ needs.run.outputs.conclusion }}",
      HAS_APP: "${{ secrets.PLAN_REVIEW_APP_ID != '' && secrets.PLAN_REVIEW_APP_KEY != '' }}",
    });
    expect(wf.permissions).toEqual({
      contents: "read",
      actions: "read",
      "pull-requests": "write",
      statuses: "write",
    });
    const steps = wf.jobs.gate.steps as Json[];
    const refs = steps.filter((s) => s.uses === CHECKOUT).map((s) => s.with.ref);
    // The default branch (no ref) and the verified base commit only.
    expect(refs).toEqual([undefined, "${{ steps.pr.outputs.base_sha }}"]);
    const base = steps.find((s) => s.name === "Synthesize the base")!;
    expect(base["continue-on-error"]).toBe(true);
    for (const name of ["Decide", "Post the comment and the gate status"])
      expect(steps.find((s) => s.name === name)!.if).toBe("always()");
    expect(readFileSync(join(WORKFLOWS, "plan-review-gate.yml"), "utf8")).not.toMatch(
      /\$\{\{\s*github\.event\.workflow_run\.head_branch/,
    );
  });

  test("part 2 pins every action to a full commit SHA (download-artifact >= 4.1.7, CVE-2024-42471)", () => {
    const wf = workflow("plan-review-gate.yml");
    const uses = Object.values(wf.jobs as Record<string, Json>).flatMap((j) =>
      (j.steps as Json[]).flatMap((s) => (s.uses ? [s.uses as string] : [])),
    );
    expect(new Set(uses)).toEqual(
      new Set([
        GITHUB_SCRIPT,
        CHECKOUT,
        "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020",
        "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093",
        "actions/create-github-app-token@fee1f7d63c2ff003460e3d139729b119787bc349",
      ]),
    );
  });

  test("part 2 verifies the merge commit's parents and lists the PR's files through the API", () => {
    const steps = workflow("plan-review-gate.yml").jobs.gate.steps as Json[];
    const script = steps.find((s) => s.name === "Find the pull request and its base")!.with.script as string;
    expect(script).toContain("github.rest.repos.getCommit({ ...context.repo, ref: mergeSha })");
    expect(script).toContain("parents.length !== 2 || parents[0] !== baseSha || parents[1] !== pr.head.sha");
    expect(script).toContain("github.paginate(github.rest.pulls.listFiles,");
    expect(script).toContain("updatedAt: c.updated_at");
    expect(script).toContain("/^[A-Za-z0-9_-]+$/.test(name)");
    expect(script).toContain("if (meta?.stackName !== undefined) out.stacks.push(String(meta.stackName));");
    // The base is checked out (and synthesized) only after all of it: its output is set last.
    expect(script.trimEnd().split("\n").slice(-2)).toEqual([
      '            core.setOutput("base_sha", baseSha);'.trim(),
      "save();",
    ]);
  });

  test("part 2 records the verdict as a check run of the plan-review App when its secrets are set", () => {
    const gate = workflow("plan-review-gate.yml").jobs.gate as Json;
    expect(gate.env.HAS_APP).toBe(
      "${{ secrets.PLAN_REVIEW_APP_ID != '' && secrets.PLAN_REVIEW_APP_KEY != '' }}",
    );
    const steps = gate.steps as Json[];
    const app = steps.find((s) => s.id === "app")!;
    expect(app.if).toBe("always() && env.HAS_APP == 'true'");
    expect(app.with["permission-checks"]).toBe("write");
    const check = steps[steps.length - 1]!;
    expect(check.if).toBe("always() && steps.app.outputs.token != ''");
    expect(check.with["github-token"]).toBe("${{ steps.app.outputs.token }}");
    expect(check.with.script).toContain('name: "plan-review/gate"');
    expect(check.with.script).toContain('conclusion: gate.state === "success" ? "success" : "failure"');
  });

  test("part 2 trusts gate.json only when the Decide step succeeded", () => {
    const steps = workflow("plan-review-gate.yml").jobs.gate.steps as Json[];
    const post = steps.find((s) => s.name === "Post the comment and the gate status")!;
    expect(post.env.DECIDE_OUTCOME).toBe("${{ steps.gate.outcome }}");
    expect(post.with.script).toContain('const decided = process.env.DECIDE_OUTCOME === "success";');
    expect(post.with.script).toContain(
      'if (decided) try { gate = JSON.parse(fs.readFileSync("gate.json", "utf8")); } catch {}',
    );
  });
});

const OK: GateInput = {
  headBuild: "success",
  baseSynth: "success",
  baseSha: "9a8b7c6d5e4f30211f2e3d4c5b6a79880a1b2c3d",
  headSha: "1f2e3d4c5b6a79880a1b2c3d9a8b7c6d5e4f3021",
  changedFiles: ["stacks/environment.ts", "test/stacks/environment.test.ts"],
  stacks: ["aws-prod", "azure-prod"],
  reviewExit: 2,
  prAuthor: "alice",
  labels: [],
  comments: [],
};
const GOLD: GateWarning = { kind: "destroy", stack: "aws-prod", address: "aws_s3_bucket.Gold" };
const LAKE: GateWarning = { kind: "replace", stack: "azure-prod", address: "azurerm_storage_account.Lake" };
/** sha256("destroy aws-prod aws_s3_bucket.Gold")[0:16], computed independently with sha256sum. */
const GOLD_SET = "6c294f2cb0042e9f";
const maintainer = (body: string, user = "bob"): GateComment => ({ user, permission: "write", body });

describe("gate decision", () => {
  test("fails closed when the base does not synthesize, with a message saying so", () => {
    const r = decideGate({ ...OK, baseSynth: "failure", reviewExit: undefined }, undefined);
    expect(r.state).toBe("failure");
    expect(r.description).toBe(
      "The base 9a8b7c6d5e4f (the merge's first parent) did not synthesize (failure): without a diff, data loss cannot be ruled out.",
    );
    // Even with an approval on the PR: nothing was reviewed.
    const labelled = { ...OK, baseSynth: "failure", labels: ["allow-data-loss"] };
    expect(decideGate(labelled, undefined).state).toBe("failure");
  });

  test("fails closed on a failed head build, a missing context or a review that did not run", () => {
    expect(decideGate({ ...OK, headBuild: "failure" }, []).description).toBe(
      "The tests or the synth of the merge commit did not pass (plan-review run: failure).",
    );
    expect(decideGate({ ...OK, contextError: "base 123 is not on main" }, []).description).toBe(
      "Cannot review this run: base 123 is not on main.",
    );
    expect(decideGate({ ...OK, reviewExit: 1 }, []).state).toBe("failure");
    expect(decideGate({ ...OK, reviewExit: undefined }, undefined).description).toBe(
      "The cost and data-loss review did not run (exit none): see the workflow log.",
    );
  });

  test("passes with no warnings", () => {
    expect(decideGate({ ...OK, reviewExit: 0 }, [])).toEqual({
      state: "success",
      description: "No data-loss warnings.",
      lines: ["**Plan-review gate: ✅ passed**: no data-loss warnings."],
    });
  });

  test("warnings need the label and a maintainer's comment with this set's fingerprint", () => {
    expect(decideGate(OK, [GOLD])).toMatchObject({
      state: "failure",
      fingerprint: GOLD_SET,
      description: `1 data-loss warning (set ${GOLD_SET}) not approved.`,
    });
    const approved = {
      ...OK,
      labels: ["allow-data-loss"],
      comments: [maintainer(`/allow-data-loss ${GOLD_SET}`)],
    };
    expect(decideGate(approved, [GOLD])).toMatchObject({
      state: "success",
      description: `1 data-loss warning approved by @bob (set ${GOLD_SET}).`,
    });
    expect(decideGate({ ...approved, labels: [] }, [GOLD]).description).toBe(
      `1 data-loss warning (set ${GOLD_SET}) approved by @bob, but the allow-data-loss label is missing.`,
    );
  });

  test("a changed warning set after approval fails: the approval covers the old set only", () => {
    const approved = {
      ...OK,
      labels: ["allow-data-loss"],
      comments: [maintainer(`/allow-data-loss ${GOLD_SET}`)],
    };
    const r = decideGate(approved, [GOLD, LAKE]);
    expect(r.state).toBe("failure");
    expect(r.fingerprint).toBe("5fdc3b5b0e5beaea");
    expect(r.description).toBe(
      `2 data-loss warnings (set 5fdc3b5b0e5beaea) not approved: @bob's approval covers set ${GOLD_SET}; the warnings changed.`,
    );
    expect(r.lines[1]).toBe(
      "A maintainer (write access, not the author) comments `/allow-data-loss 5fdc3b5b0e5beaea` and adds the `allow-data-loss` label (either re-runs the review).",
    );
    // The same set in another order is the same approval.
    expect(
      decideGate({ ...approved, comments: [maintainer("/allow-data-loss 5fdc3b5b0e5beaea")] }, [LAKE, GOLD])
        .state,
    ).toBe("success");
  });

  test("approvals count only from write access, not from the PR's author, on a line of their own", () => {
    const comments: GateComment[] = [
      { user: "alice", permission: "admin", body: `/allow-data-loss ${GOLD_SET}` }, // the author
      { user: "carol", permission: "read", body: `/allow-data-loss ${GOLD_SET}` },
      { user: "dave", permission: "write", body: `please run /allow-data-loss ${GOLD_SET}` },
      { user: "erin", permission: "maintain", body: `LGTM\n/allow-data-loss ${GOLD_SET}\n` },
    ];
    expect(approvals(comments, "alice")).toEqual([{ user: "erin", fingerprint: GOLD_SET }]);
  });

  test("an edited comment never approves (write access can edit anyone's comment)", () => {
    const at = "2026-11-20T10:00:00Z";
    const original = { ...maintainer(`/allow-data-loss ${GOLD_SET}`), createdAt: at, updatedAt: at };
    expect(approvals([original], "alice")).toEqual([{ user: "bob", fingerprint: GOLD_SET }]);
    // bob's old approval of another set, edited (by the author, say) to the new fingerprint.
    const edited = { ...original, updatedAt: "2026-11-21T08:30:00Z" };
    expect(approvals([edited], "alice")).toEqual([]);
    const labelled = { ...OK, labels: ["allow-data-loss"] };
    expect(decideGate({ ...labelled, comments: [edited] }, [GOLD]).description).toBe(
      `1 data-loss warning (set ${GOLD_SET}) not approved.`,
    );
    expect(decideGate({ ...labelled, comments: [edited, original] }, [GOLD]).state).toBe("success");
  });
});

describe("pull requests that change the review's inputs", () => {
  /** sha256("review-inputs head 1f2e…3021")[0:16], computed independently with sha256sum. */
  const HEAD_ONLY = "455b0c3ae019df18";
  /** The same with GOLD's id on the line before (sorted ids). */
  const HEAD_AND_GOLD = "0c10ff9e27ea717c";

  test.each([
    [".github/workflows/plan-review.yml"],
    ["package.json"],
    ["package-lock.json"],
    ["scripts/plan-review-gate.ts"],
    ["main.ts"],
    ["app-launcher.ts"],
    ["cdktf.json"],
  ])("%s needs an approval even without data-loss warnings", (file) => {
    const input = { ...OK, reviewExit: 0, changedFiles: ["stacks/environment.ts", file] };
    const r = decideGate(input, []);
    expect(r).toMatchObject({
      state: "failure",
      fingerprint: HEAD_ONLY,
      description: `changes to the review's inputs (set ${HEAD_ONLY}) not approved.`,
    });
    expect(r.lines[3]).toContain(`(\`${file}\`)`);
    const approved = {
      ...input,
      labels: ["allow-data-loss"],
      comments: [maintainer(`/allow-data-loss ${HEAD_ONLY}`)],
    };
    expect(decideGate(approved, [])).toMatchObject({
      state: "success",
      description: `changes to the review's inputs approved by @bob (set ${HEAD_ONLY}).`,
    });
    // A push (another head) needs a new approval.
    const pushed = { ...approved, headSha: "0".repeat(40) };
    expect(decideGate(pushed, []).state).toBe("failure");
  });

  test("paths that only look alike do not count; an unknown file list counts (fails closed)", () => {
    const look = ["docs/package.json", "examples/main.ts", "test/scripts/x.ts", ".github/CODEOWNERS"];
    expect(decideGate({ ...OK, reviewExit: 0, changedFiles: look }, []).state).toBe("success");
    const unknown = decideGate({ ...OK, reviewExit: 0, changedFiles: undefined }, []);
    expect(unknown).toMatchObject({ state: "failure", fingerprint: HEAD_ONLY });
    expect(
      decideGate({ ...OK, reviewExit: 0, changedFiles: undefined, headSha: undefined }, []).description,
    ).toBe("Cannot review this run: its head commit is unknown.");
  });

  test("with warnings, one approval covers both, bound to the head", () => {
    const input = { ...OK, changedFiles: ["main.ts"], labels: ["allow-data-loss"] };
    const r = decideGate({ ...input, comments: [maintainer(`/allow-data-loss ${GOLD_SET}`)] }, [GOLD]);
    expect(r.description).toBe(
      `1 data-loss warning and changes to the review's inputs (set ${HEAD_AND_GOLD}) not approved: @bob's approval covers set ${GOLD_SET}; the head or the warnings changed.`.slice(
        0,
        139,
      ) + "…",
    );
    const ok = decideGate({ ...input, comments: [maintainer(`/allow-data-loss ${HEAD_AND_GOLD}`)] }, [GOLD]);
    expect(ok.state).toBe("success");
  });
});

describe("stack names from the PR's synth output", () => {
  test.each([
    ["aws-prod](https://evil.example)", "aws-prod??https???evil?example?"],
    ["@org/team", "?org?team"],
    ["<img src=x>", "?img?src?x?"],
    ["a b", "a?b"],
    ["", ""],
  ])("rejects %j (fails closed, says which without echoing markup)", (name, shown) => {
    const r = decideGate({ ...OK, reviewExit: 0, stacks: ["aws-prod", name] }, []);
    expect(r.state).toBe("failure");
    expect(r.description).toBe(
      `The synth output has a stack named "${shown}": stack names must match ^[A-Za-z0-9_-]+$.`,
    );
  });

  test("accepts the example's names", () => {
    const stacks = ["azure-dev", "azure-dev-workspace", "aws_prod", "AwsProd2"];
    expect(decideGate({ ...OK, reviewExit: 0, stacks }, []).state).toBe("success");
  });
});

describe("gate comment and CLI", () => {
  test("the verdict goes under the summary line; the comment stays under 65,536 characters", () => {
    const report = [
      "<!-- cdktf-lakehouse-plan-review -->",
      "## Plan review: $1.00 → $2.00 per month (+$1.00, +100.0%), 1 of 2 stacks changed",
      "",
      "Commit abc",
      "",
      "x".repeat(63_000),
      "",
    ].join("\n");
    const verdict = decideGate(OK, [GOLD]);
    const text = gateComment(verdict, report);
    expect(text.split("\n").slice(0, 6)).toEqual([
      "<!-- cdktf-lakehouse-plan-review -->",
      "## Plan review: $1.00 → $2.00 per month (+$1.00, +100.0%), 1 of 2 stacks changed",
      "",
      `**Plan-review gate: ❌ failed.** 1 data-loss warning (set ${GOLD_SET}) not approved.`,
      `A maintainer (write access, not the author) comments \`/allow-data-loss ${GOLD_SET}\` and adds the \`allow-data-loss\` label (either re-runs the review).`,
      "",
    ]);
    expect(text.length).toBeLessThanOrEqual(65_536);
  });

  test("base synth failed, no review file: gate.json says failure and the comment says why", () => {
    const dir = mkdtempSync(join(tmpdir(), "gate-"));
    const input = join(dir, "gate-input.json");
    writeFileSync(input, JSON.stringify({ ...OK, baseSynth: "failure", reviewExit: undefined }));
    const out = join(dir, "gate.json");
    const comment = join(dir, "comment.md");
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const code = main([
      "--input",
      input,
      "--review",
      join(dir, "none.json"),
      "--out",
      out,
      "--comment",
      comment,
    ]);
    write.mockRestore();
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).state).toBe("failure");
    expect(readFileSync(comment, "utf8")).toMatch(
      /^<!-- cdktf-lakehouse-plan-review -->\n## Plan review: not available\n\n\*\*Plan-review gate: ❌ failed\.\*\* The base 9a8b7c6d5e4f/,
    );
  });

  test("as the workflow calls it: step results by flag (an empty one when a step was skipped)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gate-"));
    const input = join(dir, "gate-input.json");
    const { headBuild: _h, baseSynth: _b, reviewExit: _r, ...gathered } = OK;
    writeFileSync(input, JSON.stringify(gathered));
    const out = join(dir, "gate.json");
    const gate = (...flags: string[]) => {
      const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
      // The first --input wins: a case may name another file.
      main([...flags, "--input", input, "--out", out, "--comment", join(dir, "c.md")]);
      write.mockRestore();
      return JSON.parse(readFileSync(out, "utf8")) as { state: string; description: string };
    };
    const review = join(dir, "review.json");
    writeFileSync(review, JSON.stringify({ report: "diff", warnings: [] }));
    expect(
      gate("--head-build", "success", "--base-synth", "success", "--review-exit", "0", "--review", review),
    ).toEqual(expect.objectContaining({ state: "success" }));
    expect(
      gate("--head-build", "success", "--base-synth", "failure", "--review-exit", "", "--review", review),
    ).toEqual(
      expect.objectContaining({
        state: "failure",
        description: expect.stringMatching(/^The base 9a8b7c6d5e4f /),
      }),
    );
    expect(gate("--head-build", "success", "--base-synth", "", "--review-exit", "")).toEqual(
      expect.objectContaining({ state: "failure" }),
    );
    expect(
      gate("--input", join(dir, "missing.json"), "--head-build", "success", "--base-synth", "success")
        .description,
    ).toBe("Cannot review this run: the gate could not gather its input (see the steps above).");
  });

  test("a comment that cannot be rendered leaves no gate.json and fails the step", () => {
    const dir = mkdtempSync(join(tmpdir(), "gate-"));
    const input = join(dir, "gate-input.json");
    const review = join(dir, "review.json");
    const markdown = join(dir, "plan-review.md");
    writeFileSync(input, JSON.stringify({ ...OK, reviewExit: 0 }));
    writeFileSync(review, JSON.stringify({ report: "diff", warnings: [] }));
    writeFileSync(markdown, "## Plan review: huge\n\n" + "x".repeat(70_000));
    const out = join(dir, "gate.json");
    expect(() =>
      main([
        "--input",
        input,
        "--review",
        review,
        "--markdown",
        markdown,
        "--out",
        out,
        "--comment",
        join(dir, "c.md"),
      ]),
    ).toThrow(/over GitHub's 65536/);
    expect(existsSync(out)).toBe(false);
  });

  test("a review file that is not a diff report is no review (fails closed)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gate-"));
    const input = join(dir, "gate-input.json");
    const review = join(dir, "review.json");
    writeFileSync(input, JSON.stringify({ ...OK, reviewExit: 0 }));
    writeFileSync(review, JSON.stringify({ report: "cost", warnings: [] }));
    const out = join(dir, "gate.json");
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    main(["--input", input, "--review", review, "--out", out, "--comment", join(dir, "c.md")]);
    write.mockRestore();
    expect(JSON.parse(readFileSync(out, "utf8")).state).toBe("failure");
  });
});
