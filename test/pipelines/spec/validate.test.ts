/**
 * One test per dataset-spec rule: each breaks one field of the example spec and checks the single issue
 * names the exact `datasets.…` path, the offending value and the rule.
 */
import { bindStreamSource, loadDatasets, type DatasetSpecInput } from "../../../pipelines";
import { EXAMPLE_DATASETS, exampleDatasets } from "../../../config/example-datasets";
import { ConfigValidationError } from "../../../config/load";
import { example, issuesOf, onlyIssue, table, type Loose } from "../../support/datasets";

describe("the example dataset spec", () => {
  test.each(["azure", "aws"] as const)("loads on %s", (cloud) => {
    const spec = loadDatasets(EXAMPLE_DATASETS, cloud);
    expect(spec.tables.map((t) => t.name)).toEqual([
      "transactions",
      "customers",
      "merchants",
      "fraud_labels",
    ]);
    expect(spec.features.map((f) => f.name)).toEqual(["customer_features"]);
    expect(spec.trainingSets.map((t) => t.name)).toEqual(["fraud_training_set"]);
  });

  test.each(["azure", "aws"] as const)(
    "its logical stream source binds on %s to what exampleDatasets writes for that cloud",
    (cloud) => {
      expect(loadDatasets(EXAMPLE_DATASETS, cloud)).toEqual(loadDatasets(exampleDatasets(cloud), cloud));
    },
  );

  test("a stream source is Event Hubs on Azure and Kinesis on AWS", () => {
    const source = {
      type: "stream",
      name: "clicks",
      stream: "web-clicks",
      startingPosition: "latest",
    } as const;
    expect(bindStreamSource({ ...source, format: "json" }, "azure")).toEqual({
      type: "event-hubs",
      name: "clicks",
      eventHub: "web-clicks",
      startingOffsets: "latest",
      format: "json",
    });
    expect(bindStreamSource({ ...source, format: "json" }, "aws")).toEqual({
      type: "kinesis",
      name: "clicks",
      stream: "web-clicks",
      initialPosition: "latest",
      format: "json",
    });
    const spec = loadDatasets(EXAMPLE_DATASETS, "aws");
    expect(spec.sources[0]).toEqual({
      type: "kinesis",
      name: "card_transactions",
      stream: "card-transactions",
      initialPosition: "trim_horizon",
      format: "json",
    });
  });

  test("a stream source's fields are checked like any other", () => {
    const spec = structuredClone(EXAMPLE_DATASETS) as Loose;
    spec.sources[0].stream = "Card_Transactions";
    spec.sources[0].startingPosition = "newest";
    expect(issuesOf(spec, "aws")).toEqual([
      "datasets.sources.card_transactions.stream: 'Card_Transactions' must be a stream source name of the environment config: 2–50 lowercase letters, digits or hyphens",
      "datasets.sources.card_transactions.startingPosition: 'newest' must be one of earliest, latest",
    ]);
  });

  test("applies defaults", () => {
    const spec = loadDatasets(example(), "azure");
    const files = spec.sources.find((s) => s.name === "customer_changes");
    expect(files).toMatchObject({ rescuedDataColumn: "_rescued_data", options: {} });
    expect(spec.features[0]!.featureTimestampColumn).toBe("feature_timestamp");
    expect(spec.features[0]!.currentEvent).toBe("include");
    expect(spec.maintenance.analyze).toBe(true);
  });

  test("exampleDatasets returns a fresh copy", () => {
    const copy = example();
    copy.tables.pop();
    copy.sources[0].type = "pubsub";
    expect(exampleDatasets("azure").tables).toHaveLength(4);
    expect(exampleDatasets("azure").sources[0]!.type).toBe("event-hubs");
    expect(EXAMPLE_DATASETS.sources[0]!.type).toBe("stream");
  });

  test("errors are ConfigValidationErrors listing every issue", () => {
    const spec = example();
    spec.tables[0].name = "Transactions";
    spec.maintenance.analyze = "yes";
    let error: unknown;
    try {
      loadDatasets(spec, "azure");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(/^Invalid lakehouse config \(2 problems\):/);
    expect((error as ConfigValidationError).issues).toEqual([
      expect.stringContaining("datasets.tables[0].name: 'Transactions' must be a lowercase identifier"),
      "datasets.maintenance.analyze: 'yes' must be a boolean, got string",
    ]);
  });
});

describe("layout", () => {
  test("a ZORDER column must be a column of the table", () => {
    const spec = example();
    table(spec, "transactions").layout.zorderBy = ["customer_id", "merchant"];
    const issue = onlyIssue(spec, "datasets.tables.transactions.layout.zorderBy[1]");
    expect(issue).toContain("'merchant' is not a column of silver table 'transactions'");
  });

  test("ZORDER and liquid clustering are mutually exclusive", () => {
    const spec = example();
    table(spec, "transactions").layout.clusterBy = ["customer_id"];
    const issue = onlyIssue(spec, "datasets.tables.transactions.layout");
    expect(issue).toMatch(
      /'zorderBy' and 'clusterBy' are both set; ZORDER and liquid clustering are mutually exclusive/,
    );
  });

  test("a clustering column must be a column of the feature table", () => {
    const spec = example();
    spec.features[0].layout.clusterBy = ["customer"];
    const issue = onlyIssue(spec, "datasets.features.customer_features.layout.clusterBy[0]");
    expect(issue).toContain("'customer' is not a column of feature table 'customer_features'");
  });

  test("liquid clustering takes at most 4 keys", () => {
    const spec = example();
    table(spec, "customers").layout = {
      clusterBy: ["customer_id", "country", "email", "full_name", "risk_segment"],
    };
    const issue = onlyIssue(spec, "datasets.tables.customers.layout.clusterBy");
    expect(issue).toContain("[5 items] is more than the 4 clustering keys");
  });
});

describe("CDC", () => {
  test("keys are required", () => {
    const spec = example();
    delete table(spec, "customers").silver.cdc.keys;
    const issue = onlyIssue(spec, "datasets.tables.customers.silver.cdc.keys");
    expect(issue).toContain("is required: AUTO CDC needs the key columns");
  });

  test("keys must not be empty", () => {
    const spec = example();
    table(spec, "customers").silver.cdc.keys = [];
    const issue = onlyIssue(spec, "datasets.tables.customers.silver.cdc.keys");
    expect(issue).toContain("[0 items] must name at least one key column");
  });

  test("the sequence column is required", () => {
    const spec = example();
    delete table(spec, "merchants").silver.cdc.sequenceBy;
    const issue = onlyIssue(spec, "datasets.tables.merchants.silver.cdc.sequenceBy");
    expect(issue).toContain("is required: AUTO CDC orders change events by a sequence column");
  });

  test("keys must be columns of the table", () => {
    const spec = example();
    table(spec, "customers").silver.cdc.keys = ["customer_key"];
    const issue = onlyIssue(spec, "datasets.tables.customers.silver.cdc.keys[0]");
    expect(issue).toContain("'customer_key' is not a column of silver table 'customers'");
  });

  test("the sequence column must be a column of the table", () => {
    const spec = example();
    table(spec, "customers").silver.cdc.sequenceBy = "changed_at";
    const issue = onlyIssue(spec, "datasets.tables.customers.silver.cdc.sequenceBy");
    expect(issue).toContain("'changed_at' is not a column of table 'customers'");
  });

  test("a key cannot be excluded from the target", () => {
    const spec = example();
    table(spec, "customers").silver.cdc.exceptColumns = ["operation", "customer_id"];
    const issues = issuesOf(spec);
    expect(issues).toContain(
      "datasets.tables.customers.silver.cdc.exceptColumns[1]: 'customer_id' is a CDC key and must stay in the target table",
    );
  });

  test.each([
    ["operation = 'DELETE'; DROP TABLE x", "must not contain ';'"],
    ["operation = 'DELETE' -- comment", "must not contain '--' comments"],
    ["operation = 'DELETE' /* c */", "must not contain '/*' comments"],
    ["operation = 'DELETE') OR (1 = 1", "has a ')' without a matching '('"],
    ["operation = 'DELETE", "has an unterminated ' quote"],
  ])("deleteWhen %j is rejected", (expression, rule) => {
    const spec = example();
    table(spec, "customers").silver.cdc.deleteWhen = expression;
    const issue = onlyIssue(spec, "datasets.tables.customers.silver.cdc.deleteWhen");
    expect(issue).toContain(`'${expression}' ${rule}`);
  });

  test("the SCD type is 1 or 2, and the error lists both", () => {
    const spec = example();
    table(spec, "customers").silver.cdc.scdType = 3;
    expect(onlyIssue(spec, "datasets.tables.customers.silver.cdc.scdType")).toBe(
      "datasets.tables.customers.silver.cdc.scdType: 3 must be one of 1, 2",
    );
    // A string where a number is meant (as a JSON or YAML user may write it) says the same.
    table(spec, "customers").silver.cdc.scdType = "2";
    expect(onlyIssue(spec, "datasets.tables.customers.silver.cdc.scdType")).toBe(
      "datasets.tables.customers.silver.cdc.scdType: '2' must be one of 1, 2",
    );
  });
});

describe("expectations", () => {
  test("a not-null expectation names a silver column", () => {
    const spec = example();
    table(spec, "transactions").silver.expectations[0].column = "txn_id";
    const issue = onlyIssue(spec, "datasets.tables.transactions.silver.expectations[0].column");
    expect(issue).toContain("'txn_id' is not a column of silver table 'transactions'");
  });

  test("uniqueness cannot drop rows", () => {
    const spec = example();
    table(spec, "transactions").silver.expectations[4].action = "drop";
    const issue = onlyIssue(spec, "datasets.tables.transactions.silver.expectations[4].action");
    expect(issue).toMatch(
      /'drop' cannot apply to a uniqueness expectation.*use silver.cdc with keys \[transaction_id\]/,
    );
  });

  test("expectation names are unique per table", () => {
    const spec = example();
    table(spec, "transactions").silver.expectations[5].name = "customer_id_not_null";
    const issue = onlyIssue(spec, "datasets.tables.transactions.silver.expectations[5].name");
    expect(issue).toContain("'customer_id_not_null' is also the name of expectations[1]");
  });

  test("an expression cannot smuggle a statement", () => {
    const spec = example();
    table(spec, "transactions").silver.expectations[5].expression = "amount > 0); DROP TABLE x; --";
    const issue = onlyIssue(spec, "datasets.tables.transactions.silver.expectations[5].expression");
    expect(issue).toContain("'amount > 0); DROP TABLE x; --' has a ')' without a matching '('");
  });

  test("the action is warn, drop or fail", () => {
    const spec = example();
    table(spec, "transactions").silver.expectations[0].action = "quarantine";
    const issue = onlyIssue(spec, "datasets.tables.transactions.silver.expectations[0].action");
    expect(issue).toContain("'quarantine' must be one of warn, drop, fail");
  });

  test("a selected column must be declared", () => {
    const spec = example();
    table(spec, "transactions").silver.select = [
      "transaction_id",
      "customer_id",
      "merchant_id",
      "amount",
      "event_time",
      "mcc",
    ];
    const issue = onlyIssue(spec, "datasets.tables.transactions.silver.select[5]");
    expect(issue).toContain("'mcc' is not a column of table 'transactions'");
  });
});

describe("maintenance", () => {
  test("VACUUM retention is no longer a setting: the pipeline vacuums at each table's own retention", () => {
    const spec = example();
    spec.maintenance.vacuumRetentionHours = 720;
    const issue = onlyIssue(spec, "datasets.maintenance");
    expect(issue).toContain("unknown field 'vacuumRetentionHours'");
  });

  test.each([
    ["0 3 * * *", "has 5 fields; a Quartz cron expression has 6 or 7"],
    ["0 0 3 * * *", "must have '?' in exactly one of day-of-month and day-of-week"],
    ["0 0 3 ? * ?", "must have '?' in exactly one of day-of-month and day-of-week"],
    ["60 0 3 ? * SUN", "seconds: '60' is outside 0-59"],
    ["0 0 24 ? * SUN", "hours: '24' is outside 0-23"],
    ["0 0 ? ? * SUN", "uses '?' in hours"],
    ["0 0 3 ? 13 SUN", "month: '13' is outside 1-12 or JAN-DEC"],
    ["0 0 3 ? * FUNDAY", "day-of-week: 'FUNDAY' is outside 1-7 or SUN-SAT"],
    ["0 0/0 3 ? * SUN", "minutes: '0/0' has an invalid step '0'"],
    ["0 0 3 ? * 2#6", "day-of-week: '2#6' must be <weekday>#<1-5>"],
    ["0 0 3 ? * SUN 1969", "year: '1969' is outside 1970-2099"],
  ])("schedule %j is rejected", (schedule, rule) => {
    const spec = example();
    spec.maintenance.schedule = schedule;
    const issue = onlyIssue(spec, "datasets.maintenance.schedule");
    expect(issue).toContain(`datasets.maintenance.schedule: '${schedule}' ${rule}`);
  });

  test("the time zone is an IANA zone", () => {
    const spec = example();
    spec.maintenance.timezone = "Mars/Olympus";
    const issue = onlyIssue(spec, "datasets.maintenance.timezone");
    expect(issue).toContain("'Mars/Olympus' is not an IANA time zone");
  });
});

describe("names and references", () => {
  test("table names are unique", () => {
    const spec = example();
    spec.tables[1].name = "merchants";
    const issue = onlyIssue(spec, "datasets.tables[2].name");
    expect(issue).toContain(
      "'merchants' is used by datasets.tables[1] and datasets.tables[2]; table names must be unique",
    );
  });

  test("source names are unique", () => {
    const spec = example();
    spec.sources[2].name = "customer_changes";
    spec.tables[2].source = "customer_changes";
    const issue = onlyIssue(spec, "datasets.sources[2].name");
    expect(issue).toContain("'customer_changes' is used by datasets.sources[1] and datasets.sources[2]");
  });

  test("feature names are unique", () => {
    const spec = example();
    spec.features.push({ ...spec.features[0] });
    const issue = onlyIssue(spec, "datasets.features[1].name");
    expect(issue).toContain("feature names must be unique");
  });

  test("a table reads a declared source", () => {
    const spec = example();
    spec.tables[0].source = "card_txns";
    const issue = onlyIssue(spec, "datasets.tables.transactions.source");
    expect(issue).toContain(
      "'card_txns' is not a source name (card_transactions, customer_changes, merchant_changes, fraud_label_changes)",
    );
  });

  test("a feature reads a declared table", () => {
    const spec = example();
    spec.features[0].from = "payments";
    const issue = onlyIssue(spec, "datasets.features.customer_features.from");
    expect(issue).toContain(
      "'payments' is not a table name (transactions, customers, merchants, fraud_labels)",
    );
  });

  test("a feature reads a table with a silver layer", () => {
    const spec = example();
    delete table(spec, "transactions").silver;
    table(spec, "transactions").layout = undefined;
    const issue = onlyIssue(spec, "datasets.features.customer_features.from");
    expect(issue).toContain("'transactions' has no silver layer");
  });

  test.each([
    ["Transactions"],
    ["1st_table"],
    ["card-transactions"],
    ["x` ; DROP TABLE y; --"],
    ["a".repeat(256)],
  ])("table name %j is not an allowed identifier", (name) => {
    const spec = example();
    spec.tables[1].name = name;
    const issue = onlyIssue(spec, "datasets.tables[1].name");
    expect(issue).toContain("must be a lowercase identifier");
    expect(issue).toContain("^[a-z_][a-z0-9_]{0,254}$");
  });

  test("column names are identifiers", () => {
    const spec = example();
    table(spec, "transactions").columns[4].name = "currency code";
    const issue = onlyIssue(spec, "datasets.tables.transactions.columns[4].name");
    expect(issue).toContain("'currency code' must be a lowercase identifier");
  });

  test("column names are unique per table", () => {
    const spec = example();
    table(spec, "transactions").columns.push({ name: "amount", type: "DOUBLE" });
    const issue = onlyIssue(spec, "datasets.tables.transactions.columns[7].name");
    expect(issue).toContain("'amount' is declared more than once");
  });

  test("payload columns cannot shadow ingestion metadata", () => {
    const spec = example();
    table(spec, "customers").columns.push({ name: "_source_file", type: "STRING" });
    const issue = onlyIssue(spec, "datasets.tables.customers.columns[7].name");
    expect(issue).toContain("'_source_file' is an ingestion metadata column bronze adds for 'files' sources");
  });

  test.each(["STRNG", "DECIMAL(40,2)", "ARRAY<STRING", "STRING; DROP TABLE x", "STRUCT<a INT>"])(
    "column type %j is not a Spark SQL type",
    (type) => {
      const spec = example();
      table(spec, "transactions").columns[4].type = type;
      const issue = onlyIssue(spec, "datasets.tables.transactions.columns[4].type");
      expect(issue).toContain(`'${type}' is not a Spark SQL type`);
    },
  );
});

describe("free text", () => {
  test("free text cannot contain Terraform templates", () => {
    const spec = example();
    table(spec, "transactions").bronze.comment = 'raw ${file("/etc/passwd")}';
    const issue = onlyIssue(spec, "datasets.tables.transactions.bronze.comment");
    expect(issue).toContain("must not contain '${' or '%{'");
  });
});

describe("features", () => {
  test.each([
    ["currency", "STRING"],
    ["amount", "DECIMAL(18,2)"],
  ])("the timestamp column %s (%s) is not a timestamp", (column, type) => {
    const spec = example();
    spec.features[0].timestampColumn = column;
    spec.trainingSets = [];
    const issue = onlyIssue(spec, "datasets.features.customer_features.timestampColumn");
    expect(issue).toBe(
      `datasets.features.customer_features.timestampColumn: '${column}' has type ${type}; feature rows are keyed by event time and windows count back from it, which needs a TIMESTAMP or TIMESTAMP_NTZ column`,
    );
  });

  test("a DATE is not a timestamp either: a day has no order within it", () => {
    const spec = example();
    table(spec, "transactions").columns[6].type = "DATE";
    spec.trainingSets = [];
    const issue = onlyIssue(spec, "datasets.features.customer_features.timestampColumn");
    expect(issue).toContain("'event_time' has type DATE; feature rows are keyed by event time");
  });

  test("TIMESTAMP_NTZ is a timestamp", () => {
    const spec = example();
    table(spec, "transactions").columns[6].type = "TIMESTAMP_NTZ";
    table(spec, "fraud_labels").columns[3].type = "TIMESTAMP_NTZ";
    table(spec, "fraud_labels").columns[5].type = "TIMESTAMP_NTZ";
    table(spec, "merchants").columns[5].type = "TIMESTAMP_NTZ";
    expect(() => loadDatasets(spec, "azure")).not.toThrow();
  });

  test("the current event is included or excluded", () => {
    const spec = example();
    spec.features[0].currentEvent = "before";
    const issue = onlyIssue(spec, "datasets.features.customer_features.currentEvent");
    expect(issue).toContain("'before'");
  });

  test("a table that excludes the current event cannot be served online", () => {
    const spec = example();
    spec.features[0].currentEvent = "exclude";
    const issue = onlyIssue(spec, "datasets.features.customer_features.currentEvent");
    expect(issue).toContain(
      "'exclude' cannot be served online (onlineServing: true): the online store keeps each key's latest row",
    );
    spec.features[0].onlineServing = false;
    expect(() => loadDatasets(spec, "azure")).not.toThrow();
  });

  test("avg needs a numeric column", () => {
    const spec = example();
    spec.features[0].windows[0].column = "currency";
    const issue = onlyIssue(spec, "datasets.features.customer_features.windows[0].column");
    expect(issue).toContain("'currency' has type STRING; avg needs a numeric column");
  });

  describe("result types (windows[].type)", () => {
    /** The example with its windows replaced by one `fn(column)` declared as `type`; `quantity` is an INT column. */
    function withWindow(fn: string, column: string, type: string) {
      const spec = example();
      table(spec, "transactions").columns.push({ name: "quantity", type: "INT" });
      spec.features[0].windows = [{ name: "w", function: fn, column, days: 30, type }];
      spec.trainingSets = [];
      return spec;
    }
    const PATH = "datasets.features.customer_features.windows[0].type";

    test.each([
      ["count", "transaction_id", "BIGINT"],
      ["count", "transaction_id", "INT"],
      ["count_distinct", "merchant_id", "bigint"],
      ["avg", "amount", "DOUBLE"],
      ["avg", "amount", "DECIMAL(20,4)"], // 16 integer digits, as many as DECIMAL(18,2) has
      ["avg", "quantity", "DECIMAL(12,2)"], // an INT has 10 digits
      ["sum", "amount", "DECIMAL(38,2)"],
      ["sum", "amount", "DECIMAL(28,2)"], // exactly Spark's sum type of DECIMAL(18,2)
      ["sum", "amount", "DECIMAL(38,4)"],
      ["sum", "amount", "DOUBLE"],
      ["sum", "quantity", "BIGINT"],
      ["sum", "quantity", "DECIMAL(19,0)"],
      ["max", "amount", "DECIMAL(18,2)"],
      ["max", "amount", "DECIMAL(20,3)"],
      ["min", "quantity", "BIGINT"],
      ["min", "currency", "STRING"],
      ["max", "event_time", "TIMESTAMP"],
    ])("%s(%s) can be a %s", (fn, column, type) => {
      expect(() => loadDatasets(withWindow(fn, column, type), "azure")).not.toThrow();
    });

    test.each([
      [
        "count",
        "transaction_id",
        "DOUBLE",
        "'DOUBLE' cannot hold count(transaction_id) of STRING: a count is a whole number: use BIGINT, INT, SMALLINT or TINYINT",
      ],
      [
        "avg",
        "amount",
        "BIGINT",
        "'BIGINT' cannot hold avg(amount) of DECIMAL(18,2): an average is fractional: use DOUBLE or DECIMAL(p,s)",
      ],
      [
        "avg",
        "amount",
        "DECIMAL(10,2)",
        "'DECIMAL(10,2)' cannot hold avg(amount) of DECIMAL(18,2): an average lies between the column's extremes, which need 16 integer digits (precision − scale); e.g. DECIMAL(18,2), or DOUBLE",
      ],
      [
        "sum",
        "amount",
        "DECIMAL(20,2)",
        "'DECIMAL(20,2)' cannot hold sum(amount) of DECIMAL(18,2): a sum of DECIMAL(18,2) values is a DECIMAL(28,2): use a DECIMAL with at least 26 integer digits (precision − scale) and scale 2 or more, e.g. DECIMAL(28,2), or DOUBLE",
      ],
      [
        "sum",
        "amount",
        "DECIMAL(38,0)",
        "'DECIMAL(38,0)' cannot hold sum(amount) of DECIMAL(18,2): a sum of DECIMAL(18,2) values is a DECIMAL(28,2): use a DECIMAL with at least 26 integer digits (precision − scale) and scale 2 or more, e.g. DECIMAL(28,2), or DOUBLE",
      ],
      [
        "sum",
        "quantity",
        "INT",
        "'INT' cannot hold sum(quantity) of INT: a sum of an integral column is a BIGINT: use BIGINT, DOUBLE, or a DECIMAL(p,s) with at least 19 integer digits (precision − scale)",
      ],
      [
        "max",
        "amount",
        "BIGINT",
        "'BIGINT' cannot hold max(amount) of DECIMAL(18,2): max of DECIMAL(18,2) values needs 16 integer digits and scale 2: use a DECIMAL with at least 16 integer digits (precision − scale) and scale 2 or more, or DOUBLE",
      ],
      [
        "max",
        "quantity",
        "SMALLINT",
        "'SMALLINT' cannot hold max(quantity) of INT: max of INT values needs 10 integer digits: use an integral type at least as wide, DOUBLE, or a DECIMAL(p,s) with at least 10 integer digits (precision − scale)",
      ],
      [
        "min",
        "currency",
        "INT",
        "'INT' cannot hold min(currency) of STRING: min keeps the column's type: use STRING",
      ],
    ])("%s(%s) cannot be a %s", (fn, column, type, rule) => {
      expect(onlyIssue(withWindow(fn, column, type), PATH)).toBe(`${PATH}: ${rule}`);
    });

    test("a floating-point column's average or sum cannot be a DECIMAL", () => {
      const spec = withWindow("avg", "amount", "DECIMAL(38,2)");
      table(spec, "transactions").columns[3].type = "DOUBLE";
      expect(onlyIssue(spec, PATH)).toBe(
        `${PATH}: 'DECIMAL(38,2)' cannot hold avg(amount) of DOUBLE: a DECIMAL cannot hold every average of a floating-point column: use DOUBLE`,
      );
      spec.features[0].windows[0].function = "sum";
      expect(onlyIssue(spec, PATH)).toBe(
        `${PATH}: 'DECIMAL(38,2)' cannot hold sum(amount) of DOUBLE: a sum of a floating-point column is a DOUBLE: use DOUBLE`,
      );
    });

    test("the type must be a Spark SQL type", () => {
      expect(onlyIssue(withWindow("sum", "amount", "DECIMAL(40,2)"), PATH)).toContain(
        "'DECIMAL(40,2)' is not a Spark SQL type",
      );
    });
  });

  test("keys are columns of the silver table", () => {
    const spec = example();
    spec.features[0].keys = ["card_id"];
    const issue = issuesOf(spec);
    expect(issue).toContain(
      "datasets.features.customer_features.keys[0]: 'card_id' is not a column of silver table 'transactions' (transaction_id, customer_id, merchant_id, amount, currency, card_present, event_time, _ingested_at)",
    );
  });

  test("output column names do not collide", () => {
    const spec = example();
    spec.features[0].windows[1].name = "avg_transaction_amount_30d";
    const issue = onlyIssue(spec, "datasets.features.customer_features.windows[1].name");
    expect(issue).toContain("'avg_transaction_amount_30d' is used for more than one output column");
  });

  test("the window length is a whole number of days", () => {
    const spec = example();
    spec.features[0].windows[2].days = 0.5;
    const issue = onlyIssue(spec, "datasets.features.customer_features.windows[2].days");
    expect(issue).toContain("0.5 must be a whole number of days from 1 to 3650");
  });
});

describe("time travel", () => {
  test("deleted files cannot outlive the log", () => {
    const spec = example();
    table(spec, "customers").timeTravel = { silver: { logRetentionDays: 7, deletedFileRetentionDays: 14 } };
    const issue = onlyIssue(spec, "datasets.tables.customers.timeTravel.silver.deletedFileRetentionDays");
    expect(issue).toContain("14 is more than logRetentionDays (7)");
  });

  test("unknown fields are rejected", () => {
    const spec: DatasetSpecInput & { extra?: unknown } = { ...example(), extra: true };
    const issue = onlyIssue(spec, "datasets");
    expect(issue).toContain("unknown field 'extra'");
  });
});

describe("training sets", () => {
  const at = "datasets.trainingSets.fraud_training_set";

  test("the label table must carry each feature table's keys", () => {
    const spec = example();
    table(spec, "fraud_labels").columns.splice(1, 1); // customer_id
    const issue = onlyIssue(spec, `${at}.features[0]`);
    expect(issue).toBe(
      `${at}.features[0]: 'customer_features' is looked up by customer_id, but label table 'fraud_labels' has no column customer_id; the label table must carry the feature table's keys`,
    );
  });

  test("the label keys are columns of the label table", () => {
    const spec = example();
    spec.trainingSets[0].labels.keys = ["label_id"];
    const issue = onlyIssue(spec, `${at}.labels.keys[0]`);
    expect(issue).toContain(
      "'label_id' is not a column of label table 'fraud_labels' (transaction_id, customer_id",
    );
  });

  test("the label table has a silver layer", () => {
    const spec = example();
    spec.trainingSets[0].labels.table = "labels";
    expect(onlyIssue(spec, `${at}.labels.table`)).toContain(
      "'labels' is not a table name (transactions, customers, merchants, fraud_labels); labels are read from a silver table",
    );
  });

  test("the label time is a timestamp", () => {
    const spec = example();
    table(spec, "fraud_labels").columns.push({ name: "event_day", type: "DATE" });
    spec.trainingSets[0].labels.timestampColumn = "event_day";
    expect(onlyIssue(spec, `${at}.labels.timestampColumn`)).toBe(
      `${at}.labels.timestampColumn: 'event_day' has type DATE; features are joined as of the label's time, which needs a TIMESTAMP or TIMESTAMP_NTZ column`,
    );
  });

  test("the label column exists", () => {
    const spec = example();
    spec.trainingSets[0].labels.labelColumn = "fraud";
    expect(onlyIssue(spec, `${at}.labels.labelColumn`)).toContain(
      "'fraud' is not a column of label table 'fraud_labels'",
    );
  });

  test("a feature the training set names must exist", () => {
    const spec = example();
    spec.trainingSets[0].features = ["card_features"];
    expect(onlyIssue(spec, `${at}.features[0]`)).toContain(
      "'card_features' is not a feature name (customer_features)",
    );
  });

  test("the label time and the feature time have the same type", () => {
    const spec = example();
    table(spec, "fraud_labels").columns[3].type = "TIMESTAMP_NTZ";
    table(spec, "merchants").columns[5].type = "TIMESTAMP_NTZ";
    expect(onlyIssue(spec, `${at}.features[0]`)).toContain(
      "'customer_features' is keyed by a TIMESTAMP but the labels' event_time is a TIMESTAMP_NTZ",
    );
  });

  test("an as-of join needs an SCD type 2 dimension", () => {
    const spec = example();
    spec.trainingSets[0].dimensions = [{ table: "customers", columns: ["risk_segment"] }];
    expect(onlyIssue(spec, `${at}.dimensions[0].table`)).toBe(
      `${at}.dimensions[0].table: 'customers' is SCD type 1; an as-of join needs the row valid at the label's time, which only SCD type 2 keeps (silver.cdc.scdType: 2)`,
    );
    spec.trainingSets[0].dimensions = [{ table: "transactions", columns: ["amount"] }];
    expect(onlyIssue(spec, `${at}.dimensions[0].table`)).toContain(
      "'transactions' is not an AUTO CDC table; an as-of join needs",
    );
  });

  test("a dimension sequenced by another timestamp type than the label's is rejected", () => {
    const spec = example();
    table(spec, "merchants").columns[5].type = "TIMESTAMP_NTZ";
    expect(onlyIssue(spec, `${at}.dimensions[0].table`)).toContain(
      "'merchants' is sequenced by a TIMESTAMP_NTZ but the labels' event_time is a TIMESTAMP; use the same type",
    );
  });

  test("a dimension is sequenced by a timestamp (its __START_AT/__END_AT take that type)", () => {
    const spec = example();
    table(spec, "merchants").columns.push({ name: "version", type: "BIGINT" });
    table(spec, "merchants").silver.cdc.sequenceBy = "version";
    expect(onlyIssue(spec, `${at}.dimensions[0].table`)).toContain(
      "'merchants' is sequenced by 'version' (BIGINT); __START_AT/__END_AT take its type",
    );
  });

  test("dimension columns exist and the label table carries the dimension's keys", () => {
    const spec = example();
    spec.trainingSets[0].dimensions[0].columns = ["mcc"];
    expect(onlyIssue(spec, `${at}.dimensions[0].columns[0]`)).toContain(
      "'mcc' is not a column of silver table 'merchants'",
    );
    const other = example();
    table(other, "fraud_labels").columns.splice(2, 1); // merchant_id
    expect(onlyIssue(other, `${at}.dimensions[0].table`)).toContain(
      "'merchants' is joined by its CDC keys merchant_id, but label table 'fraud_labels' has no column merchant_id",
    );
  });

  test("output columns do not collide", () => {
    const spec = example();
    spec.trainingSets[0].dimensions[0].columns = ["category_code", "merchant_id"];
    expect(onlyIssue(spec, `${at}.name`)).toContain(
      "'fraud_training_set' would have the column 'merchant_id' twice",
    );
  });

  test("a training set and a feature table cannot share a name", () => {
    const spec = example();
    spec.trainingSets[0].name = "customer_features";
    expect(onlyIssue(spec, "datasets.trainingSets.customer_features.name")).toContain(
      "'customer_features' is also a feature table name",
    );
  });
});

describe("uniqueness look-back", () => {
  test("applies to tables without CDC only", () => {
    const spec = example();
    table(spec, "merchants").silver.expectations.push({
      kind: "unique",
      column: "merchant_name",
      action: "warn",
      lookbackDays: 3,
    });
    expect(onlyIssue(spec, "datasets.tables.merchants.silver.expectations[1].lookbackDays")).toContain(
      "3 applies to tables without CDC; 'merchants' is an AUTO CDC table",
    );
  });
});
