import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { layerTags, type LayerTag } from "../../vocabulary/tags";
import type { AwsAccountRegion } from "./aws-account-region";

/** Props of {@link LakehouseKmsKey}. */
export interface LakehouseKmsKeyProps extends AwsAccountRegion {
  /** Alias name without the `alias/` prefix, e.g. `frdlh-prod-storage`. */
  readonly aliasName: string;
  /** Key description, what the key encrypts, e.g. `Encrypts the frdlh-prod lakehouse buckets (SSE-KMS)`. */
  readonly description: string;
  /**
   * AWS services (e.g. `s3`, `kinesis`) through which the key may be used. Any cryptographic use that
   * does not come through one of them is denied (`kms:ViaService`), whatever IAM allows.
   */
  readonly viaServices: readonly string[];
  /**
   * Days before a scheduled deletion takes effect.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * `layer` tag of the key.
   * @default "platform"
   */
  readonly layer?: LayerTag;
}

/**
 * A customer-managed symmetric KMS key with yearly automatic rotation, an alias, and a key policy that
 * delegates access to IAM in this account (no principal gets use of the key from the key policy alone)
 * and denies any cryptographic use that does not come through the listed services.
 *
 * @example
 * // `caller` is a DataAwsCallerIdentity, `partition` a DataAwsPartition.
 * new LakehouseKmsKey(this, "StorageKey", {
 *   aliasName: "frdlh-prod-storage",
 *   description: "Encrypts the frdlh-prod lakehouse buckets (SSE-KMS)",
 *   accountId: caller.accountId,
 *   partition: partition.partition,
 *   region: "eu-west-1",
 *   viaServices: ["s3"],
 * });
 */
export class LakehouseKmsKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** Key ARN, for SSE-KMS and stream encryption settings. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: LakehouseKmsKeyProps) {
    super(scope, id);
    const accountRoot = `arn:${props.partition}:iam::${props.accountId}:root`;
    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "AccountAdministersKeyThroughIam",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [accountRoot] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          // IAM grants use of the key (statement above); this caps it: data keys are only ever issued or
          // used through the listed services, so a principal with a broad kms:Decrypt in IAM still
          // cannot decrypt lake data outside S3 / Kinesis. Key administration is not affected.
          sid: "DenyUseOutsideServices",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
          resources: ["*"],
          condition: [
            {
              test: "StringNotEquals",
              variable: "kms:ViaService",
              values: props.viaServices.map((service) => `${service}.${props.region}.amazonaws.com`),
            },
          ],
        },
      ],
    });

    this.key = new KmsKey(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policy.json,
      tags: layerTags(props.layer ?? "platform"),
    });
    this.alias = new KmsAlias(this, "Alias", {
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
  }
}
