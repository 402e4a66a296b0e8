/** The CLI run in-process (main(argv, io)) for each format and exit code, and bad input. */
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthFailure, writeSynthRecord } from "../../terraform-json/synth-output";
import { EXIT_BAD_INPUT, EXIT_DATA_LOSS, EXIT_OK } from "../../cost/cli";
import { MARKDOWN_MARKER } from "../../cost/report";
import { FIXTURES, SYNTH_BASE, synthVariant, tempFile, runCli } from "./helpers";

const run = runCli;

const PLAN_HEAD = join(FIXTURES, "plans", "head", "aws-plan.plan.json");
/** A real `terraform show -json` plan (see fixtures/plans/generate.sh). */
const REAL_PLAN = join(FIXTURES, "plans", "change.plan.json");
const removedBucket = synthVariant(({ aws }) => {
  delete aws.resource.aws_s3_bucket.GoldBucket;
});

describe("cost", () => {
  test("table: per-resource components, stack totals, unpriced list, assumptions and list-price note", () => {
    const { code, out, err } = run("cost", "--synth-dir", SYNTH_BASE);
    expect(err).toBe("");
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/Stack: aws-test \(aws us-east-1, stage prod/);
    expect(out).toMatch(/├─ Storage \(STANDARD\)/);
    expect(out).toMatch(/OVERALL TOTAL \(2 stacks\)/);
    expect(out).toMatch(/Unpriced \(not counted in the totals\):/);
    expect(out).toMatch(/azure-test: databricks_some_future_thing.Thing: no pricing rule/);
    expect(out).toMatch(/Usage assumptions, prod:/);
    expect(out).toMatch(/Public list prices in USD .* as of/);
  });

  test("markdown: marker, summary line, per-stack table, details per stack", () => {
    const { code, out } = run("cost", "--synth-dir", SYNTH_BASE, "--format", "markdown");
    expect(code).toBe(EXIT_OK);
    expect(out.startsWith(MARKDOWN_MARKER)).toBe(true);
    expect(out).toMatch(/^## Monthly cost estimate: \$[\d,]+\.\d\d across 2 stacks$/m);
    expect(out).toMatch(/^\| Stack \| Cloud \/ region \| Stage \| Monthly cost/m);
    expect(out).toMatch(/<details><summary><b>aws-test<\/b>/);
    expect(out.match(/<details>/g)!.length).toBe(out.match(/<\/details>/g)!.length);
  });

  test("json: parseable, with stacks, totals and currency", () => {
    const { code, out } = run("cost", "--synth-dir", SYNTH_BASE, "--format", "json");
    expect(code).toBe(EXIT_OK);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ report: "cost", currency: "USD", kind: "synth" });
    expect(json.stacks.map((s: { name: string }) => s.name)).toEqual(["aws-test", "azure-test"]);
    expect(json.monthlyCost).toBeCloseTo(
      json.stacks.reduce((a: number, s: { monthlyCost: number }) => a + s.monthlyCost, 0),
      6,
    );
  });

  test("a plan file: the planned state, and the plan's own change with its deletions", () => {
    const { code, out } = run("cost", "--plan", `aws-plan=${PLAN_HEAD}`, "--format", "json");
    expect(code).toBe(EXIT_OK);
    const json = JSON.parse(out);
    expect(json.stacks[0].name).toBe("aws-plan");
    expect(json.planChange.stacks[0].resources).toContainEqual(
      expect.objectContaining({ address: "aws_kinesis_stream.events", change: "removed" }),
    );
    const stream = json.planChange.stacks[0].resources.find(
      (r: { address: string }) => r.address === "aws_kinesis_stream.events",
    );
    expect(stream.delta).toBeLessThan(0);
    expect(json.planChange.headCost).toBeCloseTo(json.monthlyCost, 6);
  });

  test("the stack is named explicitly, never from the file name", () => {
    const renamed = tempFile("aws-prod.base.plan.json", readFileSync(REAL_PLAN, "utf8"));
    const { code, out } = run("cost", "--plan", `aws-prod=${renamed}`, "--format", "json");
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(out).stacks.map((s: { name: string }) => s.name)).toEqual(["aws-prod"]);
    const table = run("cost", "--plan", `aws-prod=${renamed}`).out;
    expect(table).toMatch(/Change in this plan \(before -> after\):/);
  });

  test("a usage file changes the stage", () => {
    const { code, out } = run(
      "cost",
      "--synth-dir",
      SYNTH_BASE,
      "--usage",
      join(FIXTURES, "usage-valid.json"),
    );
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/Stack: aws-test \(aws us-east-1, stage staging \(usage file\)/);
  });
});

