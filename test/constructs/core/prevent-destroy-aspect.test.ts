import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Aspects } from "cdktf";
import { PreventDestroyAspect } from "../../../constructs/core/prevent-destroy-aspect";
import { STATEFUL_RESOURCE_TYPES } from "../../../terraform-json/stateful-types";
import { synthJson, type TerraformJson } from "../../support/terraform-json";
import { azureTestStack } from "../../support/stacks";

const STATEFUL_IN_STACK = [
  "azurerm_resource_group",
  "azurerm_storage_account",
  "azurerm_storage_container",
  "azurerm_key_vault",
  "azurerm_eventhub_namespace",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_kinesis_stream",
];

function build(withAspect: boolean): TerraformJson {
  const stack = azureTestStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });

  new ResourceGroup(stack, "Rg", { name: "rg", location: "westeurope" });
  const account = new StorageAccount(stack, "Account", {
    name: "lakehousetest01",
    resourceGroupName: "rg",
    location: "westeurope",
    accountTier: "Standard",
    accountReplicationType: "ZRS",
    lifecycle: { ignoreChanges: ["tags"] },
  });
  new StorageContainer(stack, "Container", { name: "bronze", storageAccountId: account.id });
  const vault = new KeyVault(stack, "Vault", {
    name: "kv-test",
    resourceGroupName: "rg",
    location: "westeurope",
    tenantId: "t",
    skuName: "standard",
  });
  new EventhubNamespace(stack, "Namespace", {
    name: "evhns",
    resourceGroupName: "rg",
    location: "westeurope",
    sku: "Standard",
  });
  new RoleAssignment(stack, "Grant", { scope: vault.id, roleDefinitionName: "Reader", principalId: "p" });

  const bucket = new S3Bucket(stack, "Bucket", { bucket: "lake-bronze" });
  new S3BucketPolicy(stack, "BucketPolicy", { bucket: bucket.id, policy: "{}" });
  new KmsKey(stack, "Key", { description: "lake", lifecycle: { createBeforeDestroy: true } });
  new KinesisStream(stack, "Stream", { name: "events" });

  if (withAspect) Aspects.of(stack).add(new PreventDestroyAspect());
  return synthJson(stack);
}

/** The lifecycle block of every resource, by `type.id`. */
function lifecycles(json: TerraformJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) out[`${type}.${id}`] = body.lifecycle;
  }
  return out;
}

describe("PreventDestroyAspect", () => {
  const json = build(true);
  const byAddress = lifecycles(json);

  test("the stack under test covers the stateful types it claims", () => {
    for (const type of STATEFUL_IN_STACK) expect(STATEFUL_RESOURCE_TYPES.has(type)).toBe(true);
    const typesInStack = new Set(Object.keys(json.resource ?? {}));
    for (const type of STATEFUL_IN_STACK) expect(typesInStack.has(type)).toBe(true);
  });

  test("no resource is protected without the aspect", () => {
    for (const lifecycle of Object.values(lifecycles(build(false)))) {
      expect((lifecycle as Record<string, unknown> | undefined)?.prevent_destroy).toBeUndefined();
    }
  });

  test("sets prevent_destroy on every stateful resource", () => {
    for (const [address, lifecycle] of Object.entries(byAddress)) {
      const type = address.split(".")[0]!;
      if (!STATEFUL_RESOURCE_TYPES.has(type)) continue;
      expect({ address, lifecycle }).toEqual({
        address,
        lifecycle: expect.objectContaining({ prevent_destroy: true }),
      });
    }
  });

  test("leaves non-stateful resources alone", () => {
    expect(byAddress["azurerm_role_assignment.Grant"]).toBeUndefined();
    expect(byAddress["aws_s3_bucket_policy.BucketPolicy"]).toBeUndefined();
  });

  test("keeps existing lifecycle settings", () => {
    expect(byAddress["azurerm_storage_account.Account"]).toEqual({
      ignore_changes: ["tags"],
      prevent_destroy: true,
    });
    expect(byAddress["aws_kms_key.Key"]).toEqual({ create_before_destroy: true, prevent_destroy: true });
  });
});
