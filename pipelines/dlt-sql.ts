/**
 * Deterministic Lakeflow Declarative Pipelines (DLT) SQL from a dataset spec: one file per medallion
 * layer, plus the table-maintenance statements the maintenance job runs on a SQL warehouse.
 *
 * Pure functions, no cdktf: the pipeline construct deploys the returned content as workspace files.
 *
 * Safety: every identifier is backtick-quoted (backticks doubled), every user string is a single-quoted
 * literal with backslash escapes (Spark SQL treats `\` as the escape character and concatenates adjacent
 * literals, so doubling `'` would not escape it). The only user text written verbatim is a validated Spark
 * SQL type or a boolean expression that `validateDatasets` checked for `;`, comments and balanced
 * quotes/parentheses (expectations, CDC delete conditions).
 *
 * Uniqueness: expectations are evaluated one row at a time, so "unique" cannot be an expectation on the
 * streaming table itself. For each `unique` expectation the silver file adds a private materialized view
 * that groups the silver table by the column and keeps only duplicated values, with an expectation
 * `duplicate_count <= 1` on it: `warn` records the duplicates in the pipeline's data-quality metrics, `fail`
 * stops the update (`drop` is rejected by validation: use CDC keys to keep one row per key).
 */
import type { GeneratedSqlFile, MaintenanceStatement } from "../constructs/databricks/generated-sql";
import {
  bronzeMetadataColumns,
  bronzeTimeTravel,
  expectationName,
  goldTimeTravel,
  INGESTED_AT_COLUMN,
  silverColumns,
  silverTimeTravel,
  type DatasetColumn,
  type DatasetSource,
  type DatasetSpec,
  type DatasetTable,
  type Expectation,
  type FeatureSpec,
  type FeatureWindow,
  type TimeTravel,
} from "./datasets";

export type { GeneratedSqlFile, MaintenanceStatement };

export interface PipelineSqlContext {
  readonly cloud: "azure" | "aws";
  /** Tables are written to `<catalog>.<bronze|silver|gold>.<table>`. */
  readonly catalog: string;
  /**
   * Landing location, e.g. `abfss://landing@acct.dfs.core.windows.net/` or `s3://bucket/`. May contain
   * Terraform tokens (`${…}`); it is written as an escaped SQL string literal.
   */
  readonly landingUrl: string;
  /** Event Hubs Kafka endpoint; the connection string is read with `secret(scope, key)`, never inline. */
  readonly eventHubs?: {
    /** `<namespace>.servicebus.windows.net:9093` */
    readonly bootstrapServers: string;
    readonly secretScope: string;
    /** Secret holding the namespace (listen) connection string. */
    readonly secretKey: string;
    /** Consumer group (`kafka.group.id`), e.g. the `databricks` group the ingest construct creates. */
    readonly consumerGroup?: string;
  };
  readonly kinesis?: {
    readonly region: string;
    /** Unity Catalog service credential allowed to read the streams. */
    readonly serviceCredential: string;
    /** Physical stream name per `stream` of the spec (e.g. `frd-prod-card-transactions`). @default the spec's name */
    readonly streamNames?: Readonly<Record<string, string>>;
  };
}

export interface MaintenanceSqlContext {
  readonly catalog: string;
  /** Predictive optimization is enabled on the catalog (see {@link generateMaintenanceSql}). */
  readonly predictiveOptimization: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Quoting

/** A backtick-quoted identifier; backticks inside are doubled. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** `catalog`.`schema`.`table`, each part quoted. */
export function qualifiedName(...parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join(".");
}

/** A single-quoted Spark SQL string literal: backslash, quote and control characters escaped. */
export function sqlString(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === "\\") out += "\\\\";
    else if (char === "'") out += "\\'";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}'`;
}

/** A named argument of a table-valued function: option names with dots need backticks. */
function namedArgument(name: string, value: string): string {
  const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoteIdentifier(name);
  return `${key} => ${value}`;
}

