/**
 * The mutations of production code that survived the whole suite in issue 14, each with a test that
 * kills it, written against the public function with literal expectations:
 * - `rangesOverlap` off by one at the first address (`10.0.0.0/32` passed as public);
 * - the Kinesis PUT payload unit (25 KiB) in pricing;
 * - `is_hns_enabled` dropped from the attributes that replace a storage account;
 * - a suppression scope `t/Storage` also covering `t/StorageKey`;
 * - pipeline `maxWorkers` one over the cluster policy's cap;
 * - `sqlString` not escaping 0x1f.
 */
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { loadConfig } from "../../config";
import { isNonPublic, isPrivateNetwork, parseCidr, rangesOverlap, type Ipv4Range } from "../../config/cidr";
import { replacementReasons } from "../../cost/data-loss/replacement-rules";
import { estimate } from "../../cost/estimator";
import { loadSnapshot } from "../../terraform-json/load";
import { UsageProfiles } from "../../cost/usage";
import { suppressGuardrails } from "../../constructs/core/guardrail-suppressions";
import { sqlString } from "../../pipelines/sql/quoting";
import { catalogs, resource, SYNTH_BASE } from "../cost/helpers";
import { withEnvironment } from "../fixtures/config";
import { evaluate, guardrailStack, outcome } from "../guardrails/guardrails-helpers";
import { onlyIssueOf } from "../support/config-issues";

const range = (cidr: string): Ipv4Range => parseCidr(cidr)!;

describe("CIDR ranges at their first and last address", () => {
  test.each([
    "10.0.0.0/32",
    "10.255.255.255/32",
    "172.16.0.0/32",
    "172.31.255.255/32",
    "192.168.0.0/32",
    "100.64.0.0/32",
  ])("%s is not public", (cidr) => {
    expect(isNonPublic(range(cidr))).toBe(true);
  });

  test.each([
    "9.255.255.255/32",
    "11.0.0.0/32",
    "172.15.255.255/32",
    "172.32.0.0/32",
    "100.63.255.255/32",
    "100.128.0.0/32",
  ])("%s is public", (cidr) => {
    expect(isNonPublic(range(cidr))).toBe(false);
  });

  test("ranges that share exactly one address overlap, in either order", () => {
    expect(rangesOverlap(range("10.0.0.0/32"), range("10.0.0.0/8"))).toBe(true);
    expect(rangesOverlap(range("10.0.0.0/8"), range("10.0.0.0/32"))).toBe(true);
    expect(rangesOverlap(range("10.255.255.255/32"), range("10.0.0.0/8"))).toBe(true);
    expect(rangesOverlap(range("10.0.0.0/8"), range("10.255.255.255/32"))).toBe(true);
  });

  test("adjacent ranges do not overlap", () => {
    expect(rangesOverlap(range("10.0.0.0/24"), range("10.0.1.0/24"))).toBe(false);
    expect(rangesOverlap(range("10.0.1.0/24"), range("10.0.0.0/24"))).toBe(false);
  });

  test("private networks: whole ranges inside RFC 1918 or RFC 6598 only", () => {
    expect(isPrivateNetwork(range("10.0.0.0/8"))).toBe(true);
    expect(isPrivateNetwork(range("100.64.0.0/10"))).toBe(true);
    expect(isPrivateNetwork(range("172.0.0.0/11"))).toBe(false);
    expect(isPrivateNetwork(range("8.8.0.0/20"))).toBe(false);
  });
});

describe("Kinesis PUT payload units are 25 KiB each", () => {
  /** Monthly cost of the provisioned fixture stream's PUT payload units for events of `bytes`. */
  const putUnitsCost = (bytesPerEvent: number) => {
    const usage = new UsageProfiles({ stacks: { "aws-test": { usage: { streaming: { bytesPerEvent } } } } });
    const stack = estimate(loadSnapshot(SYNTH_BASE), { catalogs, usage }).stacks.find(
      (s) => s.name === "aws-test",
    );
    const component = resource(stack, "aws_kinesis_stream.ProvisionedStream").components.find(
      (c) => c.name === "PUT payload units",
    )!;
    return { cost: component.monthlyCost!, detail: component.detail! };
  };

  test("25,600 bytes is one unit per event, 25,601 two", () => {
    const one = putUnitsCost(25_600);
    const two = putUnitsCost(25_601);
    expect(one.detail).toContain("1 unit(s) per event");
    expect(two.detail).toContain("2 unit(s) per event");
    expect(two.cost).toBeCloseTo(2 * one.cost, 9);
    expect(putUnitsCost(1).cost).toBeCloseTo(one.cost, 9);
  });
});

test("changing is_hns_enabled replaces a storage account (and so loses its data)", () => {
  for (const [before, after] of [
    [true, false],
    [false, true],
  ]) {
    const reasons = replacementReasons(
      "azurerm_storage_account",
      { name: "lake", is_hns_enabled: before },
      { name: "lake", is_hns_enabled: after },
    );
    expect(reasons.map((r) => [r.attribute, r.before, r.after, r.rule.effect])).toEqual([
      ["is_hns_enabled", before, after, "force-new"],
    ]);
  }
});

test("a suppression on t/Storage does not cover t/StorageKey", () => {
  const stack = guardrailStack();
  const storage = new Construct(stack, "Storage");
  new KmsKey(storage, "Key", { description: "inside the scope" });
  new KmsKey(new Construct(stack, "StorageKey"), "Key", { description: "a sibling whose name extends it" });
  suppressGuardrails(storage, [{ ruleId: "LH-KMS-001", reason: "rotation handled by the HSM team" }]);
  const report = evaluate(stack);
  expect(outcome(report, "LH-KMS-001")).toMatchObject({ failed: 1, suppressed: 1 });
  expect(
    report.findings
      .filter((f) => f.ruleId === "LH-KMS-001")
      .map((f) => [f.constructPath, f.status])
      .sort(),
  ).toEqual([
    ["t/Storage/Key", "suppressed"],
    ["t/StorageKey/Key", "fail"],
  ]);
});

describe("pipeline maxWorkers against the cluster policy's cap (azure-dev: 4)", () => {
  const withMaxWorkers = (maxWorkers: number) =>
    withEnvironment("azure-dev", (env) => {
      env.pipelines!.compute = { kind: "classic", minWorkers: 1, maxWorkers };
    });

  test("exactly the cap loads", () => {
    expect(() => loadConfig(withMaxWorkers(4))).not.toThrow();
  });

  test("one over the cap is rejected", () => {
    const issue = onlyIssueOf(
      () => loadConfig(withMaxWorkers(5)),
      "environments.azure-dev.pipelines.compute.maxWorkers",
    );
    expect(issue).toBe(
      "environments.azure-dev.pipelines.compute.maxWorkers: 5 exceeds the cluster policy's maxWorkers (4)",
    );
  });
});

describe("sqlString escapes every control character", () => {
  test.each([
    ["\u0000", "'\\u0000'"],
    ["\u001e", "'\\u001e'"],
    ["\u001f", "'\\u001f'"],
    ["\u007f", "'\\u007f'"],
    ["\n", "'\\n'"],
  ])("%j", (value, literal) => {
    expect(sqlString(value)).toBe(literal);
  });

  test("space (0x20) and printable text pass through", () => {
    expect(sqlString(" a~")).toBe("' a~'");
  });
});
