import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { App, TerraformStack } from "cdktf";
import { suppressGuardrails } from "../../constructs/core/guardrail-suppressions";
import { LakehouseGuardrails } from "../../constructs/core/lakehouse-guardrails";
import type { GuardrailsReport } from "../../guardrails";
import { policyOutput, readReports } from "../../guardrails/print-report";

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function app() {
  const outdir = mkdtempSync(join(tmpdir(), "guardrails-"));
  outdirs.push(outdir);
  return { app: new App({ outdir }), outdir };
}

/** A stack whose only problem is a KMS key without rotation (tags not required for the test). */
function keyStack(a: App, id: string, rotate: boolean) {
  const stack = new TerraformStack(a, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new KmsKey(stack, "Key", { enableKeyRotation: rotate, policy: JSON.stringify({ Statement: [] }) });
  new LakehouseGuardrails(stack, "Guardrails", { stage: "dev", requiredTagKeys: [] });
  return stack;
}

test("an error stops synth naming stack, construct path, rule, title and fix; the report is still written", () => {
  const { app: a, outdir } = app();
  keyStack(a, "aws-dev", false);
  expect(() => a.synth()).toThrow(
    /\[aws-dev\/Key\] \[guardrails\] LH-KMS-001 KMS keys rotate automatically \(error\) — stack aws-dev, aws-dev\/Key \(aws_kms_key\.Key\): enable_key_rotation is not true\. Fix: Set enable_key_rotation = true/,
  );
  const report = JSON.parse(
    readFileSync(join(outdir, "stacks", "aws-dev", "guardrails.json"), "utf8"),
  ) as GuardrailsReport;
  expect(report.totals.errors).toBe(1);
});

test("a clean stack synthesizes and writes guardrails.json and guardrails.md next to cdk.tf.json", () => {
  const { app: a, outdir } = app();
  keyStack(a, "aws-dev", true);
  a.synth();
  const dir = join(outdir, "stacks", "aws-dev");
  const report = JSON.parse(readFileSync(join(dir, "guardrails.json"), "utf8")) as GuardrailsReport;
  expect(report).toMatchObject({ stack: "aws-dev", stage: "dev", totals: { errors: 0, warnings: 0 } });
  expect(readFileSync(join(dir, "guardrails.md"), "utf8")).toContain("# Guardrails: aws-dev (dev)");
  expect(readFileSync(join(dir, "cdk.tf.json"), "utf8")).toContain("enable_key_rotation");
});

test("warnings do not stop synth; they are annotations in the manifest", () => {
  const { app: a, outdir } = app();
  const stack = new TerraformStack(a, "azure-prod");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new StorageAccount(stack, "Account", {
    name: "lake",
    resourceGroupName: "rg",
    location: "westeurope",
    accountTier: "Standard",
    accountReplicationType: "ZRS",
    allowNestedItemsToBePublic: false,
    infrastructureEncryptionEnabled: true,
    blobProperties: { deleteRetentionPolicy: { days: 7 }, containerDeleteRetentionPolicy: { days: 7 } },
    networkRules: { defaultAction: "Deny" },
    customerManagedKey: { keyVaultKeyId: "k", userAssignedIdentityId: "i" },
    lifecycle: { preventDestroy: true },
  });
  new LakehouseGuardrails(stack, "Guardrails", { stage: "prod", requiredTagKeys: [] });
  a.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  expect(manifest.stacks["azure-prod"].annotations).toEqual([
    expect.objectContaining({
      constructPath: "azure-prod/Account",
      level: "@cdktf/warn",
      message: expect.stringContaining(
        "LH-AZST-007 Prod storage accounts have public network access disabled (warning)",
      ),
    }),
  ]);
});

test("npm run policy prints every stack's report and fails when one has errors", () => {
  const { app: a, outdir } = app();
  keyStack(a, "aws-dev", true);
  const failing = keyStack(a, "aws-prod", false);
  suppressGuardrails(failing, []); // no-op: an empty list is allowed
  expect(() => a.synth()).toThrow(/LH-KMS-001/);
  // aws-prod failed synth after writing its report; aws-dev synthesized before it.
  const reports = readReports(outdir);
  expect(reports.map((r) => r.stack)).toEqual(["aws-dev", "aws-prod"]);
  const { text, exitCode } = policyOutput(reports, "markdown");
  expect(exitCode).toBe(1);
  expect(text).toContain("# Guardrails: aws-dev (dev)");
  expect(text).toContain("- aws-prod (dev): 1 error(s), 0 warning(s), 0 suppressed");
  expect(policyOutput([], "markdown").exitCode).toBe(2);
  expect(JSON.parse(policyOutput(reports, "json").text)).toHaveLength(2);
});

describe("the stack is resolved once per synth", () => {
  afterEach(() => jest.restoreAllMocks());

  test("the check and cdk.tf.json share one toTerraform(); the file is what the check read", () => {
    const resolutions = jest.spyOn(TerraformStack.prototype, "toTerraform");
    const { app: a, outdir } = app();
    const stack = keyStack(a, "aws-dev", true);
    a.synth();
    expect(resolutions.mock.contexts.filter((c) => c === stack)).toHaveLength(1);
    const written = JSON.parse(readFileSync(join(outdir, "stacks", "aws-dev", "cdk.tf.json"), "utf8"));
    expect(written.resource.aws_kms_key.Key.enable_key_rotation).toBe(true);
    // Later reads resolve afresh: a change after synth shows.
    new KmsKey(stack, "Later", { enableKeyRotation: true });
    expect(Object.keys(stack.toTerraform().resource.aws_kms_key)).toEqual(["Key", "Later"]);
  });

  test("a synth that fails on a guardrail error leaves no stale JSON behind", () => {
    const { app: a } = app();
    const stack = keyStack(a, "aws-dev", false);
    expect(() => a.synth()).toThrow(/LH-KMS-001/);
    new KmsKey(stack, "Later", { enableKeyRotation: true });
    expect(Object.keys(stack.toTerraform().resource.aws_kms_key)).toEqual(["Key", "Later"]);
  });
});
