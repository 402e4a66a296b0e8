import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { PreventDestroyAspect } from "../../constructs/core/prevent-destroy-aspect";
import { RequiredTagsAspect } from "../../constructs/core/required-tags-aspect";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

const TAGS = {
  project: "p",
  environment: "prod",
  owner: "o",
  "cost-center": "cc",
  "managed-by": "cdktf-lakehouse",
};

describe("LH-DATA-001 prevent_destroy on stateful resources outside dev", () => {
  test("passes when PreventDestroyAspect protects them", () => {
    const stack = guardrailStack();
    Aspects.of(stack).add(new PreventDestroyAspect());
    new KmsKey(stack, "Key", { enableKeyRotation: true });
    new StorageContainer(stack, "Container", { name: "c", storageAccountId: "/sa" });
    expect(outcome(evaluate(stack, "prod"), "LH-DATA-001")).toMatchObject({ passed: 2, failed: 0 });
  });

  test("fails in staging and prod without it; not evaluated in dev", () => {
    const stack = guardrailStack();
    new KmsKey(stack, "Key", { enableKeyRotation: true });
    expect(outcome(evaluate(stack, "staging"), "LH-DATA-001").messages).toEqual([
      "lifecycle.prevent_destroy is not true",
    ]);
    const dev = guardrailStack();
    new KmsKey(dev, "Key", { enableKeyRotation: true });
    expect(outcome(evaluate(dev, "dev"), "LH-DATA-001").applies).toBe(false);
  });
});

describe("LH-TAG-001 required tags", () => {
  test("passes when RequiredTagsAspect tags every taggable resource (evaluated after the aspect)", () => {
    const stack = guardrailStack();
    new ResourceGroup(stack, "Rg", { name: "rg", location: "westeurope" });
    new IamRole(stack, "Role", { name: "r", assumeRolePolicy: "{}" });
    // Added after the guardrails would be: the check runs on the final JSON, not at visit order.
    Aspects.of(stack).add(new RequiredTagsAspect({ tags: TAGS }));
    const o = outcome(evaluate(stack), "LH-TAG-001");
    expect(o).toMatchObject({ passed: 2, failed: 0 });
  });

  test("skips resources without a tags argument", () => {
    const stack = guardrailStack();
    new StorageContainer(stack, "Container", { name: "c", storageAccountId: "/sa" });
    expect(outcome(evaluate(stack), "LH-TAG-001")).toMatchObject({ skipped: 1, failed: 0 });
  });

  test("fails on missing keys", () => {
    const stack = guardrailStack();
    new ResourceGroup(stack, "Rg", { name: "rg", location: "westeurope", tags: { project: "p" } });
    expect(outcome(evaluate(stack), "LH-TAG-001").messages).toEqual([
      "missing tags: environment, owner, cost-center, layer, managed-by",
    ]);
  });

  test("counts the AWS provider's default_tags", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    new AwsProvider(stack, "aws", {
      region: "eu-west-1",
      defaultTags: [{ tags: { ...TAGS, layer: "platform" } }],
    });
    new IamRole(stack, "Role", { name: "r", assumeRolePolicy: "{}" });
    expect(outcome(evaluate(stack), "LH-TAG-001")).toMatchObject({ passed: 1, failed: 0 });
  });

  test("required keys are configurable", () => {
    const stack = guardrailStack();
    new ResourceGroup(stack, "Rg", { name: "rg", location: "westeurope", tags: { project: "p" } });
    expect(outcome(evaluate(stack, "dev", { requiredTagKeys: ["project"] }), "LH-TAG-001")).toMatchObject({
      passed: 1,
    });
  });
});
