/** The readers of synthesized stacks and plans, the stack index, the value helpers and the stack walker. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateGuardrails } from "../../guardrails/engine";
import { TerraformJsonError } from "../../terraform-json/errors";
import { loadSnapshot } from "../../terraform-json/load";
import { defaultProvider } from "../../terraform-json/model";
import { readPlan } from "../../terraform-json/plan";
import { stackDirectories } from "../../terraform-json/stack-dirs";
import { StackIndex } from "../../terraform-json/stack-index";
import { readSynthesizedStack, unresolvedReferences } from "../../terraform-json/synthesized-stack";
import {
  block,
  blocks,
  bool,
  isFalse,
  isTrue,
  literalString,
  num,
  strings,
} from "../../terraform-json/values";

const FIXTURES = join(__dirname, "..", "cost", "fixtures");
const AWS_SYNTH = join(FIXTURES, "synth", "base", "stacks", "aws-test", "cdk.tf.json");

const synth = {
  "//": { metadata: { stackName: "demo" } },
  provider: { aws: [{ region: "eu-west-1" }, { alias: "us", region: "us-east-1" }] },
  resource: {
    aws_s3_bucket_versioning: {
      V: { bucket: "${aws_s3_bucket.B.id}", "//": { metadata: { path: "demo/Bucket/Versioning" } } },
    },
    aws_s3_bucket: {
      B: { bucket: "lake-bronze", "//": { metadata: { path: "demo/Bucket/Bucket" } } },
      A: { bucket: "lake-archive" },
    },
    aws_s3_bucket_policy: { ByName: { bucket: "lake-bronze" }, Other: { bucket: "${var.name}" } },
    aws_kms_alias: {
      Alias: { target_key_id: "${data.aws_kms_key.K.id}", name: "${aws_s3_bucket.B.region}" },
    },
  },
  data: { aws_kms_key: { K: { key_id: "alias/x" } } },
};

describe("readSynthesizedStack", () => {
  const stack = readSynthesizedStack(synth);

  test("elements sorted by type and logical id, without // metadata, with their construct path", () => {
    expect(stack.name).toBe("demo");
    expect(stack.resources.map((r) => r.address)).toEqual([
      "aws_kms_alias.Alias",
      "aws_s3_bucket.A",
      "aws_s3_bucket.B",
      "aws_s3_bucket_policy.ByName",
      "aws_s3_bucket_policy.Other",
      "aws_s3_bucket_versioning.V",
    ]);
    expect(stack.resources[2]).toEqual({
      mode: "managed",
      type: "aws_s3_bucket",
      name: "B",
      address: "aws_s3_bucket.B",
      attributes: { bucket: "lake-bronze" },
      constructPath: "demo/Bucket/Bucket",
    });
    expect(stack.dataSources).toEqual([
      {
        mode: "data",
        type: "aws_kms_key",
        name: "K",
        address: "data.aws_kms_key.K",
        attributes: { key_id: "alias/x" },
      },
    ]);
  });

  test("providers with their alias; the default one has none", () => {
    expect(stack.providers.map((p) => [p.name, p.alias])).toEqual([
      ["aws", undefined],
      ["aws", "us"],
    ]);
    expect(defaultProvider(stack, "aws")?.attributes.region).toBe("eu-west-1");
  });

  test("the stack name falls back to the directory; a malformed section names the file", () => {
    expect(readSynthesizedStack({ resource: {} }, { path: "out/stacks/aws-dev/cdk.tf.json" }).name).toBe(
      "aws-dev",
    );
    expect(() => readSynthesizedStack({ resource: { aws_s3_bucket: [] } }, { path: "x.json" })).toThrow(
      new TerraformJsonError("x.json: resource.aws_s3_bucket must be an object"),
    );
  });

  test("reading leaves the document untouched (it is the one synth writes)", () => {
    const json = deepFreeze(JSON.parse(readFileSync(AWS_SYNTH, "utf8")));
    const before = JSON.stringify(json);
    const report = evaluateGuardrails(json, { stackName: "aws-test", stage: "prod" });
    expect(report.totals.evaluated).toBeGreaterThan(0);
    expect(JSON.stringify(json)).toBe(before);
  });
});

describe("StackIndex", () => {
  const index = new StackIndex(readSynthesizedStack(synth));
  const bucket = index.get("aws_s3_bucket.B")!;

  test("lookup: the element an expression refers to first, data sources included", () => {
    expect(index.lookup("${aws_s3_bucket.B.arn}")?.address).toBe("aws_s3_bucket.B");
    expect(index.lookup("${var.x}-${data.aws_kms_key.K.arn}")?.address).toBe("data.aws_kms_key.K");
    expect(index.lookup("${aws_s3_bucket.Missing.arn}")).toBeUndefined();
    expect(index.lookup("literal")).toBeUndefined();
  });

  test("literal: a value, or the literal a plain reference points to", () => {
    expect(index.literal("eu-west-1")).toBe("eu-west-1");
    expect(index.literal("${aws_s3_bucket.B.bucket}")).toBe("lake-bronze");
    expect(index.literal("${aws_s3_bucket.V.bucket}")).toBeUndefined();
    expect(index.literal("${var.region}")).toBeUndefined();
  });

  test("linked: by reference, and by an identifying literal when asked", () => {
    expect(index.linked(bucket, "aws_s3_bucket_versioning", "bucket").map((r) => r.name)).toEqual(["V"]);
    expect(index.linked(bucket, "aws_s3_bucket_policy", "bucket")).toEqual([]);
    expect(
      index.linked(bucket, "aws_s3_bucket_policy", "bucket", { identifying: ["bucket"] }).map((r) => r.name),
    ).toEqual(["ByName"]);
    expect(index.linked(index.get("aws_s3_bucket.A")!, "aws_s3_bucket_versioning", "bucket")).toEqual([]);
  });

  test("linked with soleTarget: the only target of its type takes the candidates that refer to nothing", () => {
    const plan = readPlan(
      {
        format_version: "1.2",
        resource_changes: [
          change("azurerm_storage_account.lake", { name: "lake" }),
          change("azurerm_storage_container.bronze", { name: "bronze" }),
        ],
      },
      "p.json",
      "azure-prod",
    );
    const planIndex = new StackIndex(plan);
    const account = planIndex.get("azurerm_storage_account.lake")!;
    expect(planIndex.linked(account, "azurerm_storage_container", "storage_account_id")).toEqual([]);
    expect(
      planIndex
        .linked(account, "azurerm_storage_container", "storage_account_id", { soleTarget: true })
        .map((r) => r.address),
    ).toEqual(["azurerm_storage_container.bronze"]);
  });
});

function change(address: string, after: Record<string, unknown> | null, actions = ["create"], before = null) {
  const [type, name] = address.split(".");
  return { address, mode: "managed", type, name, change: { actions, before, after } };
}

describe("readPlan", () => {
  test("planned values, deletions, data reads and provider literals", () => {
    const plan = readPlan(
      {
        format_version: "1.2",
        resource_changes: [
          change("aws_s3_bucket.kept", { bucket: "b" }, ["no-op"]),
          change("aws_kinesis_stream.gone", null, ["delete"], { name: "s" } as never),
          { ...change("aws_s3_bucket.many", { bucket: "m" }), index: "x" },
          {
            address: "data.aws_region.r",
            mode: "data",
            type: "aws_region",
            name: "r",
            change: { actions: ["read"], after: { name: "eu-west-1" } },
          },
        ],
        configuration: {
          provider_config: {
            aws: {
              name: "aws",
              expressions: { region: { constant_value: "us-east-1" }, profile: { references: ["var.p"] } },
            },
            "aws.eu": { name: "aws", alias: "eu", expressions: { region: { constant_value: "eu-west-1" } } },
          },
        },
      },
      "plans/aws-prod.base.plan.json",
      "aws-prod",
    );
    expect(plan.name).toBe("aws-prod");
    expect(plan.resources.map((r) => [r.address, r.name, r.actions, r.attributes])).toEqual([
      ["aws_s3_bucket.kept", "kept", ["no-op"], { bucket: "b" }],
      ["aws_s3_bucket.many", 'many["x"]', ["create"], { bucket: "m" }],
    ]);
    expect(plan.deleted.map((r) => [r.address, r.attributes])).toEqual([
      ["aws_kinesis_stream.gone", { name: "s" }],
    ]);
    expect(plan.dataSources.map((r) => [r.mode, r.address])).toEqual([["data", "data.aws_region.r"]]);
    expect(plan.providers).toEqual([
      { name: "aws", attributes: { region: "us-east-1" } },
      { name: "aws", alias: "eu", attributes: { region: "eu-west-1" } },
    ]);
  });

  test("a plan is named by its caller or its cdktf.out/stacks/<stack>/ directory, never by its file name", () => {
    const json = { format_version: "1.2", resource_changes: [] };
    expect(readPlan(json, "cdktf.out/stacks/aws-prod/plan.json").name).toBe("aws-prod");
    expect(() => readPlan(json, "plans/aws-prod.plan.json")).toThrow(
      "plans/aws-prod.plan.json: a plan does not say which stack it is for; pass --plan <stack>=plans/aws-prod.plan.json (the file name is not used)",
    );
  });

  test("forget (a removed block with destroy = false) is a valid action; the object leaves the stack", () => {
    const plan = readPlan(
      {
        format_version: "1.2",
        resource_changes: [change("aws_s3_bucket.kept", null, ["forget"], { bucket: "k" } as never)],
      },
      "p.json",
      "s",
    );
    expect(plan.resources).toEqual([]);
    expect(plan.deleted).toEqual([]);
    expect(plan.plan!.changes.map((c) => c.actions)).toEqual([["forget"]]);
  });

  test("an unknown format version or action is an error naming the file", () => {
    expect(() => readPlan({ format_version: "2.0", resource_changes: [] }, "p.json")).toThrow(
      'p.json: unknown plan format_version "2.0" (supported: 1.x, from terraform show -json)',
    );
    expect(() =>
      readPlan({ format_version: "1.0", resource_changes: [change("a_b.c", {}, ["explode"])] }, "p.json"),
    ).toThrow('p.json: resource_changes[0].change.actions ["explode"] is not a valid action list');
  });
});

describe("value helpers", () => {
  test("blocks: an object or a list of objects", () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, "x", null, { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(blocks("${var.x}")).toEqual([]);
    expect(block([{ a: 1 }, { b: 2 }])).toEqual({ a: 1 });
    expect(block(undefined)).toBeUndefined();
  });

  test("booleans, numbers and strings as Terraform JSON may write them", () => {
    expect([bool(true), bool("false"), bool("${var.on}"), bool(1)]).toEqual([
      true,
      false,
      undefined,
      undefined,
    ]);
    expect([isTrue("true"), isTrue(undefined), isFalse(false), isFalse(undefined)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([num(3), num("2.5"), num(""), num("${var.n}"), num(Infinity)]).toEqual([
      3,
      2.5,
      undefined,
      undefined,
      undefined,
    ]);
    expect([literalString("eu"), literalString("${var.r}"), literalString(1)]).toEqual([
      "eu",
      undefined,
      undefined,
    ]);
    expect([strings(["a", 1, "b"]), strings("a"), strings(undefined)]).toEqual([["a", "b"], ["a"], []]);
  });
});

describe("unresolvedReferences", () => {
  test("reports what no resource, data source, variable, local or module declares", () => {
    expect(
      unresolvedReferences({
        variable: { region: {} },
        locals: { tags: {} },
        resource: {
          aws_x: {
            A: { a: "${var.region}", b: "${local.tags}", c: "${aws_x.B.id}", d: "${var.missing}" },
            B: { e: "${data.aws_y.Z.id}", f: "${each.value}", g: "${local.nope}" },
          },
        },
      }),
    ).toEqual(["var.missing", "data.aws_y.Z", "local.nope"]);
  });
});

describe("stackDirectories and loadSnapshot", () => {
  const root = mkdtempSync(join(tmpdir(), "tfjson-dirs-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  for (const stack of ["b-stack", "a-stack", "empty"])
    mkdirSync(join(root, "stacks", stack), { recursive: true });
  writeFileSync(join(root, "stacks", "a-stack", "cdk.tf.json"), JSON.stringify({ resource: {} }));
  writeFileSync(join(root, "stacks", "b-stack", "cdk.tf.json"), JSON.stringify({ resource: {} }));
  writeFileSync(join(root, "stacks", "b-stack", "guardrails.json"), "{}");

  test("a synth output, its stacks folder or one stack's folder; sorted; only folders with the file", () => {
    const a = join(root, "stacks", "a-stack");
    const b = join(root, "stacks", "b-stack");
    expect(stackDirectories(root)).toEqual([a, b]);
    expect(stackDirectories(join(root, "stacks"))).toEqual([a, b]);
    expect(stackDirectories(b)).toEqual([b]);
    expect(stackDirectories(root, "guardrails.json")).toEqual([b]);
    expect(stackDirectories(join(root, "nope"))).toEqual([]);
  });

  test("loadSnapshot reads every stack of a synth output, named by directory", () => {
    const snapshot = loadSnapshot(root);
    expect(snapshot.kind).toBe("synth");
    expect(snapshot.stacks.map((s) => s.name)).toEqual(["a-stack", "b-stack"]);
    expect(() => loadSnapshot(join(root, "stacks", "empty"))).toThrow(
      /^no synthesized stacks in .*empty \(expected stacks\/<stack>\/cdk.tf.json; run npm run synth\)$/,
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
