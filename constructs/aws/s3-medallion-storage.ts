import { Construct } from "constructs";
import { MEDALLION_LAYERS, type MedallionLayer, type MedallionTiering } from "../../vocabulary/medallion";
import { HardenedS3Bucket } from "./hardened-s3-bucket";
import { LakehouseKmsKey } from "./lakehouse-kms-key";
import type { AwsAccountRegion } from "./aws-account-region";
import { capitalize } from "../core/logical-ids";

/** Props of {@link S3MedallionStorage}. */
export interface S3MedallionStorageProps extends AwsAccountRegion {
  /** Bucket names are `<bucketPrefix>-<layer>-<accountId>-<region>`, which makes them globally unique. */
  readonly bucketPrefix: string;
  /** Days overwritten or deleted versions are kept in the landing (raw files) bucket. */
  readonly noncurrentVersionDays: number;
  /**
   * Noncurrent versions in the Delta buckets (bronze, silver, gold, checkpoints): Delta keeps its own
   * history (time travel), and S3 slows down listing prefixes with many versions, worst on
   * checkpoints and `_delta_log` (Databricks KB "S3 with versioning": ≤ 7 days, ≤ 3 versions).
   * @default { days: 7, newerVersions: 3 }
   */
  readonly deltaNoncurrentVersions?: { readonly days: number; readonly newerVersions: number };
  /** Days S3 server access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** Storage class transitions per layer. @default none */
  readonly tiering?: MedallionTiering;
  /** Object Lock default retention for the listed layers. @default none */
  readonly objectLock?: {
    readonly layers: readonly MedallionLayer[];
    readonly days: number;
    readonly mode: "GOVERNANCE" | "COMPLIANCE";
  };
  /** Waiting period before a scheduled deletion of the storage key. @default 30 */
  readonly kmsDeletionWindowDays?: number;
}

/**
 * The lakehouse's S3 storage: one bucket per medallion layer (landing, bronze, silver, gold,
 * checkpoints), all encrypted with one customer-managed KMS key, plus an access-log bucket that
 * receives the server access logs of every layer bucket.
 *
 * @example
 * // `caller` is a DataAwsCallerIdentity, `partition` a DataAwsPartition.
 * new S3MedallionStorage(this, "Storage", {
 *   bucketPrefix: "frdlh-prod",
 *   accountId: caller.accountId,
 *   partition: partition.partition,
 *   region: "eu-west-1",
 *   noncurrentVersionDays: 30,
 *   accessLogRetentionDays: 365,
 *   tiering: { bronze: { coolAfterDays: 30, archiveAfterDays: 180 } },
 *   objectLock: { layers: ["landing"], days: 30, mode: "GOVERNANCE" },
 * });
 */
export class S3MedallionStorage extends Construct {
  readonly kmsKey: LakehouseKmsKey;
  readonly accessLogBucket: HardenedS3Bucket;
  readonly layerBuckets: Readonly<Record<MedallionLayer, HardenedS3Bucket>>;

  constructor(scope: Construct, id: string, props: S3MedallionStorageProps) {
    super(scope, id);
    const suffix = `${props.accountId}-${props.region}`;

    this.kmsKey = new LakehouseKmsKey(this, "StorageKey", {
      aliasName: `${props.bucketPrefix}-storage`,
      description: `Encrypts the ${props.bucketPrefix} lakehouse buckets (SSE-KMS)`,
      accountId: props.accountId,
      partition: props.partition,
      region: props.region,
      viaServices: ["s3"],
      deletionWindowDays: props.kmsDeletionWindowDays,
    });

    const logBucketName = `${props.bucketPrefix}-access-logs-${suffix}`;
    this.accessLogBucket = new HardenedS3Bucket(this, "AccessLogs", {
      bucketName: logBucketName,
      // S3 server access logging cannot deliver to an SSE-KMS bucket.
      encryption: { type: "s3-managed" },
      layer: "platform",
      noncurrentVersionDays: 1,
      tiering: { expireAfterDays: props.accessLogRetentionDays },
      extraPolicyStatements: [
        {
          sid: "AllowS3ServerAccessLogDelivery",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`arn:${props.partition}:s3:::${logBucketName}/*`],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [`arn:${props.partition}:s3:::${props.bucketPrefix}-*`],
            },
          ],
        },
      ],
    });

    const locked = new Set(props.objectLock?.layers ?? []);
    const buckets = {} as Record<MedallionLayer, HardenedS3Bucket>;
    for (const layer of MEDALLION_LAYERS) {
      buckets[layer] = new HardenedS3Bucket(this, capitalize(layer), {
        bucketName: `${props.bucketPrefix}-${layer}-${suffix}`,
        encryption: { type: "kms", keyArn: this.kmsKey.keyArn },
        layer,
        accessLogs: { bucketName: this.accessLogBucket.bucketName, prefix: `${layer}/` },
        tiering: props.tiering?.[layer],
        ...(layer === "landing"
          ? { noncurrentVersionDays: props.noncurrentVersionDays }
          : {
              noncurrentVersionDays: props.deltaNoncurrentVersions?.days ?? 7,
              newerNoncurrentVersions: props.deltaNoncurrentVersions?.newerVersions ?? 3,
            }),
        objectLock:
          props.objectLock && locked.has(layer)
            ? { days: props.objectLock.days, mode: props.objectLock.mode }
            : undefined,
      });
    }
    this.layerBuckets = buckets;
  }
}
