import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedAwsEnvironment } from "../config";
import { KinesisIngest } from "../constructs/aws/kinesis-ingest";
import { S3MedallionStorage } from "../constructs/aws/s3-medallion-storage";
import { MEDALLION_LAYERS, environmentTagMap } from "../constructs/core/medallion";
import { PreventDestroyAspect } from "../constructs/governance/prevent-destroy-aspect";
import { RequiredTagsAspect } from "../constructs/governance/required-tags-aspect";
import { configureBackend } from "./backend";

/** Props of {@link AwsLakehouseStack}. */
export interface AwsLakehouseStackProps {
  /** One validated AWS environment from the lakehouse config. */
  readonly environment: ResolvedAwsEnvironment;
}

/**
 * One AWS environment of the lakehouse: S3 medallion buckets with their KMS key and access-log bucket,
 * and Kinesis ingestion. Composition only. The account and partition are read at deploy time from the
 * credentials in use (`aws_caller_identity`, `aws_partition`), never written into config.
 */
export class AwsLakehouseStack extends TerraformStack {
  readonly storage: S3MedallionStorage;
  readonly ingest: KinesisIngest;

  constructor(scope: Construct, id: string, props: AwsLakehouseStackProps) {
    super(scope, id);
    const env = props.environment;
    const namePrefix = env.storage.bucketPrefix;

    new AwsProvider(this, "Aws", { region: env.region });
    configureBackend(this, env);
    Aspects.of(this).add(new RequiredTagsAspect({ tags: environmentTagMap(env.tags) }));
    if (env.protectStatefulResources) Aspects.of(this).add(new PreventDestroyAspect());

    const account = new DataAwsCallerIdentity(this, "Account", {});
    const partition = new DataAwsPartition(this, "Partition", {});

    this.storage = new S3MedallionStorage(this, "Storage", {
      bucketPrefix: env.storage.bucketPrefix,
      accountId: account.accountId,
      partition: partition.partition,
      region: env.region,
      noncurrentVersionDays: env.storage.noncurrentVersionDays,
      accessLogRetentionDays: env.storage.accessLogRetentionDays,
      tiering: env.storage.tiering,
      objectLock: env.storage.objectLock,
      kmsDeletionWindowDays: env.storage.kmsDeletionWindowDays,
    });

    this.ingest = new KinesisIngest(this, "Ingest", {
      namePrefix,
      mode: env.streaming.mode,
      sources: env.streaming.sources,
      accountId: account.accountId,
      partition: partition.partition,
      region: env.region,
      kmsDeletionWindowDays: env.storage.kmsDeletionWindowDays,
    });

    new TerraformOutput(this, "layer_buckets", {
      value: Object.fromEntries(MEDALLION_LAYERS.map((l) => [l, this.storage.layerBuckets[l].bucketName])),
    });
    new TerraformOutput(this, "storage_kms_key_arn", { value: this.storage.kmsKey.keyArn });
    new TerraformOutput(this, "stream_arns", {
      value: Object.fromEntries(Object.entries(this.ingest.streams).map(([name, s]) => [name, s.arn])),
    });
  }
}
