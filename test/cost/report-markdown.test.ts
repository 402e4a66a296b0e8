/**
 * The plan-review comment: small when nothing changes, under GitHub's 65,536-character limit however
 * large the change (dropping whole blocks, never cutting one), warnings first, the commit SHA shown.
 * Markdown validity is checked structurally (markdown-check.ts).
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { EXIT_OK } from "../../cost/cli";
import { fitSections } from "../../cost/report/fit";
import { renderDiffMarkdown, warningFingerprint } from "../../cost/report";
import { htmlText, markdownText, unlink } from "../../cost/report/format";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { SYNTH_BASE, synthVariant, runCli } from "./helpers";
import { markdownProblems } from "./markdown-check";

const SHA = "3f2c9e1b7a6d5c4b3a29180f7e6d5c4b3a291807";
const BASE_SHA = "9a8b7c6d5e4f30211f2e3d4c5b6a79880a1b2c3d";

const run = runCli;

function markdownDiff(base: string, head: string, ...extra: string[]): string {
  const { code, out } = run("diff", "--base", base, "--head", head, "--format", "markdown", ...extra);
  expect(code).toBe(EXIT_OK);
  return out;
}

/** The amounts the estimator computed (the JSON report), formatted here as the report should show them. */
function amounts(
  base: string,
  head: string,
): { base: number; head: number; stacks: Record<string, [number, number]> } {
  const d = JSON.parse(run("diff", "--base", base, "--head", head, "--format", "json").out) as {
    baseCost: number;
    headCost: number;
    stacks: Array<{ name: string; baseCost: number; headCost: number }>;
  };
  return {
    base: d.baseCost,
    head: d.headCost,
    stacks: Object.fromEntries(d.stacks.map((s) => [s.name, [s.baseCost, s.headCost]])),
  };
}

/** A multiline regex of literal text and regex parts, in order. */
function re(...parts: Array<string | RegExp>): RegExp {
  const source = parts
    .map((p) =>
      typeof p === "string"
        ? p
            .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
            .replace(/^\\\^/, "^")
            .replace(/\\\$$/, "$")
        : p.source,
    )
    .join("");
  return new RegExp(source, "m");
}

function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The example as `cdktf synth` writes it: the app at once, so cross-stack references become outputs and reads. */
function synthExample(input: typeof EXAMPLE_CONFIG): string {
  const app = Testing.app();
  addLakehouseStacks(app, loadConfig(input));
  app.synth();
  return app.outdir;
}

/** 100 buckets under logical ids `Data0..99` (base) or `Renamed0..99` (head): 100 resources renamed. */
function hundredBuckets(idPrefix: string): string {
  return synthVariant(({ aws }) => {
    for (let i = 0; i < 100; i++) {
      aws.resource.aws_s3_bucket[`${idPrefix}${i}`] = {
        bucket: `t-test-data-${i}`,
        tags: { layer: "silver", environment: "test" },
        lifecycle: { prevent_destroy: true },
      };
    }
  });
}

describe("markdown checker", () => {
  test("finds what a cut at a fixed length breaks", () => {
    expect(
      markdownProblems("<details><summary>x</summary>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</details>\n"),
    ).toEqual([]);
    expect(markdownProblems("<details><summary>x</summary>\n\n| a | b |\n|---|---|\n| 1 | 2")).toEqual([
      "line 5: text right after a table (no blank line): | 1 | 2",
      "1 <details> not closed",
    ]);
    expect(markdownProblems("\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\ntext\n")).toEqual([
      "line 4: 3 cells in a table of 2: | 1 | 2 | 3 |",
      "line 5: text right after a table (no blank line): text",
    ]);
    expect(markdownProblems("```\ncode\n")).toEqual(["code fence not closed"]);
    expect(markdownProblems("a `b\n</details>\n")).toEqual([
      "line 1: inline code not closed: a `b",
      "line 2: </details> without <details>",
    ]);
  });
});

