/** Where Terraform keeps each stack's state. */
import { z } from "zod";
import { matching } from "../../vocabulary/config-issues";
import { awsRegionCode, resourceGroupName, s3BucketName } from "../limits";

export const localBackend = z.object({ type: z.literal("local") }).strict();

export const azurermBackend = z
  .object({
    type: z.literal("azurerm"),
    resourceGroupName,
    storageAccountName: matching(/^[a-z0-9]{3,24}$/, "must be 3–24 lowercase letters or digits"),
    containerName: matching(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, "must be a valid container name"),
    /** @default "<stack id>.tfstate" */
    key: matching(
      /^[A-Za-z0-9._/-]{1,1024}$/,
      "must be a state key of letters, digits, '.', '_', '-' or '/'",
    ).optional(),
  })
  .strict();

export const s3Backend = z
  .object({
    type: z.literal("s3"),
    bucket: s3BucketName,
    /** @default "<stack id>/terraform.tfstate" */
    key: matching(
      /^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]{0,1023}$/,
      "must be a state key of letters, digits, '/' and ! _ . * ' ( ) - (not starting with '/')",
    ).optional(),
    /** @default the environment's region */
    region: awsRegionCode.optional(),
  })
  .strict();
