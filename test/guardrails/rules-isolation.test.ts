import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { Credential } from "@cdktf/provider-databricks/lib/credential";
import { ExternalLocation } from "@cdktf/provider-databricks/lib/external-location";
import { Job } from "@cdktf/provider-databricks/lib/job";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Pipeline } from "@cdktf/provider-databricks/lib/pipeline";
import { SecretAcl } from "@cdktf/provider-databricks/lib/secret-acl";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

const SP = "7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351";

describe("LH-UC-003 credentials and external locations are isolated", () => {
  test("OPEN (unset or explicit) fails, ISOLATED passes, on all three types", () => {
    const stack = guardrailStack();
    new StorageCredential(stack, "Open", { name: "open", awsIamRole: { roleArn: "arn:aws:iam::1:role/r" } });
    new StorageCredential(stack, "Isolated", {
      name: "isolated",
      awsIamRole: { roleArn: "arn:aws:iam::1:role/r" },
      isolationMode: "ISOLATION_MODE_ISOLATED",
    });
    new ExternalLocation(stack, "OpenLocation", {
      name: "landing",
      url: "s3://b/",
      credentialName: "isolated",
      isolationMode: "ISOLATION_MODE_OPEN",
    });
    new ExternalLocation(stack, "IsolatedLocation", {
      name: "bronze",
      url: "s3://c/",
      credentialName: "isolated",
      isolationMode: "ISOLATION_MODE_ISOLATED",
    });
    new Credential(stack, "Kinesis", {
      name: "kinesis",
      purpose: "SERVICE",
      awsIamRole: { roleArn: "arn:aws:iam::1:role/k" },
    });
    const result = outcome(evaluate(stack, "dev"), "LH-UC-003");
    expect(result.passed).toBe(2);
    expect(result.addresses.sort()).toEqual([
      "databricks_credential.Kinesis",
      "databricks_external_location.OpenLocation",
      "databricks_storage_credential.Open",
    ]);
    expect(result.messages.sort()).toEqual([
      "isolation_mode is ISOLATION_MODE_OPEN",
      "isolation_mode is not set (ISOLATION_MODE_OPEN)",
      "isolation_mode is not set (ISOLATION_MODE_OPEN)",
    ]);
  });
});

describe("LH-UC-004 Unity Catalog objects are owned by a group outside dev", () => {
  function stackWithCatalog(owner?: string) {
    const stack = guardrailStack();
    new Catalog(stack, "Catalog", { name: "fraud_prod", isolationMode: "ISOLATED", owner });
    return stack;
  }

  test("no owner fails in staging and prod", () => {
    for (const stage of ["staging", "prod"] as const) {
      expect(outcome(evaluate(stackWithCatalog(), stage), "LH-UC-004").messages).toEqual([
        "owner is not set: the identity running Terraform owns it",
      ]);
    }
  });

  test("an owner passes; dev is not checked", () => {
    expect(outcome(evaluate(stackWithCatalog("fraud-platform-admins"), "prod"), "LH-UC-004")).toMatchObject({
      passed: 1,
      failed: 0,
    });
    expect(outcome(evaluate(stackWithCatalog(), "dev"), "LH-UC-004").applies).toBe(false);
  });
});

describe("LH-PIPE-003 pipelines and jobs run as a service principal outside dev", () => {
  test("without run_as both fail; a service principal passes; a user does not", () => {
    const stack = guardrailStack();
    new Pipeline(stack, "AsOwner", { name: "p1" });
    new Pipeline(stack, "AsPrincipal", { name: "p2", runAs: { servicePrincipalName: SP } });
    new Job(stack, "AsUser", { name: "j1", runAs: { userName: "someone@example.com" } });
    new Job(stack, "JobAsPrincipal", { name: "j2", runAs: { servicePrincipalName: SP } });
    const result = outcome(evaluate(stack, "staging"), "LH-PIPE-003");
    expect(result.passed).toBe(2);
    expect(result.addresses.sort()).toEqual(["databricks_job.AsUser", "databricks_pipeline.AsOwner"]);
    expect(result.messages).toEqual([
      "no run_as.service_principal_name: it runs as its owner",
      "no run_as.service_principal_name: it runs as its owner",
    ]);
  });
});