/** A comment line: newlines in user text would end the comment and start SQL. */
function commentLine(text: string): string {
  return `-- ${text.replace(/[\r\n]+/g, " ")}`;
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

const INDENT = "  ";

function list(items: readonly string[], indent = INDENT): string {
  return items.map((item) => `${indent}${item}`).join(",\n");
}

const GENERATED =
  "-- Generated by cdktf-lakehouse from the dataset spec. Do not edit: change the spec and synthesize again.";

function header(layer: string, detail: string): string {
  return [GENERATED, commentLine(detail), commentLine(`Layer: ${layer}`)].join("\n");
}

function fileContent(head: string, statements: readonly string[]): string {
  return `${[head, ...statements].join("\n\n")}\n`;
}

/**
 * Z-order columns for the pipeline's own maintenance (`pipelines.autoOptimize.zOrderCols`), which
 * optimizes the tables it manages after updates; the maintenance job's `OPTIMIZE … ZORDER BY` then finds
 * little left to do, and the layout holds even where that job cannot run.
 */
function zOrderProperty(columns: readonly string[] | undefined): [string, string][] {
  return columns && columns.length > 0 ? [["pipelines.autoOptimize.zOrderCols", columns.join(",")]] : [];
}

function tableProperties(tt: TimeTravel, extra: readonly [string, string][] = []): string {
  const props: [string, string][] = [
    ["delta.deletedFileRetentionDuration", `interval ${tt.deletedFileRetentionDays} days`],
    ["delta.logRetentionDuration", `interval ${tt.logRetentionDays} days`],
    ...extra,
  ];
  return `TBLPROPERTIES (\n${list(props.map(([k, v]) => `${sqlString(k)} = ${sqlString(v)}`))}\n)`;
}

function clusterBy(columns: readonly string[] | undefined): string[] {
  return columns ? [`CLUSTER BY (${columns.map(quoteIdentifier).join(", ")})`] : [];
}

function ddlSchema(columns: readonly DatasetColumn[]): string {
  return columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(", ");
}

function joinLanding(landingUrl: string, path: string): string {
  return `${landingUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

// ---------------------------------------------------------------------------------------------------
// Bronze

function bronzeFiles(
  table: DatasetTable,
  source: Extract<DatasetSource, { type: "files" }>,
  ctx: PipelineSqlContext,
): { select: string[]; from: string } {
  const options: [string, string][] = [
    ["format", sqlString(source.format)],
    ["schema", sqlString(ddlSchema(table.columns))],
    ["rescuedDataColumn", sqlString(source.rescuedDataColumn)],
    ...Object.keys(source.options)
      .sort()
      .map((key): [string, string] => [key, sqlString(source.options[key]!)]),
  ];
  return {
    select: [
      ...table.columns.map((c) => quoteIdentifier(c.name)),
      quoteIdentifier(source.rescuedDataColumn),
      `_metadata.file_path AS ${quoteIdentifier("_source_file")}`,
      `current_timestamp() AS ${quoteIdentifier(INGESTED_AT_COLUMN)}`,
    ],
    from: [
      "FROM STREAM read_files(",
      list([
        sqlString(joinLanding(ctx.landingUrl, source.path)),
        ...options.map(([k, v]) => namedArgument(k, v)),
      ]),
      ")",
    ].join("\n"),
  };
}

/** Kafka payload columns and position metadata; `read_kafka` returns key, value, topic, partition, offset, timestamp… */
function kafkaSelect(table: DatasetTable): string[] {
  return [
    ...table.columns.map((c) => `payload.${quoteIdentifier(c.name)}`),
    `CAST(\`value\` AS STRING) AS ${quoteIdentifier("_raw_payload")}`,
    `\`topic\` AS ${quoteIdentifier("_topic")}`,
    `\`partition\` AS ${quoteIdentifier("_partition")}`,
    `\`offset\` AS ${quoteIdentifier("_offset")}`,
    `\`timestamp\` AS ${quoteIdentifier("_event_timestamp")}`,
    `current_timestamp() AS ${quoteIdentifier(INGESTED_AT_COLUMN)}`,
  ];
}

function parsed(table: DatasetTable, payload: string, reader: string): string {
  return [
    "FROM (",
    `${INDENT}SELECT *, from_json(CAST(${payload} AS STRING), ${sqlString(ddlSchema(table.columns))}) AS payload`,
    `${INDENT}FROM STREAM ${reader}`,
    ")",
  ].join("\n");
}

function reader(name: string, args: readonly [string, string][]): string {
  return `${name}(\n${list(
    args.map(([k, v]) => namedArgument(k, v)),
    INDENT.repeat(2),
  )}\n${INDENT})`;
}

function saslJaasConfig(loginModule: string, username: string, password: string): string {
  // The JAAS value is assembled at run time so the secret never appears in the SQL text.
  return `concat(${[
    sqlString(`kafkashaded.org.apache.kafka.common.security.${loginModule} required username="`),
    username,
    sqlString('" password="'),
    password,
    sqlString('";'),
  ].join(", ")})`;
}

function secret(scope: string, key: string): string {
  return `secret(${sqlString(scope)}, ${sqlString(key)})`;
}

function bronzeEventHubs(
  table: DatasetTable,
  source: Extract<DatasetSource, { type: "event-hubs" }>,
  ctx: PipelineSqlContext,
): { select: string[]; from: string } {
  const eh = ctx.eventHubs;
  if (!eh) {
    throw new Error(
      `source '${source.name}' reads Event Hubs, but the pipeline context has no eventHubs settings`,
    );
  }
  // Event Hubs' Kafka endpoint: SASL PLAIN over TLS, user "$ConnectionString", password the connection string.
  const args: [string, string][] = [
    ["bootstrapServers", sqlString(eh.bootstrapServers)],
    ["subscribe", sqlString(source.eventHub)],
    ["startingOffsets", sqlString(source.startingOffsets)],
    ["kafka.security.protocol", sqlString("SASL_SSL")],
    ["kafka.sasl.mechanism", sqlString("PLAIN")],
    [
      "kafka.sasl.jaas.config",
      saslJaasConfig(
        "plain.PlainLoginModule",
        sqlString("$ConnectionString"),
        secret(eh.secretScope, eh.secretKey),
      ),
    ],
    ...(eh.consumerGroup === undefined
      ? []
      : [["kafka.group.id", sqlString(eh.consumerGroup)] as [string, string]]),
  ];
  return { select: kafkaSelect(table), from: parsed(table, "`value`", reader("read_kafka", args)) };
}

function bronzeKafka(
  table: DatasetTable,
  source: Extract<DatasetSource, { type: "kafka" }>,
): { select: string[]; from: string } {
  const args: [string, string][] = [
    ["bootstrapServers", sqlString(source.bootstrapServers)],
    ["subscribe", sqlString(source.topic)],
    ["startingOffsets", sqlString(source.startingOffsets)],
  ];
  const auth = source.auth;
  if (auth) {
    args.push(
      ["kafka.security.protocol", sqlString("SASL_SSL")],
      ["kafka.sasl.mechanism", sqlString(auth.mechanism)],
      [
        "kafka.sasl.jaas.config",
        saslJaasConfig(
          auth.mechanism === "PLAIN" ? "plain.PlainLoginModule" : "scram.ScramLoginModule",
          secret(auth.secretScope, auth.usernameKey),
          secret(auth.secretScope, auth.passwordKey),
        ),
      ],
    );
  }
  return { select: kafkaSelect(table), from: parsed(table, "`value`", reader("read_kafka", args)) };
}

function bronzeKinesis(
  table: DatasetTable,
  source: Extract<DatasetSource, { type: "kinesis" }>,
  ctx: PipelineSqlContext,
): { select: string[]; from: string } {
  const k = ctx.kinesis;
  if (!k)
    throw new Error(
      `source '${source.name}' reads Kinesis, but the pipeline context has no kinesis settings`,
    );
  const args: [string, string][] = [
    ["streamName", sqlString(k.streamNames?.[source.stream] ?? source.stream)],
    ["region", sqlString(k.region)],
    ["initialPosition", sqlString(source.initialPosition)],
    ["serviceCredential", sqlString(k.serviceCredential)],
  ];
  // read_kinesis returns partitionKey, data (binary), stream, shardId, sequenceNumber, approximateArrivalTimestamp.
  return {
    select: [
      ...table.columns.map((c) => `payload.${quoteIdentifier(c.name)}`),
      `CAST(\`data\` AS STRING) AS ${quoteIdentifier("_raw_payload")}`,
      `\`stream\` AS ${quoteIdentifier("_stream")}`,
      `\`shardId\` AS ${quoteIdentifier("_shard_id")}`,
      `\`sequenceNumber\` AS ${quoteIdentifier("_sequence_number")}`,
      `\`partitionKey\` AS ${quoteIdentifier("_partition_key")}`,
      `\`approximateArrivalTimestamp\` AS ${quoteIdentifier("_arrival_timestamp")}`,
      `current_timestamp() AS ${quoteIdentifier(INGESTED_AT_COLUMN)}`,
    ],
    from: parsed(table, "`data`", reader("read_kinesis", args)),
  };
}