describe("fitSections", () => {
  const sections = [
    { head: ["# Title", ""], items: [], tail: [], level: 0 },
    {
      head: ["| n |", "|---|"],
      items: [["| row number 1 |"], ["| row number 2 |"], ["| row number 3 |"]],
      tail: [""],
      level: 2,
      dropped: (n: number) => `_${n} rows dropped_\n`,
    },
    {
      head: [],
      items: [
        ["<details>", "aaaaaaaaaa", "</details>"],
        ["<details>", "bbbbbbbbbb", "</details>"],
      ],
      tail: [],
      level: 1,
      dropped: (n: number, kept: number) => `_${n} blocks dropped after ${kept}_`,
    },
  ];

  test("keeps everything when it fits", () => {
    const full = fitSections(sections, 1000);
    expect(full.dropped).toBe(0);
    expect(full.text).toBe(
      "# Title\n\n| n |\n|---|\n| row number 1 |\n| row number 2 |\n| row number 3 |\n\n<details>\naaaaaaaaaa\n</details>\n<details>\nbbbbbbbbbb\n</details>\n",
    );
  });

  test("drops whole blocks (level 1) before rows (level 2), saying what was dropped", () => {
    const oneBlock = fitSections(sections, 135);
    expect(oneBlock.text).toBe(
      "# Title\n\n| n |\n|---|\n| row number 1 |\n| row number 2 |\n| row number 3 |\n\n<details>\naaaaaaaaaa\n</details>\n_1 blocks dropped after 1_\n",
    );
    const rows = fitSections(sections, 90);
    expect(rows.text).toBe(
      "# Title\n\n| n |\n|---|\n| row number 1 |\n\n_2 rows dropped_\n\n_2 blocks dropped after 0_\n",
    );
    expect(rows.text.length).toBe(84);
    expect(rows.dropped).toBe(4);
    expect([rows.droppedFrom(1), rows.droppedFrom(2), rows.droppedFrom(3)]).toEqual([4, 2, 0]);
    expect(oneBlock.droppedFrom(2)).toBe(0);
  });
});

describe("warning fingerprint", () => {
  const a = { kind: "destroy", stack: "aws-prod", address: "aws_s3_bucket.Gold" } as const;
  const b = { kind: "replace", stack: "azure-prod", address: "azurerm_storage_account.Lake" } as const;

  test("the same set in any order has one fingerprint; another set has another", () => {
    expect(warningFingerprint([a, b])).toBe("5fdc3b5b0e5beaea");
    expect(warningFingerprint([b, a, a])).toBe("5fdc3b5b0e5beaea");
    expect(warningFingerprint([a])).not.toBe("5fdc3b5b0e5beaea");
    expect(warningFingerprint([a, { ...b, kind: "destroy" }])).not.toBe("5fdc3b5b0e5beaea");
  });
});

