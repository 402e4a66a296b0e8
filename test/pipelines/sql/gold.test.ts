/** Gold: time-series feature tables and point-in-time training sets. */
import { readFileSync } from "fs";
import { join } from "path";
import { loadDatasets } from "../../../pipelines";
import { codeOnly, CONTEXT, files } from "../../support/pipeline-sql";
import { example, table } from "../../support/datasets";

const goldOf = (input: unknown) => files("azure", CONTEXT.azure, loadDatasets(input, "azure"))["gold.sql"]!;

describe("gold feature tables", () => {
  test("clustered tables get CLUSTER BY, ZORDER tables nothing in DDL", () => {
    const out = files("azure");
    expect(out["gold.sql"]).toContain("CLUSTER BY (`customer_id`, `feature_timestamp`)");
    expect(out["silver.sql"]).not.toMatch(/CLUSTER BY|ZORDER/);
  });

  test("nothing in gold depends on the time of the refresh", () => {
    const gold = codeOnly(files("azure")["gold.sql"]!).toLowerCase();
    for (const fn of ["current_timestamp", "current_date", "now(", "rand(", "uuid("]) {
      expect(gold).not.toContain(fn);
    }
  });

  test("rows are keyed by entity and event time, declared TIMESERIES", () => {
    const gold = files("azure")["gold.sql"]!;
    expect(gold).toContain(
      "CONSTRAINT `customer_features_pk` PRIMARY KEY (`customer_id`, `feature_timestamp` TIMESERIES)",
    );
    expect(gold).toContain("`event_time` AS `feature_timestamp`");
    expect(gold).toContain("GROUP BY `customer_id`, `feature_timestamp`;");
  });

  test("windows are RANGE frames over event time per entity, the current event included by default", () => {
    const gold = files("azure")["gold.sql"]!;
    expect(gold).toContain(
      "w_7d AS (PARTITION BY `customer_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW)",
    );
    expect(gold).toContain(
      "w_30d AS (PARTITION BY `customer_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL 30 DAYS PRECEDING AND CURRENT ROW)",
    );
    expect(gold).toContain("CAST(avg(`amount`) OVER w_30d AS DOUBLE) AS `avg_transaction_amount_30d`");
    expect(gold).toContain("CAST(max(`amount`) OVER w_7d AS DECIMAL(18,2)) AS `max_transaction_amount_7d`");
  });

  test("a declared result type is the column's type and what the aggregate is cast to", () => {
    const gold = files("azure")["gold.sql"]!;
    expect(gold).toContain("  `total_transaction_amount_30d` DECIMAL(38,2),\n");
    expect(gold).toContain(
      "CAST(sum(`amount`) OVER w_30d AS DECIMAL(38,2)) AS `total_transaction_amount_30d`",
    );
  });

  test("without a declared type a sum of decimals is a DOUBLE, an integral sum a BIGINT", () => {
    const input = example();
    table(input, "transactions").columns.push({ name: "quantity", type: "INT" });
    delete input.features[0].windows[2].type;
    input.features[0].windows.push({ name: "items_30d", function: "sum", column: "quantity", days: 30 });
    const gold = goldOf(input);
    expect(gold).toContain("CAST(sum(`amount`) OVER w_30d AS DOUBLE) AS `total_transaction_amount_30d`");
    expect(gold).toContain("CAST(sum(`quantity`) OVER w_30d AS BIGINT) AS `items_30d`");
  });

  test("a refresh policy is written as the REFRESH POLICY clause before AS; unset writes none", () => {
    expect(files("azure")["gold.sql"]).not.toContain("REFRESH POLICY");
    const input = example();
    input.features[0].refreshPolicy = "incrementalStrict";
    expect(goldOf(input)).toMatch(/\nREFRESH POLICY INCREMENTAL STRICT\nAS SELECT\n/);
    input.features[0].refreshPolicy = "full";
    expect(goldOf(input)).toMatch(/\nREFRESH POLICY FULL\nAS SELECT\n/);
  });

  test("an unknown refresh policy is rejected naming the allowed values", () => {
    const input = example();
    (input.features[0] as { refreshPolicy?: string }).refreshPolicy = "strict";
    expect(() => loadDatasets(input, "azure")).toThrow(
      "datasets.features.customer_features.refreshPolicy: 'strict' must be one of auto, incremental, incrementalStrict, full",
    );
  });

  test("excluding the current event ends the frame one microsecond before the row, ties included", () => {
    const input = example();
    input.features[0].currentEvent = "exclude";
    input.features[0].onlineServing = false;
    const gold = goldOf(input);
    expect(gold).toContain("RANGE BETWEEN INTERVAL 30 DAYS PRECEDING AND INTERVAL 1 MICROSECOND PRECEDING)");
    expect(gold).not.toContain("CURRENT ROW");
    expect(gold).toContain("windows see the events strictly before its timestamp");
  });

  test("distinct counts collect the frame's distinct values (Spark has no DISTINCT window aggregates)", () => {
    const input = example();
    input.features[0].windows.push({
      name: "merchant_count_30d",
      function: "count_distinct",
      column: "merchant_id",
      days: 30,
    });
    expect(goldOf(input)).toContain(
      "CAST(size(collect_set(`merchant_id`) OVER w_30d) AS BIGINT) AS `merchant_count_30d`",
    );
  });

  test("features over an SCD type 2 table read the current version of each row", () => {
    const input = example();
    input.features[0].from = "merchants";
    input.features[0].keys = ["merchant_id"];
    input.features[0].timestampColumn = "updated_at";
    input.features[0].windows = [{ name: "changes_30d", function: "count", column: "merchant_id", days: 30 }];
    input.features[0].layout = undefined;
    input.trainingSets = [];
    expect(goldOf(input)).toContain(
      "WHERE `merchant_id` IS NOT NULL AND `updated_at` IS NOT NULL AND `__END_AT` IS NULL",
    );
  });

  test("the feature source has row tracking (incremental refresh needs it); other silver tables do not", () => {
    const silver = files("azure")["silver.sql"]!;
    const transactions = silver.slice(0, silver.indexOf("AS SELECT"));
    expect(transactions).toContain("'delta.enableRowTracking' = 'true'");
    expect(silver.match(/delta\.enableRowTracking/g)).toHaveLength(1);
  });

  test("a TIMESTAMP_NTZ event time keys the rows with the same type", () => {
    const input = example();
    table(input, "transactions").columns[6].type = "TIMESTAMP_NTZ";
    input.trainingSets = [];
    expect(goldOf(input)).toContain("`feature_timestamp` TIMESTAMP_NTZ NOT NULL");
  });
});