function bronzeTable(table: DatasetTable, source: DatasetSource, ctx: PipelineSqlContext): string {
  const { select, from } =
    source.type === "files"
      ? bronzeFiles(table, source, ctx)
      : source.type === "event-hubs"
        ? bronzeEventHubs(table, source, ctx)
        : source.type === "kinesis"
          ? bronzeKinesis(table, source, ctx)
          : bronzeKafka(table, source);
  const comment =
    table.bronze.comment ?? `Raw ${table.name} records from source ${source.name} with ingestion metadata`;
  return [
    `CREATE OR REFRESH STREAMING TABLE ${qualifiedName(ctx.catalog, "bronze", table.name)}`,
    `COMMENT ${sqlString(comment)}`,
    // Without a silver layer, bronze carries the table's clustering.
    ...(table.silver ? [] : clusterBy(table.layout?.clusterBy)),
    tableProperties(bronzeTimeTravel(table), [
      ...(table.silver ? [] : zOrderProperty(table.layout?.zorderBy)),
      // A stream keeps 1–7 days: a full refresh would truncate bronze and re-read only what is left.
      ...(source.type === "files" ? [] : [["pipelines.reset.allowed", "false"] as [string, string]]),
    ]),
    "AS SELECT",
    list(select),
    `${from};`,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Silver

function expectationClause(expectation: Expectation): string {
  const condition =
    expectation.kind === "not-null"
      ? `${quoteIdentifier(expectation.column)} IS NOT NULL`
      : expectation.kind === "expression"
        ? expectation.expression
        : "duplicate_count <= 1";
  const onViolation =
    expectation.action === "drop"
      ? " ON VIOLATION DROP ROW"
      : expectation.action === "fail"
        ? " ON VIOLATION FAIL UPDATE"
        : "";
  return `CONSTRAINT ${quoteIdentifier(expectationName(expectation))} EXPECT (${condition})${onViolation}`;
}

function constraints(expectations: readonly Expectation[]): string[] {
  return expectations.length === 0 ? [] : [`(\n${list(expectations.map(expectationClause))}\n)`];
}

function uniquenessCheck(
  table: DatasetTable,
  expectation: Extract<Expectation, { kind: "unique" }>,
  catalog: string,
): string {
  const column = quoteIdentifier(expectation.column);
  const current = table.silver?.cdc?.scdType === 2 ? `\nWHERE \`__END_AT\` IS NULL` : "";
  return [
    commentLine(
      `Uniqueness of ${table.name}.${expectation.column}: expectations see one row at a time, so this private view keeps the duplicated values and expects none.`,
    ),
    `CREATE OR REFRESH PRIVATE MATERIALIZED VIEW ${quoteIdentifier(`${table.name}_${expectationName(expectation)}_check`)}`,
    constraints([expectation])[0]!,
    "AS SELECT",
    list([column, "count(*) AS duplicate_count"]),
    `FROM ${qualifiedName(catalog, "silver", table.name)}${current}`,
    `GROUP BY ${column}`,
    "HAVING count(*) > 1;",
  ].join("\n");
}

function silverTable(table: DatasetTable, source: DatasetSource, ctx: PipelineSqlContext): string[] {
  const silver = table.silver!;
  const target = qualifiedName(ctx.catalog, "silver", table.name);
  const rowExpectations = silver.expectations.filter((e) => e.kind !== "unique");
  const definition = [
    `CREATE OR REFRESH STREAMING TABLE ${target}`,
    ...constraints(rowExpectations),
    `COMMENT ${sqlString(silver.comment ?? `Validated ${table.name}`)}`,
    ...clusterBy(table.layout?.clusterBy),
    tableProperties(silverTimeTravel(table), zOrderProperty(table.layout?.zorderBy)),
  ];
  const from = `STREAM(${qualifiedName(ctx.catalog, "bronze", table.name)})`;
  const cdc = silver.cdc;
  const statements: string[] = [];
  if (!cdc) {
    statements.push(
      [
        ...definition,
        "AS SELECT",
        list(silverColumns(table).map((c) => quoteIdentifier(c.name))),
        `FROM ${from};`,
      ].join("\n"),
    );
  } else {
    // Everything bronze has that silver does not keep: ingestion metadata, unselected and excluded columns.
    const kept = new Set(silverColumns(table).map((c) => c.name));
    const sourceColumns = [...table.columns.map((c) => c.name), ...bronzeMetadataColumns(source)];
    const except = sourceColumns.filter((name) => !kept.has(name));
    statements.push(`${definition.join("\n")};`);
    statements.push(
      [
        `CREATE FLOW ${quoteIdentifier(`${table.name}_cdc`)} AS AUTO CDC INTO ${target}`,
        `FROM ${from}`,
        `KEYS (${cdc.keys.map(quoteIdentifier).join(", ")})`,
        ...(cdc.deleteWhen === undefined ? [] : [`APPLY AS DELETE WHEN ${cdc.deleteWhen}`]),
        `SEQUENCE BY ${quoteIdentifier(cdc.sequenceBy ?? "")}`,
        ...(except.length === 0 ? [] : [`COLUMNS * EXCEPT (${except.map(quoteIdentifier).join(", ")})`]),
        `STORED AS SCD TYPE ${cdc.scdType};`,
      ].join("\n"),
    );
  }
  for (const expectation of silver.expectations) {
    if (expectation.kind === "unique") statements.push(uniquenessCheck(table, expectation, ctx.catalog));
  }
  return statements;
}

// ---------------------------------------------------------------------------------------------------
// Gold

function windowAggregate(window: FeatureWindow, timestampColumn: string): string {
  const inWindow = `${quoteIdentifier(timestampColumn)} >= current_timestamp() - INTERVAL ${window.days} DAYS`;
  const value = `CASE WHEN ${inWindow} THEN ${quoteIdentifier(window.column)} END`;
  switch (window.function) {
    case "count_distinct":
      return `count(DISTINCT ${value})`;
    default:
      return `${window.function}(${value})`;
  }
}

function windowType(window: FeatureWindow, columns: ReadonlyMap<string, DatasetColumn>): string {
  const source = columns.get(window.column)?.type ?? "STRING";
  switch (window.function) {
    case "count":
    case "count_distinct":
      return "BIGINT";
    case "avg":
      return "DOUBLE";
    case "sum":
      return /^(TINYINT|BYTE|SMALLINT|SHORT|INT|INTEGER|BIGINT|LONG)$/i.test(source) ? "BIGINT" : "DOUBLE";
    default:
      return source; // min / max keep the column's type
  }
}

function goldView(feature: FeatureSpec, table: DatasetTable, catalog: string): string {
  const columns = new Map(silverColumns(table).map((c) => [c.name, c]));
  const keyColumns = feature.keys.map((key) => ({ name: key, type: columns.get(key)?.type ?? "STRING" }));
  const schema = [
    ...keyColumns.map((c) => `${quoteIdentifier(c.name)} ${c.type} NOT NULL`),
    `${quoteIdentifier(feature.featureTimestampColumn)} TIMESTAMP NOT NULL`,
    ...feature.windows.map((w) => `${quoteIdentifier(w.name)} ${windowType(w, columns)}`),
    // Primary key with a TIMESERIES column: the table is usable as a Unity Catalog (time series) feature table.
    `CONSTRAINT ${quoteIdentifier(`${feature.name}_pk`)} PRIMARY KEY (${[
      ...feature.keys.map(quoteIdentifier),
      `${quoteIdentifier(feature.featureTimestampColumn)} TIMESERIES`,
    ].join(", ")})`,
  ];
  const select = [
    ...feature.keys.map(quoteIdentifier),
    `current_timestamp() AS ${quoteIdentifier(feature.featureTimestampColumn)}`,
    ...feature.windows.map(
      (w) =>
        `CAST(${windowAggregate(w, feature.timestampColumn)} AS ${windowType(w, columns)}) AS ${quoteIdentifier(w.name)}`,
    ),
  ];
  const filters = [
    ...feature.keys.map((key) => `${quoteIdentifier(key)} IS NOT NULL`),
    ...(table.silver?.cdc?.scdType === 2 ? ["`__END_AT` IS NULL"] : []),
  ];
  return [
    `CREATE OR REFRESH MATERIALIZED VIEW ${qualifiedName(catalog, "gold", feature.name)} (`,
    list(schema),
    ")",
    `COMMENT ${sqlString(feature.comment ?? `Features of ${feature.keys.join(", ")} from ${table.name}`)}`,
    ...clusterBy(feature.layout?.clusterBy),
    tableProperties(
      goldTimeTravel(feature),
      // Online tables / online stores sync from the change data feed.
      feature.onlineServing ? [["delta.enableChangeDataFeed", "true"]] : [],
    ),
    "AS SELECT",
    list(select),
    `FROM ${qualifiedName(catalog, "silver", table.name)}`,
    `WHERE ${filters.join(" AND ")}`,
    `GROUP BY ${feature.keys.map(quoteIdentifier).join(", ")};`,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Entry points

/**
 * The pipeline's SQL files for `spec` (validated with `loadDatasets`): `bronze.sql` always, `silver.sql`
 * when a table has a silver layer, `gold.sql` when there are features. Same input, same bytes.
 */
export function generatePipelineSql(spec: DatasetSpec, ctx: PipelineSqlContext): GeneratedSqlFile[] {
  const sources = new Map(spec.sources.map((s) => [s.name, s]));
  const sourceOf = (table: DatasetTable): DatasetSource => {
    const source = sources.get(table.source);
    if (!source) throw new Error(`table '${table.name}' reads unknown source '${table.source}'`);
    return source;
  };
  const files: GeneratedSqlFile[] = [];
  const context = `Lakeflow Declarative Pipelines SQL for catalog ${ctx.catalog}`;
  files.push({
    name: "bronze.sql",
    layer: "bronze",
    content: fileContent(
      header("bronze (raw records + ingestion metadata)", `${context} on ${ctx.cloud}`),
      spec.tables.map((table) => bronzeTable(table, sourceOf(table), ctx)),
    ),
  });
  const silverTables = spec.tables.filter((table) => table.silver);
  if (silverTables.length > 0) {
    files.push({
      name: "silver.sql",
      layer: "silver",
      content: fileContent(
        header("silver (expectations, AUTO CDC upserts)", context),
        silverTables.flatMap((table) => silverTable(table, sourceOf(table), ctx)),
      ),
    });
  }
  if (spec.features.length > 0) {
    const tables = new Map(spec.tables.map((t) => [t.name, t]));
    files.push({
      name: "gold.sql",
      layer: "gold",
      content: fileContent(
        header("gold (feature tables)", context),
        spec.features.map((feature) => {
          const table = tables.get(feature.from);
          if (!table) throw new Error(`feature '${feature.name}' reads unknown table '${feature.from}'`);
          return goldView(feature, table, ctx.catalog);
        }),
      ),
    });
  }
  return files;
}

/**
 * Maintenance statements per table (bronze, then silver, then gold; per table OPTIMIZE, VACUUM, ANALYZE).
 *
 * - ZORDER tables: `OPTIMIZE t ZORDER BY (…)`; every other table: `OPTIMIZE t` (compaction, or incremental
 *   clustering for clustered tables).
 * - `VACUUM t RETAIN <n> HOURS` with the spec's retention (validated ≥ every table's deleted-file retention).
 * - `ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS` when `maintenance.analyze`.
 *
 * With predictive optimization on the catalog, Databricks runs OPTIMIZE (compaction and liquid
 * clustering), VACUUM (honouring `delta.deletedFileRetentionDuration`) and ANALYZE (statistics are also
 * collected on write) for the managed tables itself, so those statements are left out. Predictive
 * optimization never Z-orders, so `OPTIMIZE … ZORDER BY` stays for ZORDER tables.
 */
export function generateMaintenanceSql(
  spec: DatasetSpec,
  ctx: MaintenanceSqlContext,
): MaintenanceStatement[] {
  const targets: { table: string; zorderBy?: readonly string[] }[] = [
    ...spec.tables.map((t) => ({
      table: qualifiedName(ctx.catalog, "bronze", t.name),
      zorderBy: t.silver ? undefined : t.layout?.zorderBy,
    })),
    ...spec.tables
      .filter((t) => t.silver)
      .map((t) => ({ table: qualifiedName(ctx.catalog, "silver", t.name), zorderBy: t.layout?.zorderBy })),
    ...spec.features.map((f) => ({
      table: qualifiedName(ctx.catalog, "gold", f.name),
      zorderBy: f.layout?.zorderBy,
    })),
  ];
  const hours = spec.maintenance.vacuumRetentionHours;
  const statements: MaintenanceStatement[] = [];
  for (const { table, zorderBy } of targets) {
    if (zorderBy) {
      statements.push({
        table,
        kind: "optimize",
        sql: `OPTIMIZE ${table} ZORDER BY (${zorderBy.map(quoteIdentifier).join(", ")});`,
      });
    } else if (!ctx.predictiveOptimization) {
      statements.push({ table, kind: "optimize", sql: `OPTIMIZE ${table};` });
    }
    if (!ctx.predictiveOptimization) {
      statements.push({ table, kind: "vacuum", sql: `VACUUM ${table} RETAIN ${hours} HOURS;` });
      if (spec.maintenance.analyze) {
        statements.push({
          table,
          kind: "analyze",
          sql: `ANALYZE TABLE ${table} COMPUTE STATISTICS FOR ALL COLUMNS;`,
        });
      }
    }
  }
  return statements;
}

/** The maintenance statements as one SQL file (the maintenance job's `sql_task` file). */
export function renderMaintenanceSql(
  statements: readonly MaintenanceStatement[],
  ctx: MaintenanceSqlContext,
): string {
  const detail = ctx.predictiveOptimization
    ? "Predictive optimization runs OPTIMIZE (compaction, liquid clustering), VACUUM and ANALYZE; only Z-ordering is left here."
    : "OPTIMIZE, VACUUM and ANALYZE for every table of the pipeline.";
  const head = [GENERATED, commentLine(`Table maintenance for catalog ${ctx.catalog}. ${detail}`)].join("\n");
  const body = statements.length === 0 ? ["SELECT 1; -- nothing to maintain"] : statements.map((s) => s.sql);
  return `${head}\n\n${body.join("\n")}\n`;
}