describe("diff markdown on the fixture", () => {
  test("no change: a summary line, the commit, the unchanged stacks in one line, under 5 KB", () => {
    const md = markdownDiff(SYNTH_BASE, SYNTH_BASE, "--sha", SHA, "--base-sha", BASE_SHA);
    const total = usd(amounts(SYNTH_BASE, SYNTH_BASE).head);
    expect(md.split("\n").slice(0, 6)).toEqual([
      "<!-- cdktf-lakehouse-plan-review -->",
      `## Plan review: no change, ${total} per month across 2 stacks`,
      "",
      `Commit ${SHA} · compared with ${BASE_SHA} · list prices as of 2024-02-01 to 2026-11-27 · 0 data-loss warnings`,
      "",
      `2 unchanged stacks (${total} per month): aws-test, azure-test.`,
    ]);
    expect(md).not.toContain("<details>");
    expect(md.length).toBeLessThanOrEqual(5_000);
    expect(markdownProblems(md)).toEqual([]);
  });

  test("a removed bucket: warning first, one row for the changed stack, components before → after", () => {
    const head = synthVariant(({ aws }) => delete aws.resource.aws_s3_bucket.GoldBucket);
    const md = markdownDiff(SYNTH_BASE, head, "--sha", SHA);
    const lines = md.split("\n");
    const a = amounts(SYNTH_BASE, head);
    expect(a.head - a.base).toBeCloseTo(-53, 6);
    const [awsBase, awsHead] = a.stacks["aws-test"]!.map(usd);
    expect(lines[1]).toMatch(
      re(
        `^## Plan review: ${usd(a.base)} → ${usd(a.head)} per month (-$53.00, -0.`,
        /\d/,
        `%), 1 of 2 stacks changed$`,
      ),
    );
    expect(lines[3]).toBe(`Commit ${SHA} · list prices as of 2024-02-01 to 2026-11-27 · 1 data-loss warning`);
    expect(lines.slice(5, 8)).toEqual([
      "> [!CAUTION]",
      "> **1 data-loss warning** (data destroyed or replaced, or its protection weakened):",
      "> - **DESTROY** aws-test: aws_s3_bucket.GoldBucket (aws_s3_bucket) is removed from the configuration: Terraform destroys it (its data is deleted). It is NOT protected by prevent_destroy." +
        "<br><sub>cause: aws_s3_bucket.GoldBucket removed from the configuration" +
        "<br>fix: keep aws_s3_bucket.GoldBucket in the configuration, or stop managing it without deleting it (removed { from = aws_s3_bucket.GoldBucket, lifecycle { destroy = false } }); if it must go, back up its data first</sub>",
    ]);
    expect(md).toContain(
      "> Warning set `ade7e8792ac904a2`. To accept exactly this set, a maintainer comments `/allow-data-loss ade7e8792ac904a2` and adds the `allow-data-loss` label",
    );
    expect(md).toMatch(
      re(
        `^| aws-test | ${awsBase} | ${awsHead} | -$53.00, -0.`,
        /\d/,
        `% | 0 added, 1 removed, 0 changed |\n`,
      ),
    );
    expect(md).toContain(
      `| **Total (2 stacks)** | ${usd(a.base)} | ${usd(a.head)} | **-$53.00** | |\n\n` +
        `1 unchanged stack (${usd(a.stacks["azure-test"]![1])} per month): azure-test.\n`,
    );
    expect(md).not.toMatch(/^\| azure-test/m);
    expect(md).toContain(
      "| removed | `aws_s3_bucket.GoldBucket` | $53.00 | $0.00 | -$53.00 |\n" +
        "| | ↳ Storage (STANDARD) | $23.00 | — | -$23.00 |\n" +
        "| | ↳ Write requests (PUT/COPY/POST/LIST) | $10.00 | — | -$10.00 |\n" +
        "| | ↳ Read requests (GET, other) | $20.00 | — | -$20.00 |\n",
    );
    expect(markdownProblems(md)).toEqual([]);
  });

  test("a predicted replacement shows its fix and the provider source; its cause, quoted by the message, once", () => {
    const head = synthVariant(({ aws }) => {
      aws.resource.aws_s3_bucket.LandingBucket.bucket = "t-test-landing-2";
    });
    const md = markdownDiff(SYNTH_BASE, head);
    expect(md).toContain(
      '> - **LIKELY REPLACE** aws-test: aws_s3_bucket.LandingBucket will be replaced: bucket "t-test-landing" → "t-test-landing-2". ' +
        "Replacing it destroys the existing one: its data is deleted. prevent_destroy is set, so the apply will fail rather than lose data." +
        '<br><sub>fix: keep bucket at "t-test-landing"; if the change is intended, back up or migrate the data first: Terraform destroys the existing aws_s3_bucket' +
        "<br>source: hashicorp/terraform-provider-aws@v6.25.0 internal/service/s3/bucket.go (unverified at tag)</sub>\n",
    );
    expect(md.split('bucket "t-test-landing" → "t-test-landing-2"')).toHaveLength(2);
    expect(md).not.toContain("cause:");
    expect(markdownProblems(md)).toEqual([]);
  });
});

