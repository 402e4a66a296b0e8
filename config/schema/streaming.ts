/** The `streaming` section: stream ingest per cloud (Event Hubs, or Kinesis Data Streams). */
import { z } from "zod";
import { matching, wholeNumber } from "../../vocabulary/config-issues";

const sourceName = matching(
  /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/,
  "must be 2–50 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
);

export const azureStreaming = z
  .object({
    /** @default `<prefix>-<env>-ingest` */
    namespaceName: z.string().optional(),
    /** Basic has no Kafka endpoint, so it is not offered. */
    sku: z.enum(["Standard", "Premium"]),
    /** Throughput units (Standard, 1–40) or processing units (Premium: 1, 2, 4, 8 or 16). */
    capacity: wholeNumber(1, 40, "capacity units"),
    /** Standard only: auto-inflate up to this many throughput units. @default off */
    autoInflateMaxThroughputUnits: wholeNumber(1, 40, "throughput units").optional(),
    /** @default "databricks" */
    consumerGroup: matching(/^[a-z][a-z0-9._-]{0,49}$/, "must be a consumer group name").default(
      "databricks",
    ),
    sources: z.array(
      z
        .object({
          name: sourceName,
          partitions: wholeNumber(1, 100, "partitions"),
          retentionHours: wholeNumber(1, 2160, "hours"),
        })
        .strict(),
    ),
  })
  .strict();

const kinesisMode = z.enum(["on-demand", "provisioned"]);

export const awsStreaming = z
  .object({
    /**
     * Capacity mode of the streams that do not set their own: `on-demand` scales itself and bills per
     * GB, `provisioned` bills per shard-hour. @default "on-demand"
     */
    mode: kinesisMode.default("on-demand"),
    sources: z.array(
      z
        .object({
          name: sourceName,
          /** This stream's capacity mode (a hot stream provisioned, a cold one on demand). @default streaming.mode */
          mode: kinesisMode.optional(),
          /** Required in provisioned mode, not allowed on-demand. */
          shards: wholeNumber(1, 10000, "shards").optional(),
          retentionHours: wholeNumber(24, 8760, "hours"),
        })
        .strict(),
    ),
  })
  .strict();
