import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Aspects } from "cdktf";
import {
  RequiredTagsAspect,
  type RequiredTagsAspectProps,
} from "../../../constructs/core/required-tags-aspect";
import { resourcesOf, synthJson, type TerraformJson } from "../../support/terraform-json";
import { azureTestStack } from "../../support/stacks";

const REQUIRED = {
  project: "lakehouse",
  environment: "test",
  owner: "data-platform",
  "cost-center": "cc-1234",
  "managed-by": "cdktf-lakehouse",
};

/** A stack with taggable and non-taggable resources of both clouds, with or without the aspect. */
function build(aspect: RequiredTagsAspectProps | undefined): TerraformJson {
  const stack = azureTestStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });

  new ResourceGroup(stack, "Untagged", { name: "rg-untagged", location: "westeurope" });
  new ResourceGroup(stack, "Ingest", {
    name: "rg-ingest",
    location: "westeurope",
    tags: { layer: "ingest", team: "streaming", environment: "prod" },
  });
  const bucket = new S3Bucket(stack, "Bronze", { bucket: "lake-bronze", tags: { layer: "bronze" } });
  new S3Bucket(stack, "Logs", { bucket: "lake-logs" });
  new S3BucketPolicy(stack, "BronzePolicy", { bucket: bucket.id, policy: "{}" });
  new StorageContainer(stack, "Container", { name: "bronze", storageAccountId: "/subscriptions/0/sa" });

  if (aspect) Aspects.of(stack).add(new RequiredTagsAspect(aspect));
  return synthJson(stack);
}

function tagsOf(json: TerraformJson, type: string, id: string): unknown {
  return resourcesOf(json, type)[id]?.tags;
}

describe("RequiredTagsAspect", () => {
  const json = build({ tags: REQUIRED });

  test("the stack carries no required tags without the aspect (so the aspect is what adds them)", () => {
    const plain = build(undefined);
    expect(tagsOf(plain, "azurerm_resource_group", "Untagged")).toBeUndefined();
    expect(tagsOf(plain, "aws_s3_bucket", "Logs")).toBeUndefined();
  });

  test("adds the required tags and the default layer to every taggable resource of both clouds", () => {
    expect(tagsOf(json, "azurerm_resource_group", "Untagged")).toEqual({ ...REQUIRED, layer: "platform" });
    expect(tagsOf(json, "aws_s3_bucket", "Logs")).toEqual({ ...REQUIRED, layer: "platform" });
  });

  test("keeps a resource's own layer tag and other tags", () => {
    expect(tagsOf(json, "aws_s3_bucket", "Bronze")).toEqual({ ...REQUIRED, layer: "bronze" });
    expect(tagsOf(json, "azurerm_resource_group", "Ingest")).toMatchObject({
      layer: "ingest",
      team: "streaming",
    });
  });

  test("required keys override a resource's conflicting value", () => {
    expect(tagsOf(json, "azurerm_resource_group", "Ingest")).toEqual({
      ...REQUIRED,
      layer: "ingest",
      team: "streaming",
    });
  });

  test("uses defaultLayer for resources without a layer tag", () => {
    const custom = build({ tags: REQUIRED, defaultLayer: "shared" });
    expect(tagsOf(custom, "azurerm_resource_group", "Untagged")).toMatchObject({ layer: "shared" });
    expect(tagsOf(custom, "aws_s3_bucket", "Bronze")).toMatchObject({ layer: "bronze" });
  });

  test("a required layer tag wins over a resource's own one", () => {
    const forced = build({ tags: { ...REQUIRED, layer: "platform" } });
    expect(tagsOf(forced, "aws_s3_bucket", "Bronze")).toMatchObject({ layer: "platform" });
  });

  test("leaves non-taggable resources without a tags attribute", () => {
    expect(resourcesOf(json, "azurerm_storage_container").Container).toBeDefined();
    expect(resourcesOf(json, "azurerm_storage_container").Container).not.toHaveProperty("tags");
    expect(resourcesOf(json, "aws_s3_bucket_policy").BronzePolicy).toBeDefined();
    expect(resourcesOf(json, "aws_s3_bucket_policy").BronzePolicy).not.toHaveProperty("tags");
  });

  test("is idempotent when the stack is synthesized twice", () => {
    const stack = azureTestStack();
    new ResourceGroup(stack, "Rg", { name: "rg", location: "westeurope", tags: { layer: "gold" } });
    Aspects.of(stack).add(new RequiredTagsAspect({ tags: REQUIRED }));
    const first = synthJson(stack);
    expect(synthJson(stack)).toEqual(first);
    expect(tagsOf(first, "azurerm_resource_group", "Rg")).toEqual({ ...REQUIRED, layer: "gold" });
  });
});