describe("cost says which config the synth output came from", () => {
  function synthDirWith(edit: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), "cost-synth-"));
    cpSync(SYNTH_BASE, dir, { recursive: true });
    edit(dir);
    return dir;
  }

  test("first line of the table: the config file recorded by synth; stderr for json", () => {
    const dir = synthDirWith((d) =>
      writeSynthRecord(d, {
        config: { path: "/work/acme/lakehouse.config.yaml", via: "working directory" },
        stacks: [],
      }),
    );
    const table = run("cost", "--synth-dir", dir);
    expect(table.code).toBe(EXIT_OK);
    expect(table.out.split("\n")[0]).toBe(
      `config: /work/acme/lakehouse.config.yaml (via working directory), synthesized into ${dir}`,
    );
    const json = run("cost", "--synth-dir", dir, "--format", "json");
    expect(() => JSON.parse(json.out)).not.toThrow();
    expect(json.err).toContain("config: /work/acme/lakehouse.config.yaml (via working directory)");
  });

  test("an output whose last synth failed is not priced", () => {
    const dir = synthDirWith((d) =>
      writeSynthFailure(d, {
        config: { via: "built-in example" },
        reason: "Invalid lakehouse config (2 problems):",
      }),
    );
    const { code, out, err } = run("cost", "--synth-dir", dir);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(out).toBe("");
    expect(err).toMatch(/^error: the last synth of .* failed \(Invalid lakehouse config \(2 problems\):\)/);
  });
});

describe("diff", () => {
  test("markdown: data-loss warning on top, summary line with total and delta, changed stacks and details", () => {
    const { code, out, err } = run(
      "diff",
      "--base",
      SYNTH_BASE,
      "--head",
      removedBucket,
      "--format",
      "markdown",
    );
    expect(code).toBe(EXIT_OK);
    expect(err).toMatch(/1 data-loss warning/);
    const lines = out.split("\n");
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toMatch(
      /^## Plan review: \$[\d,]+\.\d\d → \$[\d,]+\.\d\d per month \(-\$[\d,]+\.\d\d, -\d+\.\d%\), 1 of 2 stacks changed$/,
    );
    expect(out.indexOf("[!CAUTION]")).toBeLessThan(out.indexOf("| Stack |"));
    expect(out).toMatch(/\*\*DESTROY\*\* aws-test: aws_s3_bucket.GoldBucket/);
    expect(out).toMatch(
      /^\| aws-test \| \$[\d,.]+ \| \$[\d,.]+ \| -\$[\d,.]+, -\d+\.\d% \| 0 added, 1 removed, 0 changed \|$/m,
    );
    expect(out).toMatch(/<details><summary><b>aws-test<\/b>: \$[\d,.]+ → \$[\d,.]+ \(-\$/);
    expect(out.match(/<details>/g)!.length).toBe(out.match(/<\/details>/g)!.length);
  });

  test("--fail-on-destroy exits 2 when a stateful resource is destroyed", () => {
    expect(run("diff", "--base", SYNTH_BASE, "--head", removedBucket, "--fail-on-destroy").code).toBe(
      EXIT_DATA_LOSS,
    );
    expect(run("diff", "--plan", `aws-plan=${PLAN_HEAD}`, "--fail-on-destroy").code).toBe(EXIT_DATA_LOSS);
  });

  test("--fail-on-destroy exits 0 without data loss", () => {
    const { code, out } = run("diff", "--base", SYNTH_BASE, "--head", SYNTH_BASE, "--fail-on-destroy");
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/Monthly cost: \$[\d,.]+ -> \$[\d,.]+ \(\$0\.00\)/);
  });

  test("plan-first: a stack with a plan takes its actions from the plan; the others come from synth", () => {
    const head = synthVariant(({ aws, azure }) => {
      delete aws.resource.aws_s3_bucket.GoldBucket; // synth alone would predict this destroy
      delete aws.resource.aws_kms_key.StorageKey.lifecycle; // only the configuration shows this
      delete azure.resource.azurerm_storage_container.Gold;
    });
    const { code, out } = run(
      "diff",
      "--base",
      SYNTH_BASE,
      "--head",
      head,
      "--plan",
      `aws-test=${REAL_PLAN}`,
      "--format",
      "json",
    );
    expect(code).toBe(EXIT_OK);
    const json = JSON.parse(out);
    expect(
      json.warnings.map(
        (w: { stack: string; kind: string; address: string }) => `${w.stack} ${w.kind} ${w.address}`,
      ),
    ).toEqual([
      "aws-test protection-downgrade aws_kms_key.StorageKey",
      "aws-test replace aws_s3_bucket.checkpoints",
      "aws-test replace aws_s3_bucket.landing",
      "aws-test destroy databricks_pipeline.pipeline",
      "azure-test destroy azurerm_storage_container.Gold",
    ]);
    expect(json.notes.map((n: { address: string }) => n.address)).toEqual([
      "aws_s3_bucket.archive",
      "aws_s3_bucket.logs",
    ]);
  });

  test("table and json formats", () => {
    const table = run("diff", "--plan", `aws-plan=${PLAN_HEAD}`);
    expect(table.out).toMatch(/DATA-LOSS WARNINGS \(2\)/);
    expect(table.out).toMatch(/-\/\+ aws_s3_bucket.landing \[bucket\]/);
    const json = JSON.parse(run("diff", "--plan", `aws-plan=${PLAN_HEAD}`, "--format", "json").out);
    expect(json.report).toBe("diff");
    expect(json.warnings).toHaveLength(2);
  });
});

