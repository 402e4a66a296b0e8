/**
 * The data-loss review's parts: reference resolution (values, not text), and the plan review on real
 * `terraform show -json` plans (fixtures/plans/generate.sh).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reviewStackChange } from "../../cost/data-loss";
import { stackBackend, remoteStateProducer } from "../../terraform-json/cross-stack";
import { readPlanDocument } from "../../terraform-json/plan-changes";
import { readSynthesizedStack } from "../../terraform-json/synthesized-stack";
import { reviewPlanStack } from "../../cost/data-loss/plan-review";
import { ReferenceResolver } from "../../cost/data-loss/references";
import { readSynthDocument } from "../../cost/data-loss/synth-document";
import { reviewSynthStack } from "../../cost/data-loss/synth-review";
import { FIXTURES } from "./helpers";

const doc = readSynthDocument({
  data: { aws_caller_identity: { Me: {} } },
  locals: { prefix: "lh" },
  resource: {
    azurerm_resource_group: { Rg: { name: "rg", location: "westeurope" } },
    azurerm_storage_account: {
      Lake: {
        name: "${local.prefix}lake",
        location: "${azurerm_resource_group.Rg.location}",
        network_rules: [{ ip_rules: ["1.2.3.4"] }],
      },
    },
    databricks_schema: {
      Bronze: {
        storage_root: "abfss://bronze@${azurerm_storage_account.Lake.name}.dfs.core.windows.net/",
        comment: "${azurerm_storage_account.Lake.network_rules[0].ip_rules}",
        catalog_name: "${azurerm_storage_account.Lake.id}",
        owner: "${data.aws_caller_identity.Me.account_id}",
        tags: "${merge(var.tags, {a = azurerm_resource_group.Rg.name})}",
        escaped: "$${not.a.reference}",
      },
    },
  },
});

describe("reference resolution", () => {
  const resolver = new ReferenceResolver(doc, (a) => `${a}#id`);
  const schema = resolver.valuesOf("databricks_schema.Bronze");

  test("literal attributes are substituted, through locals and chains", () => {
    expect(resolver.valuesOf("azurerm_storage_account.Lake")).toMatchObject({
      name: "lhlake",
      location: "westeurope",
    });
    expect(schema.storage_root).toBe("abfss://bronze@lhlake.dfs.core.windows.net/");
  });

  test("a whole-string reference keeps the value's type; indexes into blocks work", () => {
    expect(schema.comment).toEqual(["1.2.3.4"]);
  });

  test("computed attributes become tokens of the object's identity; data sources of their arguments", () => {
    expect(schema.catalog_name).toBe("⟪azurerm_storage_account.Lake#id.id⟫");
    expect(schema.owner).toBe("⟪data.aws_caller_identity{}.account_id⟫");
  });

  test("references inside expressions are resolved in place; escaped ${ is text", () => {
    expect(schema.tags).toBe("merge(⟪var.tags⟫, {a = rg})");
    expect(schema.escaped).toBe("${not.a.reference}");
  });
});

describe("synth review: moved, import and removed", () => {
  const base = readSynthDocument({
    resource: {
      aws_s3_bucket: { Old: { bucket: "b", lifecycle: { prevent_destroy: true } }, Gone: { bucket: "g" } },
    },
  });
  test("a moved block keeps the object; a removed block with destroy = false forgets it", () => {
    const head = readSynthDocument({
      resource: { aws_s3_bucket: { New: { bucket: "b", lifecycle: { prevent_destroy: true } } } },
      moved: [{ from: "aws_s3_bucket.Old", to: "aws_s3_bucket.New" }],
      removed: [{ from: "aws_s3_bucket.Gone", lifecycle: { destroy: false } }],
    });
    const review = reviewSynthStack("s", base, head);
    expect(review.warnings).toEqual([]);
    expect(review.notes.map((n) => n.address)).toEqual(["aws_s3_bucket.New", "aws_s3_bucket.Gone"]);
  });

  test("without the blocks: a rename and a destroy", () => {
    const head = readSynthDocument({ resource: { aws_s3_bucket: { New: { bucket: "b" } } } });
    expect(
      reviewSynthStack("s", base, head).warnings.map((w) => [w.kind, w.address, w.preventDestroy]),
    ).toEqual([
      ["likely-replace", "aws_s3_bucket.Old", true],
      ["destroy", "aws_s3_bucket.Gone", false],
    ]);
  });
});

describe("plan review on a real terraform plan", () => {
  const plan = readPlanDocument(
    JSON.parse(readFileSync(join(FIXTURES, "plans", "change.plan.json"), "utf8")),
    "change.plan.json",
  );

  test("the plan's actions as Terraform wrote them", () => {
    expect(plan.changes.map((c) => [c.address, c.actions.join(",")])).toEqual([
      ["aws_s3_bucket.archive", "forget"],
      ["aws_s3_bucket.checkpoints", "create,delete"],
      ["aws_nat_gateway.egress", "create"],
      ["aws_kinesis_stream.events", "update"],
      ["aws_kms_key.key", "no-op"],
      ["aws_s3_bucket.landing", "delete,create"],
      ["aws_s3_bucket.logs", "no-op"],
      ["databricks_pipeline.pipeline", "delete"],
    ]);
    expect(plan.changes.find((c) => c.address === "aws_s3_bucket.logs")!.previousAddress).toBe(
      "aws_s3_bucket.old_logs",
    );
  });

  test("replacements and deletions of data owners warn with Terraform's reason; forget and moved are notes", () => {
    const review = reviewPlanStack("aws-prod", plan);
    expect(review.warnings.map((w) => [w.kind, w.address])).toEqual([
      ["replace", "aws_s3_bucket.checkpoints"],
      ["replace", "aws_s3_bucket.landing"],
      ["destroy", "databricks_pipeline.pipeline"],
    ]);
    expect(review.warnings[1]!.message).toBe(
      "the plan replaces aws_s3_bucket.landing (delete, create) (the provider cannot update it in place); forced by triggers_replace: the existing one is destroyed (its data is deleted).",
    );
    expect(review.warnings[2]!.message).toMatch(
      /it is no longer in the configuration.*drops its streaming tables/,
    );
    expect(review.notes.map((n) => n.message)).toEqual([
      "forgotten (it is no longer in the configuration): Terraform stops managing it; the object and its data stay.",
      "moved from aws_s3_bucket.old_logs: same object.",
    ]);
  });

  test("a plan with nothing to do: no warning", () => {
    const none = readPlanDocument(
      JSON.parse(readFileSync(join(FIXTURES, "plans", "no-change.plan.json"), "utf8")),
      "no-change.plan.json",
    );
    expect(none.changes.every((c) => c.actions.join() === "no-op")).toBe(true);
    expect(reviewPlanStack("aws-prod", none).warnings).toEqual([]);
  });

  test("the raw terraform_data plan reads too (forget is a valid action)", () => {
    const raw = readPlanDocument(
      JSON.parse(readFileSync(join(FIXTURES, "plans", "change.tfdata.json"), "utf8")),
      "change.tfdata.json",
    );
    expect(raw.changes.map((c) => c.type)).toEqual(Array(8).fill("terraform_data"));
    expect(reviewPlanStack("x", raw).warnings).toEqual([]); // terraform_data owns no data
  });
});

describe("plan review: protection read from before and after values", () => {
  const change = (address: string, actions: string[], before: unknown, after: unknown) => ({
    address,
    mode: "managed",
    type: address.split(".")[0],
    name: address.split(".")[1],
    change: { actions, before, after },
  });
  const bucket = { bucket: "lh-silver", tags: { layer: "silver" } };
  const plan = readPlanDocument(
    {
      format_version: "1.2",
      resource_changes: [
        change("aws_s3_bucket.silver", ["no-op"], bucket, bucket),
        change(
          "aws_s3_bucket_versioning.silver",
          ["update"],
          { bucket: "lh-silver", versioning_configuration: [{ status: "Enabled" }] },
          { bucket: "lh-silver", versioning_configuration: [{ status: "Suspended" }] },
        ),
        change("aws_s3_bucket_lifecycle_configuration.silver", ["create"], null, {
          bucket: "lh-silver",
          rule: [{ id: "expire", status: "Enabled", expiration: [{ days: 30 }] }],
        }),
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: "aws_s3_bucket_lifecycle_configuration.silver",
              expressions: { bucket: { references: ["aws_s3_bucket.silver.id", "aws_s3_bucket.silver"] } },
            },
          ],
        },
      },
    },
    "protection.json",
  );

  test("versioning suspended and an expiry rule on a Delta layer", () => {
    expect(reviewPlanStack("aws-prod", plan).warnings.map((w) => [w.kind, w.address, w.message])).toEqual([
      [
        "protection-downgrade",
        "aws_s3_bucket_versioning.silver",
        'aws_s3_bucket_versioning.silver changes versioning from Enabled to "Suspended": overwritten and deleted objects are no longer recoverable.',
      ],
      [
        "lifecycle-expiry",
        "aws_s3_bucket_lifecycle_configuration.silver",
        'aws_s3_bucket_lifecycle_configuration.silver rule "expire" expires current objects after 30 days on the silver layer (aws_s3_bucket.silver): Delta tables there lose files and break.',
      ],
    ]);
  });

  test("output changes and remote-state reads of real layered plans (fixtures/plans/layers-*)", () => {
    const read = (name: string) =>
      readPlanDocument(JSON.parse(readFileSync(join(FIXTURES, "plans", name), "utf8")), name);
    const env = read("layers-env.plan.json");
    const workspace = read("layers-workspace.plan.json");
    expect([...env.outputChanges!]).toEqual([["cross-stack-output-aws_s3_bucketgoldbucket", ["update"]]]);
    expect(env.remoteStates).toEqual([]);
    expect(workspace.remoteStates).toEqual(["cross-stack-reference-input-env"]);
    expect(workspace.changes.map((c) => [c.address, c.actions.join()])).toEqual([
      ["databricks_catalog.catalog", "no-op"],
    ]);
  });

  test("an unknown action is rejected with its place", () => {
    expect(() =>
      readPlanDocument(
        { format_version: "1.2", resource_changes: [change("aws_s3_bucket.x", ["explode"], null, {})] },
        "bad.json",
      ),
    ).toThrow('bad.json: resource_changes[0].change.actions ["explode"] is not a valid action list');
  });
});

describe("cross-stack references (cdktf remote state and outputs)", () => {
  const backend = (stack: string) => ({
    local: { path: `../${stack}/terraform.${stack}.tfstate` },
  });
  const producer = (bucket: string, id = "Gold") => ({
    terraform: { backend: backend("env") },
    resource: { aws_s3_bucket: { [id]: { bucket, lifecycle: { prevent_destroy: true } } } },
    output: { [`cross-stack-output-aws_s3_bucket${id}bucket`]: { value: `\${aws_s3_bucket.${id}.bucket}` } },
    ...(id === "Gold" ? {} : { moved: [{ from: "aws_s3_bucket.Gold", to: `aws_s3_bucket.${id}` }] }),
  });
  const consumer = (id = "Gold", dataName = "cross-stack-reference-input-env") => ({
    terraform: { backend: backend("env-workspace") },
    data: {
      terraform_remote_state: {
        [dataName]: {
          backend: "local",
          config: { path: "../env/terraform.env.tfstate" },
          workspace: "${terraform.workspace}",
        },
      },
    },
    resource: {
      databricks_catalog: {
        Catalog: {
          name: "c",
          storage_root: `s3://\${data.terraform_remote_state.${dataName}.outputs.cross-stack-output-aws_s3_bucket${id}bucket}/catalog/`,
        },
      },
    },
  });
  const stackList = (docs: Record<string, Record<string, unknown>>) =>
    Object.entries(docs).map(([name, doc]) => ({ name, backend: stackBackend(doc) }));

  test("the producing stack is the one with the remote state's backend, else the one it is named after", () => {
    const stacks = stackList({ env: producer("b"), "env-workspace": consumer() });
    const data = consumer().data.terraform_remote_state["cross-stack-reference-input-env"];
    expect(remoteStateProducer("cross-stack-reference-input-env", data, stacks)).toBe("env");
    expect(remoteStateProducer("anything", data, stacks)).toBe("env");
    const moved = { ...data, config: { path: "elsewhere" } };
    expect(remoteStateProducer("cross-stack-reference-input-env", moved, stacks)).toBe("env");
    expect(remoteStateProducer("anything", moved, stacks)).toBeUndefined();
  });

  function review(base: Record<string, unknown>, head: Record<string, unknown>) {
    const models = (docs: Record<string, unknown>) =>
      Object.entries(docs).map(([name, synth]) => ({ ...readSynthesizedStack(synth as never), name }));
    const [b, h] = [models(base), models(head)];
    return h.flatMap((s) =>
      reviewStackChange(
        s.name,
        b.find((x) => x.name === s.name),
        s,
        { base: b, head: h },
      ).warnings.map((w) => `${w.stack} ${w.kind} ${w.address}: ${w.cause}`),
    );
  }

  test("a renamed bucket replaces the catalog rooted in it, on the consuming stack, naming the bucket", () => {
    expect(
      review(
        { env: producer("lh-gold"), "env-workspace": consumer() },
        { env: producer("lh-gold2"), "env-workspace": consumer() },
      ),
    ).toEqual([
      'env likely-replace aws_s3_bucket.Gold: bucket "lh-gold" → "lh-gold2"',
      'env-workspace likely-replace databricks_catalog.Catalog: storage_root "s3://lh-gold/catalog/" → "s3://lh-gold2/catalog/" (set from env: aws_s3_bucket.Gold through a cross-stack output, which env replaces)',
    ]);
  });

  test("a logical-id rename with a moved block renames the output, and changes nothing", () => {
    expect(
      review(
        { env: producer("lh-gold"), "env-workspace": consumer() },
        { env: producer("lh-gold", "GoldBucket"), "env-workspace": consumer("GoldBucket") },
      ),
    ).toEqual([]);
  });

  test("without the producing stack the output's name is compared (never an 'undeclared' value)", () => {
    const workspace = (id: string) => readSynthDocument(consumer(id));
    const warnings = reviewSynthStack("env-workspace", workspace("Gold"), workspace("GoldBucket")).warnings;
    expect(warnings.map((w) => w.address)).toEqual(["databricks_catalog.Catalog"]);
  });
});
