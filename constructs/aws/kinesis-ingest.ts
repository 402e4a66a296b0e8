import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import { LakehouseKmsKey } from "./lakehouse-kms-key";
import type { AwsAccountRegion } from "./aws-account-region";

/** One stream source of {@link KinesisIngest}. */
export interface KinesisSource {
  /** Source name; the stream is named `<resourceNamePrefix>-<name>`. */
  readonly name: string;
  /**
   * Capacity mode of this stream: a hot stream can be provisioned while a cold one scales on demand.
   * @default the props' `mode`
   */
  readonly mode?: "on-demand" | "provisioned";
  /** Shards in provisioned mode; must be omitted on-demand. @default none (on-demand) */
  readonly shards?: number;
  /** How long records stay readable (24–8760 hours; over 24 is billed as extended retention). */
  readonly retentionHours: number;
}

/** Props of {@link KinesisIngest}. */
export interface KinesisIngestProps extends AwsAccountRegion {
  /** Prefix of the stream names and the key alias, e.g. `frdlh-prod` (`frdlh-prod-transactions`). */
  readonly resourceNamePrefix: string;
  /**
   * Capacity mode of the streams whose source does not set one: `on-demand` scales and bills per GB;
   * `provisioned` bills per shard-hour.
   */
  readonly mode: "on-demand" | "provisioned";
  /** The stream sources, one stream each. */
  readonly sources: readonly KinesisSource[];
  /** Waiting period before a scheduled deletion of the stream key. @default 30 */
  readonly kmsDeletionWindowDays?: number;
}

/**
 * Kinesis Data Streams for the bronze stream ingest: one stream per source, server-side encrypted with
 * a customer-managed KMS key of its own (separate from storage, so stream producers never get a grant
 * that also decrypts the lake).
 *
 * @example
 * // `caller` is a DataAwsCallerIdentity, `partition` a DataAwsPartition.
 * new KinesisIngest(this, "Ingest", {
 *   resourceNamePrefix: "frdlh-prod",
 *   mode: "on-demand",
 *   sources: [{ name: "card-transactions", retentionHours: 168 }],
 *   accountId: caller.accountId,
 *   partition: partition.partition,
 *   region: "eu-west-1",
 * });
 */
export class KinesisIngest extends Construct {
  /** Streams by source name. */
  readonly streams: Readonly<Record<string, KinesisStream>>;
  /** Stream names by source name, as literals (usable where references are not, e.g. generated SQL). */
  readonly streamNames: Readonly<Record<string, string>>;
  /** The streams' own customer-managed key (separate from the storage key). */
  readonly kmsKey: LakehouseKmsKey;

  constructor(scope: Construct, id: string, props: KinesisIngestProps) {
    super(scope, id);
    this.kmsKey = new LakehouseKmsKey(this, "StreamKey", {
      aliasName: `${props.resourceNamePrefix}-streams`,
      description: `Encrypts the ${props.resourceNamePrefix} Kinesis streams`,
      accountId: props.accountId,
      partition: props.partition,
      region: props.region,
      viaServices: ["kinesis"],
      deletionWindowDays: props.kmsDeletionWindowDays,
      layer: "ingest",
    });

    const streams: Record<string, KinesisStream> = {};
    const names: Record<string, string> = {};
    for (const source of props.sources) {
      const mode = source.mode ?? props.mode;
      names[source.name] = `${props.resourceNamePrefix}-${source.name}`;
      streams[source.name] = new KinesisStream(this, `Stream-${source.name}`, {
        name: names[source.name],
        streamModeDetails: { streamMode: mode === "on-demand" ? "ON_DEMAND" : "PROVISIONED" },
        shardCount: mode === "provisioned" ? source.shards : undefined,
        retentionPeriod: source.retentionHours,
        encryptionType: "KMS",
        kmsKeyId: this.kmsKey.keyArn,
        // Consumers (e.g. enhanced fan-out) must be removed on purpose before the stream can go.
        enforceConsumerDeletion: false,
        tags: layerTags("ingest"),
      });
    }
    this.streams = streams;
    this.streamNames = names;
  }
}
