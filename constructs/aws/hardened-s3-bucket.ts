import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  type DataAwsIamPolicyDocumentStatementCondition,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { type LayerTiering } from "../../vocabulary/medallion";
import { layerTags, type LayerTag } from "../../vocabulary/tags";

/** Server-side encryption of a {@link HardenedS3Bucket}. */
export type BucketEncryption =
  /** SSE-KMS with a customer-managed key and S3 Bucket Keys (fewer KMS calls, lower cost). */
  | { readonly type: "kms"; readonly keyArn: string }
  /**
   * SSE-S3 (AES-256, AWS-owned keys). Weaker than a CMK: use it only where S3 requires it, i.e. for
   * the target of server access logs, which cannot be SSE-KMS.
   */
  | { readonly type: "s3-managed" };

/** Props of {@link HardenedS3Bucket}. */
export interface HardenedS3BucketProps {
  /** Globally unique bucket name (may contain tokens such as the account id). */
  readonly bucketName: string;
  /** Default encryption: SSE-KMS with a customer-managed key, or SSE-S3 for an access-log bucket only. */
  readonly encryption: BucketEncryption;
  /** `layer` tag of the bucket. */
  readonly layer: LayerTag;
  /** Where S3 server access logs of this bucket go; omit only for the log bucket itself. @default no access logging */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /** Storage class transitions and expiry of current objects. @default none */
  readonly tiering?: LayerTiering;
  /** Days an overwritten or deleted object version is kept before it expires. */
  readonly noncurrentVersionDays: number;
  /**
   * Newest noncurrent versions of an object kept beyond `noncurrentVersionDays` (S3
   * `NewerNoncurrentVersions`): older ones expire after the days. Delta buckets keep few (Databricks KB:
   * S3 listing slows down with many versions; ≤ 3).
   * @default not set: every noncurrent version expires after `noncurrentVersionDays`
   */
  readonly newerNoncurrentVersions?: number;
  /**
   * Days after which incomplete multipart uploads are aborted (their parts are billed until then).
   * @default 7
   */
  readonly abortIncompleteMultipartDays?: number;
  /** Default Object Lock retention; enables Object Lock at creation. @default none */
  readonly objectLock?: { readonly days: number; readonly mode: "GOVERNANCE" | "COMPLIANCE" };
  /** Extra bucket policy statements, beside the TLS-only denial that every bucket gets. @default none */
  readonly extraPolicyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
}

/** Maps tiering steps to S3 storage classes; every Delta layer stays on online classes. */
const STORAGE_CLASS = {
  coolAfterDays: "STANDARD_IA",
  coldAfterDays: "GLACIER_IR",
  archiveAfterDays: "GLACIER",
} as const;

/**
 * An S3 bucket with every guard a lakehouse bucket needs, on by default: versioning, default
 * encryption, all four public access blocks, ACLs disabled (BucketOwnerEnforced), a policy that
 * denies non-TLS and pre-TLS-1.2 requests, server access logging, lifecycle rules (tiering, aborting
 * incomplete multipart uploads, expiring noncurrent versions) and optional Object Lock.
 *
 * @example
 * // `key` is a LakehouseKmsKey, `logs` the access-log HardenedS3Bucket.
 * new HardenedS3Bucket(this, "Silver", {
 *   bucketName: "frdlh-prod-silver-123456789012-eu-west-1",
 *   encryption: { type: "kms", keyArn: key.keyArn },
 *   layer: "silver",
 *   accessLogs: { bucketName: logs.bucketName, prefix: "silver/" },
 *   tiering: { coolAfterDays: 90 },
 *   noncurrentVersionDays: 30,
 * });
 */
export class HardenedS3Bucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;
  readonly versioning: S3BucketVersioningA;
  readonly lifecycle: S3BucketLifecycleConfiguration;

  constructor(scope: Construct, id: string, props: HardenedS3BucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      // Object Lock can only be turned on when the bucket is created.
      objectLockEnabled: props.objectLock ? true : undefined,
      forceDestroy: false,
      tags: layerTags(props.layer),
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;

    this.versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      rule: [
        props.encryption.type === "kms"
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: props.encryption.keyArn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });

    const policyDocument = new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      statement: [
        denyEveryoneWhen("DenyInsecureTransport", this.bucket.arn, {
          test: "Bool",
          variable: "aws:SecureTransport",
          values: ["false"],
        }),
        denyEveryoneWhen("DenyTlsBelow12", this.bucket.arn, {
          test: "NumericLessThan",
          variable: "s3:TlsVersion",
          values: ["1.2"],
        }),
        ...(props.extraPolicyStatements ?? []),
      ],
    });
    // After the public access block: S3 rejects policy writes that race the block being applied.
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket,
      policy: policyDocument.json,
      dependsOn: [publicAccessBlock],
    });

    if (props.accessLogs) {
      new S3BucketLoggingA(this, "AccessLogging", {
        bucket,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogs.prefix,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      });
    }

    this.lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket,
      rule: lifecycleRules(props),
      // Noncurrent-version rules need versioning to exist first.
      dependsOn: [this.versioning],
    });

    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [this.versioning],
      });
    }
  }
}

function lifecycleRules(props: HardenedS3BucketProps): S3BucketLifecycleConfigurationRule[] {
  const wholeBucket = [{ prefix: "" }];
  const tiering = props.tiering ?? {};
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: wholeBucket,
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartDays ?? 7 }],
    },
    {
      id: "expire-noncurrent-versions",
      status: "Enabled",
      filter: wholeBucket,
      noncurrentVersionExpiration: [
        {
          noncurrentDays: props.noncurrentVersionDays,
          ...(props.newerNoncurrentVersions !== undefined
            ? { newerNoncurrentVersions: props.newerNoncurrentVersions }
            : {}),
        },
      ],
      // Remove delete markers left without versions; not allowed beside an expiry in days.
      expiration: tiering.expireAfterDays === undefined ? [{ expiredObjectDeleteMarker: true }] : undefined,
    },
  ];
  const transitions = (Object.keys(STORAGE_CLASS) as (keyof typeof STORAGE_CLASS)[])
    .filter((step) => tiering[step] !== undefined)
    .map((step) => ({ days: tiering[step]!, storageClass: STORAGE_CLASS[step] }));
  if (transitions.length > 0 || tiering.expireAfterDays !== undefined) {
    rules.push({
      id: "transition-and-expire-current-objects",
      status: "Enabled",
      filter: wholeBucket,
      transition: transitions.length > 0 ? transitions : undefined,
      expiration: tiering.expireAfterDays !== undefined ? [{ days: tiering.expireAfterDays }] : undefined,
    });
  }
  return rules;
}

/** A statement that denies every S3 action on the bucket and its objects to anyone while `condition` holds. */
function denyEveryoneWhen(
  sid: string,
  bucketArn: string,
  condition: DataAwsIamPolicyDocumentStatementCondition,
): DataAwsIamPolicyDocumentStatement {
  return {
    sid,
    effect: "Deny",
    principals: [{ type: "*", identifiers: ["*"] }],
    actions: ["s3:*"],
    resources: [bucketArn, `${bucketArn}/*`],
    condition: [condition],
  };
}