describe("LH-PERM-001 only the admin group manages pipelines and jobs", () => {
  function stackWith(accessControl: { groupName?: string; userName?: string; permissionLevel: string }[]) {
    const stack = guardrailStack();
    new Catalog(stack, "Catalog", { name: "fraud_prod", owner: "fraud-platform-admins" });
    const pipeline = new Pipeline(stack, "Pipeline", { name: "p", runAs: { servicePrincipalName: SP } });
    new Permissions(stack, "PipelinePermissions", { pipelineId: pipeline.id, accessControl });
    const job = new Job(stack, "Job", { name: "j", runAs: { servicePrincipalName: SP } });
    new Permissions(stack, "JobPermissions", {
      jobId: job.id,
      accessControl: [
        { groupName: "fraud-platform-admins", permissionLevel: "CAN_MANAGE" },
        { groupName: "fraud-data-engineers", permissionLevel: "CAN_MANAGE_RUN" },
      ],
    });
    new Permissions(stack, "FolderPermissions", {
      directoryPath: "/cdktf-lakehouse",
      accessControl: [{ groupName: "fraud-data-engineers", permissionLevel: "CAN_MANAGE" }],
    });
    return stack;
  }

  test("admins manage, engineers run: passes; folder permissions are not this rule's business", () => {
    const result = outcome(
      evaluate(
        stackWith([
          { groupName: "fraud-platform-admins", permissionLevel: "CAN_MANAGE" },
          { groupName: "fraud-data-engineers", permissionLevel: "CAN_RUN" },
          { groupName: "fraud-analysts", permissionLevel: "CAN_VIEW" },
        ]),
      ),
      "LH-PERM-001",
    );
    expect(result).toMatchObject({ passed: 2, failed: 0, skipped: 1 });
  });

  test("CAN_MANAGE or IS_OWNER for anyone else fails, naming the admins", () => {
    const result = outcome(
      evaluate(
        stackWith([
          { groupName: "fraud-data-engineers", permissionLevel: "CAN_MANAGE" },
          { userName: "someone@example.com", permissionLevel: "IS_OWNER" },
        ]),
        "prod",
      ),
      "LH-PERM-001",
    );
    expect(result.addresses).toEqual(["databricks_permissions.PipelinePermissions"]);
    expect(result.messages).toEqual([
      "pipeline manage rights for fraud-data-engineers, someone@example.com (admins: fraud-platform-admins)",
    ]);
  });

  test("without an owning admin group every group with CAN_MANAGE fails", () => {
    const stack = guardrailStack();
    const job = new Job(stack, "Job", { name: "j" });
    new Permissions(stack, "JobPermissions", {
      jobId: job.id,
      accessControl: [{ groupName: "fraud-data-engineers", permissionLevel: "CAN_MANAGE" }],
    });
    expect(outcome(evaluate(stack), "LH-PERM-001").messages).toEqual([
      "job manage rights for fraud-data-engineers (no admin group owns this stack's Unity Catalog objects)",
    ]);
  });
});

describe("LH-SEC-001 secret READ only for run-as principals", () => {
  test("the pipeline's run-as principal passes; a group, or WRITE, fails", () => {
    const stack = guardrailStack();
    new Pipeline(stack, "Pipeline", { name: "p", runAs: { servicePrincipalName: SP } });
    new SecretAcl(stack, "RunAs", { scope: "ingest", principal: SP, permission: "READ" });
    new SecretAcl(stack, "Engineers", {
      scope: "ingest",
      principal: "fraud-data-engineers",
      permission: "READ",
    });
    new SecretAcl(stack, "Writer", { scope: "ingest", principal: SP, permission: "WRITE" });
    const result = outcome(evaluate(stack), "LH-SEC-001");
    expect(result.passed).toBe(1);
    expect(result.messages.sort()).toEqual([
      `READ for fraud-data-engineers, which no pipeline or job of the stack runs as`,
      `WRITE for ${SP}: only READ is ever needed`,
    ]);
  });
});