describe("training sets", () => {
  const gold = files("azure")["gold.sql"]!;

  test("are views: computed when read, nothing to refresh or store", () => {
    expect(gold).toContain("CREATE VIEW `fraud_prod`.`gold`.`fraud_training_set`\nCOMMENT ");
    expect(gold).not.toContain("MATERIALIZED VIEW `fraud_prod`.`gold`.`fraud_training_set`");
  });

  test("join each label to the latest feature row strictly before its time", () => {
    expect(gold).toContain(
      "ON f.`customer_id` = l.`customer_id` AND f.`feature_timestamp` < l.`event_time`\n" +
        "  QUALIFY row_number() OVER (PARTITION BY l.`transaction_id` ORDER BY f.`feature_timestamp` DESC) = 1",
    );
  });

  test("join an exclude table at or before the label's time (its rows already leave out their own events)", () => {
    const input = example();
    input.features[0].currentEvent = "exclude";
    input.features[0].onlineServing = false;
    expect(goldOf(input)).toContain("AND f.`feature_timestamp` <= l.`event_time`");
  });

  test("take the SCD type 2 dimension row valid at the label's time", () => {
    expect(gold).toContain(
      "LEFT JOIN `fraud_prod`.`silver`.`merchants` d1\n" +
        "  ON d1.`merchant_id` = l.`merchant_id` AND d1.`__START_AT` <= l.`event_time` AND (d1.`__END_AT` IS NULL OR l.`event_time` < d1.`__END_AT`)",
    );
  });

  test("keep every label, with nulls where nothing was known before it", () => {
    expect(gold).toContain(
      "FROM `labels` l\nLEFT JOIN `customer_features_as_of` f1 ON f1.`transaction_id` = l.`transaction_id`",
    );
  });
});

describe("README", () => {
  test("shows the example's generated gold.sql as it is", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8");
    const body = files("azure")["gold.sql"]!.split("\n").slice(4).join("\n").trimEnd();
    expect(readme).toContain(`\`\`\`sql\n${body}\n\`\`\``);
  });
});
