/**
 * The built-in dataset spec of the card-fraud example: card transactions streamed in (one logical
 * stream, read from Event Hubs on Azure and Kinesis on AWS), customers and merchants as CDC files
 * dropped into landing, and a gold `customer_features` table for the fraud model.
 */
import type { DatasetCloud, DatasetSpecInput } from "../pipelines";

type SourceInput = DatasetSpecInput["sources"][number];

/** Transactions arrive on the `card-transactions` stream source of every environment, on either cloud. */
const TRANSACTIONS_STREAM: SourceInput = {
  type: "stream",
  name: "card_transactions",
  stream: "card-transactions",
  startingPosition: "earliest",
};

/** The same source as it is bound on `cloud` (what loading the spec for that cloud produces). */
function boundTransactionSource(cloud: DatasetCloud): SourceInput {
  return cloud === "azure"
    ? {
        type: "event-hubs",
        name: "card_transactions",
        eventHub: "card-transactions",
        startingOffsets: "earliest",
      }
    : {
        type: "kinesis",
        name: "card_transactions",
        stream: "card-transactions",
        initialPosition: "trim_horizon",
      };
}

function example(transactions: SourceInput): DatasetSpecInput {
  return {
    sources: [
      transactions,
      { type: "files", name: "customer_changes", format: "json", path: "customers/" },
      { type: "files", name: "merchant_changes", format: "json", path: "merchants/" },
    ],
    tables: [
      {
        name: "transactions",
        source: "card_transactions",
        columns: [
          { name: "transaction_id", type: "STRING" },
          { name: "customer_id", type: "STRING" },
          { name: "merchant_id", type: "STRING" },
          { name: "amount", type: "DECIMAL(18,2)" },
          { name: "currency", type: "STRING" },
          { name: "card_present", type: "BOOLEAN" },
          { name: "event_time", type: "TIMESTAMP" },
        ],
        bronze: { comment: "Card transactions as received from the stream, with stream position metadata" },
        silver: {
          comment: "Validated card transactions",
          expectations: [
            { kind: "not-null", column: "transaction_id", action: "drop" },
            { kind: "not-null", column: "customer_id", action: "drop" },
            { kind: "not-null", column: "merchant_id", action: "drop" },
            { kind: "not-null", column: "event_time", action: "drop" },
            // Streams deliver at least once: duplicates are reported, not fatal.
            { kind: "unique", column: "transaction_id", action: "warn" },
            { kind: "expression", name: "positive_amount", expression: "amount > 0", action: "drop" },
          ],
        },
        layout: { zorderBy: ["customer_id", "merchant_id"] },
      },
      {
        name: "customers",
        source: "customer_changes",
        columns: [
          { name: "customer_id", type: "STRING" },
          { name: "full_name", type: "STRING" },
          { name: "email", type: "STRING" },
          { name: "country", type: "STRING" },
          { name: "risk_segment", type: "STRING" },
          { name: "operation", type: "STRING" },
          { name: "updated_at", type: "TIMESTAMP" },
        ],
        silver: {
          comment: "Current customers (SCD type 1)",
          expectations: [{ kind: "not-null", column: "customer_id", action: "fail" }],
          cdc: {
            keys: ["customer_id"],
            sequenceBy: "updated_at",
            scdType: 1,
            deleteWhen: "operation = 'DELETE'",
            exceptColumns: ["operation"],
          },
        },
      },
      {
        name: "merchants",
        source: "merchant_changes",
        columns: [
          { name: "merchant_id", type: "STRING" },
          { name: "merchant_name", type: "STRING" },
          { name: "category_code", type: "STRING" },
          { name: "country", type: "STRING" },
          { name: "operation", type: "STRING" },
          { name: "updated_at", type: "TIMESTAMP" },
        ],
        silver: {
          comment: "Merchant history (SCD type 2)",
          expectations: [{ kind: "not-null", column: "merchant_id", action: "fail" }],
          cdc: {
            keys: ["merchant_id"],
            sequenceBy: "updated_at",
            scdType: 2,
            deleteWhen: "operation = 'DELETE'",
            exceptColumns: ["operation"],
          },
        },
      },
    ],
    features: [
      {
        name: "customer_features",
        from: "transactions",
        comment: "Per-customer spending features for the fraud model",
        keys: ["customer_id"],
        timestampColumn: "event_time",
        windows: [
          { name: "avg_transaction_amount_30d", function: "avg", column: "amount", days: 30 },
          { name: "transaction_count_30d", function: "count", column: "transaction_id", days: 30 },
          { name: "max_transaction_amount_7d", function: "max", column: "amount", days: 7 },
        ],
        layout: { clusterBy: ["customer_id"] },
        onlineServing: true,
      },
    ],
    maintenance: {
      // Sundays 03:00: after the week's last pipeline updates, before Monday's model training.
      schedule: "0 0 3 ? * SUN",
      timezone: "UTC",
      // Bronze keeps deleted files 30 days (its time-travel window), so VACUUM retains at least that.
      vacuumRetentionHours: 720,
      analyze: true,
    },
  };
}

/** The example spec: one for both clouds. */
export const EXAMPLE_DATASETS: DatasetSpecInput = example(TRANSACTIONS_STREAM);

/**
 * A fresh, mutable copy of the example spec as bound for `cloud`: the stream source written as that
 * cloud's concrete kind (`event-hubs` or `kinesis`). Pipeline tests edit it freely; loading it gives
 * the same spec as loading {@link EXAMPLE_DATASETS} for `cloud`.
 */
export function exampleDatasets(cloud: DatasetCloud): DatasetSpecInput {
  return example(boundTransactionSource(cloud));
}
