/**
 * Partial, never silent: a stack whose region has no price catalog is reported unpriced with the reason
 * and how to fix it; the other stacks are still priced and the totals leave it out, saying so.
 */
import { estimate } from "../../cost/estimator";
import { renderEstimateMarkdown, renderEstimateTable } from "../../cost/report";
import { loadSnapshot } from "../../terraform-json/load";
import { SYNTH_BASE, catalogs, synthVariant } from "./helpers";

const base = estimate(loadSnapshot(SYNTH_BASE), { catalogs });
const apSouth = estimate(
  loadSnapshot(
    synthVariant(({ aws }) => {
      aws.provider.aws[0].region = "ap-southeast-2";
    }),
  ),
  { catalogs },
);
const aws = apSouth.stacks.find((s) => s.name === "aws-test")!;
const azure = apSouth.stacks.find((s) => s.name === "azure-test")!;
const REASON =
  "no catalog for aws ap-southeast-2 (catalog has aws/eu-west-1, aws/us-east-1, aws/us-west-2); add cost/catalog/aws-ap-southeast-2.json";

test("the stack in a region without a catalog is unpriced with the reason; no resource is priced", () => {
  expect(aws).toMatchObject({
    cloud: "aws",
    region: "ap-southeast-2",
    unpricedReason: REASON,
    monthlyCost: 0,
  });
  expect(aws.catalogVersion).toBeUndefined();
  expect(aws.counts.priced).toBe(0);
  expect(aws.counts.partial).toBe(0);
  const s3 = aws.resources.find((r) => r.type === "aws_s3_bucket")!;
  expect(s3).toMatchObject({ status: "unpriced", reason: REASON });
  // Resources free by type stay free: they cost nothing in any region.
  expect(aws.resources.find((r) => r.type === "aws_iam_role")!.status).toBe("free");
});

test("the other stacks are priced exactly as before and the total is theirs alone", () => {
  const azureBefore = base.stacks.find((s) => s.name === "azure-test")!;
  expect(azure.unpricedReason).toBeUndefined();
  expect(azure.monthlyCost).toBeCloseTo(azureBefore.monthlyCost, 6);
  expect(azure.monthlyCost).toBeGreaterThan(0);
  expect(apSouth.monthlyCost).toBeCloseTo(azure.monthlyCost, 6);
  expect(apSouth.unpricedStacks).toEqual(["aws-test"]);
  expect(base.unpricedStacks).toEqual([]);
});

test("table: the stack says unpriced (not $0.00) and the total says what it excludes", () => {
  const out = renderEstimateTable(apSouth);
  expect(out).toContain(`  UNPRICED STACK (not in the totals): ${REASON}`);
  expect(out).toMatch(/^ aws-test +unpriced {2}whole stack$/m);
  expect(out).toContain(" (totals exclude 1 unpriced stack: aws-test)");
  // One unpriced line for the stack, not one per resource.
  expect(out).toContain(`  aws-test: whole stack / `);
  expect(out.split(REASON).length - 1).toBe(2);
  expect(renderEstimateTable(base)).not.toContain("totals exclude");
});

test("markdown: a warning on top names the stack and the reason; its row says unpriced", () => {
  const out = renderEstimateMarkdown(apSouth);
  expect(out).toContain("> [!WARNING]\n> **The totals exclude 1 unpriced stack: aws-test.**\n");
  expect(out).toContain(`> - aws-test: ${REASON}\n`);
  expect(out).toMatch(/^\| aws-test \| aws ap-southeast-2 \| prod \| ⚠️ unpriced \|/m);
  expect(out).toContain("<summary><b>aws-test</b>: unpriced</summary>");
  expect(renderEstimateMarkdown(base)).not.toContain("[!WARNING]");
});
