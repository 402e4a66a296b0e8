/**
 * The built-in dataset spec of the card-fraud example: card transactions streamed in (one logical
 * stream, read from Event Hubs on Azure and Kinesis on AWS), customers, merchants and fraud labels as
 * CDC files dropped into landing, a gold time-series `customer_features` table and a point-in-time
 * `fraud_training_set` for the fraud model.
 */
import type { DatasetCloud, DatasetSpecInput } from "../pipelines";

type SourceInput = DatasetSpecInput["sources"][number];

type TableInput = DatasetSpecInput["tables"][number];
type ExpectationInput = NonNullable<NonNullable<TableInput["silver"]>["expectations"]>[number];

/** Columns in the order written, each name with its SQL type. */
function columns(types: Readonly<Record<string, string>>): TableInput["columns"] {
  return Object.entries(types).map(([name, type]) => ({ name, type }));
}

/** A `not-null` expectation on each of `columns`, in order, all with one `action`. */
function notNull(action: "warn" | "drop" | "fail", ...columns: string[]): ExpectationInput[] {
  return columns.map((column) => ({ kind: "not-null", column, action }));
}

/**
 * A dimension fed by CDC files: `key` and `attributes` (all STRING), then the change's `operation`
 * (`DELETE` removes the row) and `updated_at` (its order), both left out of silver.
 */
function cdcDimension(
  name: string,
  source: string,
  comment: string,
  scdType: 1 | 2,
  key: string,
  attributes: readonly string[],
): TableInput {
  return {
    name,
    source,
    columns: columns({
      [key]: "STRING",
      ...Object.fromEntries(attributes.map((column) => [column, "STRING"])),
      operation: "STRING",
      updated_at: "TIMESTAMP",
    }),
    silver: {
      comment,
      expectations: notNull("fail", key),
      cdc: {
        keys: [key],
        sequenceBy: "updated_at",
        scdType,
        deleteWhen: "operation = 'DELETE'",
        exceptColumns: ["operation"],
      },
    },
  };
}

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
      { type: "files", name: "fraud_label_changes", format: "json", path: "fraud-labels/" },
    ],
    tables: [
      {
        name: "transactions",
        source: "card_transactions",
        columns: columns({
          transaction_id: "STRING",
          customer_id: "STRING",
          merchant_id: "STRING",
          amount: "DECIMAL(18,2)",
          currency: "STRING",
          card_present: "BOOLEAN",
          event_time: "TIMESTAMP",
        }),
        bronze: { comment: "Card transactions as received from the stream, with stream position metadata" },
        silver: {
          comment: "Validated card transactions",
          expectations: [
            ...notNull("drop", "transaction_id", "customer_id", "merchant_id", "event_time"),
            // Streams deliver at least once: duplicates are reported, not fatal.
            { kind: "unique", column: "transaction_id", action: "warn" },
            { kind: "expression", name: "positive_amount", expression: "amount > 0", action: "drop" },
          ],
        },
        layout: { zorderBy: ["customer_id", "merchant_id"] },
      },
      cdcDimension("customers", "customer_changes", "Current customers (SCD type 1)", 1, "customer_id", [
        "full_name",
        "email",
        "country",
        "risk_segment",
      ]),
      cdcDimension("merchants", "merchant_changes", "Merchant history (SCD type 2)", 2, "merchant_id", [
        "merchant_name",
        "category_code",
        "country",
      ]),
      {
        // One row per labelled transaction; a label can be revised (a chargeback reversed), so the
        // latest decision per transaction wins.
        name: "fraud_labels",
        source: "fraud_label_changes",
        columns: columns({
          transaction_id: "STRING",
          customer_id: "STRING",
          merchant_id: "STRING",
          event_time: "TIMESTAMP",
          is_fraud: "BOOLEAN",
          labelled_at: "TIMESTAMP",
        }),
        silver: {
          comment: "Fraud decisions per transaction (latest wins)",
          expectations: notNull("drop", "transaction_id", "event_time", "is_fraud"),
          cdc: { keys: ["transaction_id"], sequenceBy: "labelled_at", scdType: 1 },
        },
      },
    ],
    features: [
      {
        name: "customer_features",
        from: "transactions",
        comment: "Per-customer spending features for the fraud model, as of each transaction",
        keys: ["customer_id"],
        timestampColumn: "event_time",
        // Each row is the customer's state after the transactions at its time (what is served online);
        // the training set joins strictly before each label, so no transaction sees itself.
        currentEvent: "include",
        windows: [
          { name: "avg_transaction_amount_30d", function: "avg", column: "amount", days: 30 },
          { name: "transaction_count_30d", function: "count", column: "transaction_id", days: 30 },
          // Money stays exact: the sum of DECIMAL(18,2) amounts kept in cents (without `type` it is a DOUBLE).
          {
            name: "total_transaction_amount_30d",
            function: "sum",
            column: "amount",
            days: 30,
            type: "DECIMAL(38,2)",
          },
          { name: "max_transaction_amount_7d", function: "max", column: "amount", days: 7 },
        ],
        // Point-in-time lookups scan one customer's rows in time order.
        layout: { clusterBy: ["customer_id", "feature_timestamp"] },
        onlineServing: true,
      },
    ],
    trainingSets: [
      {
        name: "fraud_training_set",
        comment:
          "Fraud labels with the customer's features before each transaction and the merchant as it was then",
        labels: {
          table: "fraud_labels",
          keys: ["transaction_id"],
          timestampColumn: "event_time",
          labelColumn: "is_fraud",
        },
        features: ["customer_features"],
        dimensions: [{ table: "merchants", columns: ["category_code", "country"] }],
      },
    ],
    maintenance: {
      // Sundays 03:00: after the week's last pipeline updates, before Monday's model training.
      schedule: "0 0 3 ? * SUN",
      timezone: "UTC",
      // The pipeline compacts and vacuums its own tables; this keeps optimizer statistics current.
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