describe("100 renamed resources", () => {
  const base = hundredBuckets("Data");
  const head = hundredBuckets("Renamed");

  test("stays under 65,536 characters, valid Markdown, warnings first, the SHA shown", () => {
    const md = markdownDiff(base, head, "--sha", SHA);
    const aws = usd(amounts(base, head).stacks["aws-test"]![1]);
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(markdownProblems(md)).toEqual([]);
    expect(md).toContain(`Commit ${SHA} ·`);
    expect(md.indexOf("> [!CAUTION]")).toBeGreaterThan(0);
    expect(md.indexOf("> [!CAUTION]")).toBeLessThan(md.indexOf("| Stack | Before | After |"));
    expect(md).toContain("> **100 data-loss warnings**");
    // Cause and fix of 100 renames (~23 KB) would push the deltas out: left out, saying so; the message
    // still names the fix (a moved block).
    expect(md).toContain(
      "> _Each warning's cause and fix left out to stay under GitHub's 65,536-character comment limit (`npm run cost:diff` prints them)._\n>\n> Warning set `",
    );
    expect(md).not.toMatch(/(<sub>|<br>)(cause|fix): /);
    expect(md).toContain(
      '> - **LIKELY REPLACE** aws-test: aws_s3_bucket.Data0 disappears while aws_s3_bucket.Renamed0 of the same type appears: a logical-id change without a moved block, so Terraform destroys the old aws_s3_bucket and creates a new one (its data is deleted). If it is the same object, add a moved block (cdktf: moveFromId("aws_s3_bucket.Data0") on the new resource). prevent_destroy is set, so the apply will fail rather than lose data.\n',
    );
    // Every resource row fits once the per-component rows are left out (the block is not dropped).
    expect(md).toContain(`<details><summary><b>aws-test</b>: ${aws} → ${aws} ($0.00), 100 added`);
    expect(md.match(/^\| (added|removed) \| `aws_s3_bucket\.(Data|Renamed)\d+` \|/gm)).toHaveLength(200);
    expect(md).toContain(
      "_Per-component rows left out to stay under GitHub's 65,536-character comment limit._",
    );
    expect(md).toContain(`| aws-test | ${aws} | ${aws} | $0.00 | 100 added, 100 removed, 0 changed |`);
  });

  test("a tighter limit drops whole <details> blocks, then warning rows, and says so", () => {
    // The CLI's limit is fixed; the renderer takes one: render the CLI's diff (JSON) under 8,000.
    const diff = JSON.parse(run("diff", "--base", base, "--head", head, "--format", "json").out);
    expect(diff.warnings).toHaveLength(100);
    const small = renderDiffMarkdown(diff, { sha: SHA, maxChars: 8_000 });
    expect(small.length).toBeLessThanOrEqual(8_000);
    expect(markdownProblems(small)).toEqual([]);
    expect(small).toContain(
      "_Per-resource deltas of 1 stack (aws-test) dropped to stay under GitHub's 65,536-character comment limit: `npm run cost:diff` prints them._",
    );
    expect(small).toMatch(
      /^> - _… \d+ more warnings dropped to stay under GitHub's 65,536-character comment limit \(`npm run cost:diff` lists all; the set above covers all\)\._$/m,
    );
    expect(small).toContain(`Commit ${SHA} ·`);
    const aws = usd(diff.stacks.find((s: { name: string }) => s.name === "aws-test").headCost);
    expect(small).toContain(`| aws-test | ${aws} | ${aws} | $0.00 | 100 added, 100 removed, 0 changed |`);
  });
});

describe("the example (12 stacks)", () => {
  const base = synthExample(EXAMPLE_CONFIG);

  test("no change: under 5 KB (was 47 KB)", () => {
    const md = markdownDiff(base, base, "--sha", SHA);
    expect(md.length).toBeLessThanOrEqual(5_000);
    expect(md).toContain("## Plan review: no change, $");
    expect(md).toMatch(/^12 unchanged stacks \(\$[\d,.]+ per month\): aws-dev, aws-dev-workspace, /m);
    expect(markdownProblems(md)).toEqual([]);
  });

  test("a prefix rename over both layers: under 65,536 characters (was 94.6 KB, cut mid-<details>), valid Markdown, every warning kept", () => {
    const input = structuredClone(EXAMPLE_CONFIG);
    (input.project as { prefix: string }).prefix = "frdlx";
    const md = markdownDiff(base, synthExample(input), "--sha", SHA);
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(markdownProblems(md)).toEqual([]);
    expect(md.indexOf("> [!CAUTION]")).toBeLessThan(md.indexOf("| Stack | Before | After |"));
    expect(md).toContain(`Commit ${SHA} ·`);
    // Both layers: the buckets and account renamed in <env>, the catalogs and schemas rooted in them
    // replaced in <env>-workspace, each naming the base-layer resource it follows.
    expect(md).toContain("> **86 data-loss warnings**");
    expect(md).toContain(
      '> - **LIKELY REPLACE** aws-dev-workspace: databricks_catalog.UnityCatalog_025DEE8A will be replaced: storage_root "s3://frdlh-dev-gold-&lt;data.aws_caller_identity{}.account_id after apply>-us-east-1/catalog/" → "s3://frdlx-dev-gold-&lt;data.aws_caller_identity{}.account_id after apply>-us-east-1/catalog/" (set from aws-dev: aws_s3_bucket.Storage_Gold_Bucket_FBD276FF through a cross-stack output, which aws-dev replaces).',
    );
    // With their cause and fix they do not fit: every warning row stays, without them.
    expect(md).not.toMatch(/more warnings? dropped/);
    expect(md).toContain(
      "> _Each warning's cause and fix left out to stay under GitHub's 65,536-character comment limit (`npm run cost:diff` prints them)._",
    );
  });
});

