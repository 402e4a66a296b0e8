/** Streaming ingest: Event Hubs namespace name and tier limits (Azure), Kinesis shard settings (AWS). */
import type { ResolvedAwsEnvironment, ResolvedAzureEnvironment } from "../resolve";
import type { Report } from "./report";

// Event Hubs namespace: 6–50, starts with a letter, ends with a letter or digit, letters/digits/hyphens.
const EVENT_HUBS_NAMESPACE = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;

/** Event Hubs limits per tier (Azure quotas page): partitions per hub, retention hours, capacity units. */
const EVENT_HUBS_LIMITS = {
  Standard: { partitions: 32, retentionHours: 168, capacities: "1 to 40 throughput units" },
  Premium: { partitions: 100, retentionHours: 2160, capacities: "1, 2, 4, 8 or 16 processing units" },
} as const;

export function checkAzureStreaming(env: ResolvedAzureEnvironment, report: Report): void {
  const streaming = env.streaming;
  if (!EVENT_HUBS_NAMESPACE.test(streaming.namespaceName) || /-(sb|mgmt)$/.test(streaming.namespaceName)) {
    report(
      "streaming.namespaceName",
      `'${streaming.namespaceName}' must be 6–50 letters, digits or hyphens, start with a letter, end with a letter or digit, and not end in -sb or -mgmt`,
    );
  }
  const limits = EVENT_HUBS_LIMITS[streaming.sku];
  const validCapacity =
    streaming.sku === "Standard"
      ? streaming.capacity >= 1 && streaming.capacity <= 40
      : [1, 2, 4, 8, 16].includes(streaming.capacity);
  if (!validCapacity) {
    report(
      "streaming.capacity",
      `${streaming.capacity} is not valid for ${streaming.sku}; use ${limits.capacities}`,
    );
  }
  if (streaming.autoInflateMaxThroughputUnits !== undefined) {
    if (streaming.sku !== "Standard") {
      report(
        "streaming.autoInflateMaxThroughputUnits",
        `${streaming.autoInflateMaxThroughputUnits} is set but auto-inflate exists only on the Standard tier`,
      );
    } else if (
      streaming.autoInflateMaxThroughputUnits < streaming.capacity ||
      streaming.autoInflateMaxThroughputUnits > 40
    ) {
      report(
        "streaming.autoInflateMaxThroughputUnits",
        `${streaming.autoInflateMaxThroughputUnits} must be between capacity (${streaming.capacity}) and 40`,
      );
    }
  }
  streaming.sources.forEach((source, i) => {
    if (source.partitions > limits.partitions) {
      report(
        `streaming.sources[${i}].partitions`,
        `${source.partitions} exceeds the ${streaming.sku} tier's ${limits.partitions} partitions per event hub`,
      );
    }
    if (source.retentionHours > limits.retentionHours) {
      report(
        `streaming.sources[${i}].retentionHours`,
        `${source.retentionHours} exceeds the ${streaming.sku} tier's ${limits.retentionHours}-hour retention`,
      );
    } else if (source.retentionHours % 24 !== 0) {
      report(
        `streaming.sources[${i}].retentionHours`,
        `${source.retentionHours} must be a multiple of 24: Event Hubs retention is set in whole days`,
      );
    }
  });
}

export function checkAwsStreaming(env: ResolvedAwsEnvironment, report: Report): void {
  env.streaming.sources.forEach((source, i) => {
    const mode = source.mode ?? env.streaming.mode;
    // Say where the stream's mode comes from: its own setting or the environment's.
    const modeField = source.mode ? `streaming.sources[${i}].mode` : "streaming.mode";
    if (mode === "provisioned" && source.shards === undefined) {
      report(
        `streaming.sources[${i}].shards`,
        `is required for '${source.name}' because ${modeField} is provisioned`,
      );
    }
    if (mode === "on-demand" && source.shards !== undefined) {
      report(
        `streaming.sources[${i}].shards`,
        `${source.shards} is set for '${source.name}' but ${modeField} is on-demand, which scales shards itself; remove it or use provisioned`,
      );
    }
  });
}