describe("bad input exits 1 with a clear message", () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      "missing synth dir",
      ["cost", "--synth-dir", "/nonexistent/cdktf.out"],
      /input not found: \/nonexistent\/cdktf.out/,
    ],
    [
      "empty synth dir",
      ["cost", "--synth-dir", FIXTURES + "/plans"],
      /no synthesized stacks in .*run npm run synth/,
    ],
    [
      "malformed plan",
      ["cost", "--plan", tempFile("malformed.json", '{"format_version": "1.2", "resource_changes": [')],
      /malformed.json is not valid JSON/,
    ],
    [
      "unknown plan version",
      ["cost", "--plan", join(FIXTURES, "plans", "unknown-version.json")],
      /unknown plan format_version "2.0" \(supported: 1.x/,
    ],
    [
      "negative usage",
      ["cost", "--synth-dir", SYNTH_BASE, "--usage", join(FIXTURES, "usage-negative.json")],
      /stages.prod.warehouse.hoursPerDay: -3 is negative/,
    ],
    [
      "non-numeric usage",
      ["cost", "--synth-dir", SYNTH_BASE, "--usage", join(FIXTURES, "usage-non-numeric.json")],
      /stacks.aws-test.usage.storage.landing.storedGb: "lots" is not a number/,
    ],
    [
      "missing usage file",
      ["cost", "--usage", "/nope/usage.json"],
      /usage file not found: \/nope\/usage.json/,
    ],
    [
      "unknown format",
      ["cost", "--format", "html"],
      /--format must be one of table, markdown, json, got 'html'/,
    ],
    ["unknown command", ["estimate"], /unknown command 'estimate'/],
    ["diff without head", ["diff", "--base", SYNTH_BASE], /diff needs both --base <dir> and --head <dir>/],
    [
      "synth vs plan",
      ["diff", "--base", SYNTH_BASE, "--head", PLAN_HEAD],
      /aws-plan.plan.json is a plan: a plan already holds both sides of its change; use diff --plan <stack>=/,
    ],
    [
      "not terraform json",
      ["cost", "--plan", `aws-plan=${join(FIXTURES, "usage-valid.json")}`],
      /usage-valid.json is not a Terraform plan JSON/,
    ],
    [
      "plan without a stack name",
      ["cost", "--plan", REAL_PLAN],
      /change.plan.json: a plan does not say which stack it is for; pass --plan <stack>=/,
    ],
    ["diff of nothing", ["diff"], /diff needs --base <dir> and --head <dir>, or --plan <stack>=<plan.json>/],
    [
      "not a synth or plan file",
      ["diff", "--base", join(FIXTURES, "usage-valid.json"), "--head", SYNTH_BASE],
      /is neither a cdktf cdk.tf.json .* nor a Terraform plan JSON/,
    ],
  ];
  test.each(cases)("%s", (_name, argv, message) => {
    const { code, err, out } = run(...argv);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  test("a region missing from the catalog leaves that stack unpriced, the others priced (exit 0)", () => {
    const dir = synthVariant(({ azure }) => {
      azure.resource.azurerm_resource_group.Rg.location = "mars-central";
    });
    const { code, err, out } = run("cost", "--synth-dir", dir);
    expect(err).toBe("");
    expect(code).toBe(EXIT_OK);
    expect(out).toContain(
      "UNPRICED STACK (not in the totals): no catalog for azure mars-central (catalog has azure/eastus, azure/westeurope); add cost/catalog/azure-mars-central.json",
    );
    expect(out).toMatch(/Stack: aws-test \(aws us-east-1, stage prod/);
    expect(out).toMatch(/ \(totals exclude 1 unpriced stack: azure-test\)/);
  });

  test("malformed cdk.tf.json in a synth dir", () => {
    const path = tempFile("cdk.tf.json", "{ not json");
    const { code, err } = run("cost", "--synth-dir", path.replace(/cdk\.tf\.json$/, ""));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toMatch(/cdk.tf.json is not valid JSON/);
  });

  test("--help prints usage and exits 0", () => {
    const { code, out } = run("--help");
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(
      /cli.js diff \[--base <dir\|cdk.tf.json> --head <dir\|cdk.tf.json>\] \[--plan <stack>=<plan.json>\]/,
    );
  });
});