describe("untrusted names in the comment (stack directories and addresses come from the PR's synth output)", () => {
  test("markdownText and htmlText leave no link, image, mention, HTML or table break", () => {
    expect(markdownText("aws-prod")).toBe("aws-prod");
    expect(markdownText("a_b")).toBe("a\\_b");
    expect(markdownText("[x](https://e.example) ![i](y) <img src=x> @org/team a|b `c`")).toBe(
      "\\[x\\]\\(https:&#8203;//e.example\\) \\!\\[i\\]\\(y\\) \\<img src=x\\> @&#8203;org/team a\\|b \\`c\\`",
    );
    expect(markdownText("line\nbreak www.e.example")).toBe("line break www&#8203;.e.example");
    expect(htmlText('<b>"x"</b> & @org')).toBe("&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; @&#8203;org");
    // A package version or an S3 URL is no mention or autolink: left alone.
    expect(unlink("provider@v6.25.0 s3://bucket")).toBe("provider@v6.25.0 s3://bucket");
    expect(unlink("@@org (@team)")).toBe("@&#8203;@&#8203;org (@&#8203;team)");
  });

  test("a stack named with Markdown renders inert in the plan review", () => {
    // The report names a stack by its cdk.tf.json metadata (the gate also checks both).
    const evil = "pwn @org [click](https:x) <img src=x> ![i](https:y)";
    const named = (aws: Record<string, any>) => (aws["//"].metadata.stackName = evil); // eslint-disable-line @typescript-eslint/no-explicit-any
    const base = synthVariant(({ aws }) => named(aws));
    const head = synthVariant(({ aws }) => {
      named(aws);
      delete aws.resource.aws_s3_bucket.GoldBucket;
    });
    const md = markdownDiff(base, head, "--sha", SHA);
    expect(md).toContain(
      "**DESTROY** pwn @&#8203;org \\[click\\]\\(https:x\\) \\<img src=x\\> \\!\\[i\\]\\(https:y\\):",
    );
    expect(md).toContain("<b>pwn @&#8203;org [click](https:x) &lt;img src=x&gt; ![i](https:y)</b>");
    expect(md).not.toMatch(/(^|[^A-Za-z0-9_])@org/m);
    expect(md).not.toMatch(/(^|[^\\])<img/m); // `\<` is a literal `<`
    // Outside the <summary> (an HTML block, where Markdown is not parsed) no link opens.
    expect(md.replace(/<summary>.*<\/summary>/g, "")).not.toMatch(/(^|[^\\])\[click\]\(/m);
    expect(markdownProblems(md)).toEqual([]);
  });

  test("an address with Markdown in a warning message opens no link and mentions no one", () => {
    const evil = "Gold](https:x) @org";
    const base = synthVariant(({ aws }) => {
      const buckets = aws.resource.aws_s3_bucket;
      buckets[evil] = buckets.GoldBucket;
      delete buckets.GoldBucket;
    });
    const head = synthVariant(({ aws }) => delete aws.resource.aws_s3_bucket.GoldBucket);
    const md = markdownDiff(base, head, "--sha", SHA);
    const warning = md.split("\n").find((l) => l.startsWith("> - **DESTROY**"))!;
    expect(warning).toContain("aws_s3_bucket.Gold]\\(https:x) @&#8203;org (aws_s3_bucket) is removed");
    // Outside code spans (literal, as in the per-resource table: `aws_s3_bucket.Gold](https:x) @org`).
    const text = md.replace(/`[^`\n]*`/g, "");
    expect(text).not.toMatch(/(?<![A-Za-z0-9_])@org/);
    expect(text).not.toMatch(/\]\(https:x\)/);
    expect(md).toContain("| `aws_s3_bucket.Gold](https:x) @org` |");
  });
});
