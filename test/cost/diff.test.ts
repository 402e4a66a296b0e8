import { join } from "node:path";
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";
import { diffSnapshots } from "../../cost/diff";
import { planDiffInputs } from "../../cost/plan-input";
import { loadPlans, loadSnapshot } from "../../terraform-json/load";
import { DEFAULT_USAGE } from "../../cost/usage";
import { AWS, FIXTURES, SYNTH_BASE, amount, catalogs, synthVariant } from "./helpers";

const U = DEFAULT_USAGE.prod;
const HOURS = 730;

function diffWith(edit: Parameters<typeof synthVariant>[0]) {
  return diffSnapshots(loadSnapshot(SYNTH_BASE), loadSnapshot(synthVariant(edit)), { catalogs });
}

describe("synth vs synth", () => {
  test("identical outputs: no changes, zero delta, no warnings", () => {
    const d = diffWith(() => {});
    expect(d.delta).toBe(0);
    expect(d.warnings).toEqual([]);
    expect(d.stacks.map((s) => s.change)).toEqual(["unchanged", "unchanged"]);
  });

  test("added resource: listed with its monthly cost as the delta", () => {
    const d = diffWith(({ aws }) => {
      aws.resource.aws_nat_gateway.SecondNat = { allocation_id: "x", subnet_id: "y" };
    });
    const stack = d.stacks.find((s) => s.name === "aws-test")!;
    expect(stack.change).toBe("changed");
    expect(stack.resources).toEqual([
      expect.objectContaining({ address: "aws_nat_gateway.SecondNat", change: "added" }),
    ]);
    expect(stack.delta).toBeCloseTo(
      HOURS * amount(AWS, "nat.hour") + U.network.natGbPerMonth * amount(AWS, "nat.dataGb"),
      6,
    );
    expect(d.delta).toBeCloseTo(stack.delta, 6);
    expect(d.warnings).toEqual([]);
  });

  test("changed resource: attributes listed and delta from the new size", () => {
    const d = diffWith(({ aws }) => {
      aws.resource.databricks_sql_endpoint.Warehouse.cluster_size = "Medium";
    });
    const r = d.stacks.find((s) => s.name === "aws-test")!.resources[0]!;
    expect(r).toMatchObject({
      address: "databricks_sql_endpoint.Warehouse",
      change: "changed",
      attributes: ["cluster_size"],
    });
    // (Medium 24 − Small 12) DBU/h × (10 h × 1.5 clusters + 6 sessions × 15 min × 1) × 30.41667 days × $0.70.
    expect(r.delta).toBeCloseTo(4215.75, 6);
  });

  test("removed stateful resource: destroy warning, saying it is not protected", () => {
    const d = diffWith(({ aws }) => {
      delete aws.resource.aws_s3_bucket.GoldBucket;
    });
    const r = d.stacks.find((s) => s.name === "aws-test")!.resources[0]!;
    expect(r).toMatchObject({ address: "aws_s3_bucket.GoldBucket", change: "removed" });
    expect(r.delta).toBeLessThan(0);
    expect(d.warnings).toEqual([
      expect.objectContaining({
        stack: "aws-test",
        address: "aws_s3_bucket.GoldBucket",
        kind: "destroy",
        preventDestroy: false,
      }),
    ]);
    expect(d.warnings[0]!.message).toMatch(/NOT protected/);
  });

  test("removed stateless resource: no data-loss warning", () => {
    const d = diffWith(({ aws }) => {
      delete aws.resource.aws_eip;
    });
    expect(d.stacks.find((s) => s.name === "aws-test")!.resources[0]!.change).toBe("removed");
    expect(d.warnings).toEqual([]);
  });

  test("logical id change of a stateful resource: likely replace", () => {
    const d = diffWith(({ aws }) => {
      const buckets = aws.resource.aws_s3_bucket;
      buckets.LandingBucketRenamed = buckets.LandingBucket;
      delete buckets.LandingBucket;
      aws.resource.aws_s3_bucket_lifecycle_configuration.LandingLifecycle.bucket =
        "${aws_s3_bucket.LandingBucketRenamed.id}";
    });
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({
      kind: "likely-replace",
      address: "aws_s3_bucket.LandingBucket",
      preventDestroy: true,
    });
    expect(d.warnings[0]!.message).toMatch(/LandingBucketRenamed/);
    expect(d.warnings[0]!.message).toMatch(/prevent_destroy is set/);
  });

  test("force-new attribute change of a stateful resource: likely replace, and its containers with it", () => {
    const d = diffWith(({ azure }) => {
      azure.resource.azurerm_storage_account.Lake.name = "ttestlake2";
    });
    expect(d.warnings.map((w) => [w.address, w.kind])).toEqual([
      ["azurerm_storage_account.Lake", "likely-replace"],
      ["azurerm_storage_container.Gold", "likely-replace"],
      ["azurerm_storage_container.Landing", "likely-replace"],
    ]);
    expect(d.warnings[0]!.message).toMatch(/name "ttestlake" → "ttestlake2"/);
    expect(d.warnings[0]!.sources).toEqual([
      "hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/storage/storage_account_resource.go:100-103",
    ]);
    expect(d.warnings[1]!.message).toMatch(/storage_account_id changes with azurerm_storage_account.Lake/);
  });

  test("a whole stack added counts fully in the delta", () => {
    const base = loadSnapshot(SYNTH_BASE);
    const onlyAws = { ...base, stacks: base.stacks.filter((s) => s.name === "aws-test") };
    const d = diffSnapshots(onlyAws, base, { catalogs });
    const azure = d.stacks.find((s) => s.name === "azure-test")!;
    expect(azure.change).toBe("added");
    expect(d.delta).toBeCloseTo(azure.headCost, 6);
  });

  test("the stateful type list is the one prevent_destroy uses", () => {
    expect(STATEFUL_RESOURCE_TYPES.has("aws_s3_bucket")).toBe(true);
    expect(STATEFUL_RESOURCE_TYPES.has("aws_nat_gateway")).toBe(false);
  });
});

describe("one plan: its before and after values", () => {
  const plan = loadPlans([`aws-plan=${join(FIXTURES, "plans", "head", "aws-plan.plan.json")}`]);
  const inputs = planDiffInputs(plan.stacks);
  const d = diffSnapshots(inputs.base, inputs.head, { catalogs });
  const stack = d.stacks[0]!;

  test("replace, delete, update and create are classified", () => {
    const byAddress = Object.fromEntries(stack.resources.map((r) => [r.address, r.change]));
    expect(byAddress).toEqual({
      "aws_kinesis_stream.events": "removed",
      "aws_kms_key.storage": "changed",
      "aws_nat_gateway.egress": "added",
      "aws_s3_bucket.landing": "replaced",
    });
  });

  test("plan actions on stateful resources become data-loss warnings", () => {
    expect(d.warnings.map((w) => [w.address, w.kind])).toEqual([
      ["aws_kinesis_stream.events", "destroy"],
      ["aws_s3_bucket.landing", "replace"],
    ]);
  });

  test("delta: the new NAT gateway minus the deleted provisioned stream", () => {
    const stream =
      1 * HOURS * amount(AWS, "kinesis.provisioned.shardHour") +
      ((U.streaming.eventsPerSecond * HOURS * 3600) / 1e6) *
        amount(AWS, "kinesis.provisioned.putPayloadUnits");
    const nat = HOURS * amount(AWS, "nat.hour") + U.network.natGbPerMonth * amount(AWS, "nat.dataGb");
    expect(d.delta).toBeCloseTo(nat - stream, 6);
  });
});
