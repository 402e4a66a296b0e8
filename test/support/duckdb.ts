/**
 * Runs generated pipeline SQL on DuckDB (an embedded engine) against small hand-made tables, so the
 * logic the pipeline deploys is executed, not just read.
 *
 * The SQL is the generator's own text. The dialect shim is the smallest set of rewrites DuckDB needs,
 * each one listed in {@link DIALECT_SHIM} and applied by {@link toDuckDb}:
 *
 * 1. backtick-quoted identifiers → double-quoted (DuckDB has no backtick quoting);
 * 2. `STREAM(x)` → `x` (a streaming read of a table is, on a finished table, a read of all its rows);
 * 3. `size(collect_set(x) OVER w)` → `count(DISTINCT x) OVER w` (Spark has no DISTINCT window
 *    aggregates, DuckDB has no collect_set; both count the distinct non-null values of the frame).
 *
 * What needs no rewrite: three-part names (`catalog`.`schema`.`table`) — the catalog is attached as a
 * DuckDB database of that name, the layers are its schemas; `INTERVAL n DAYS`, `INTERVAL 1
 * MICROSECOND`, RANGE frames over timestamps, named WINDOW clauses, QUALIFY, `row_number()`, CAST to
 * DOUBLE/BIGINT/DECIMAL; Spark type names in DDL (`STRING` is a DuckDB alias of VARCHAR).
 *
 * Semantics that differ and how the tests stay clear of them: Spark's TIMESTAMP is an instant shown in
 * the session time zone, DuckDB's TIMESTAMP is a wall-clock time; the test data are UTC wall-clock
 * times, and Spark's `INTERVAL n DAYS` is an exact n × 24 h day-time interval, as it is on DuckDB's
 * time-zone-less TIMESTAMP. Both have microsecond resolution. `avg` of a DECIMAL is a DECIMAL on Spark
 * and a DOUBLE on DuckDB; the generator casts it to DOUBLE, and the tests compare with `toBeCloseTo`.
 * `sum` of a DECIMAL(18,2) is a DECIMAL(28,2) on Spark and a DECIMAL(38,2) on DuckDB, both exact: a
 * declared `DECIMAL(38,2)` result type gives the same values on both.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { DatasetColumn } from "../../pipelines";

export const DIALECT_SHIM = [
  "backtick identifiers → double-quoted identifiers",
  "STREAM(x) → x",
  "size(collect_set(x) OVER w) → count(DISTINCT x) OVER w",
] as const;

/** Rewrites generated Spark SQL for DuckDB with exactly the rewrites of {@link DIALECT_SHIM}. */
export function toDuckDb(sql: string): string {
  let out = "";
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (char === "'") {
      // String literals are copied as they are (backslash escapes included).
      let j = i + 1;
      while (j < sql.length && sql[j] !== "'") j += sql[j] === "\\" ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j;
    } else if (char === "`") {
      let name = "";
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === "`") {
          if (sql[j + 1] === "`") {
            name += "`";
            j++;
          } else break;
        } else name += sql[j];
      }
      out += `"${name.replace(/"/g, '""')}"`;
      i = j;
    } else {
      out += char;
    }
  }
  return out
    .replace(/\bSTREAM\(([^()]+)\)/g, "$1")
    .replace(/\bsize\(collect_set\(([^()]+)\) OVER (\w+)\)/g, "count(DISTINCT $1) OVER $2");
}

/** The query of a generated `CREATE … AS <query>;` statement: the text after the first line starting with `AS `. */
export function queryOf(statement: string): string {
  const lines = statement.split("\n");
  const at = lines.findIndex((line) => /^AS (SELECT|WITH)\b/.test(line));
  if (at < 0) throw new Error(`no 'AS SELECT' / 'AS WITH' line in:\n${statement}`);
  return [lines[at]!.slice(3), ...lines.slice(at + 1)].join("\n").replace(/;\s*$/, "");
}

/** The statement of `file` that creates `name` (a fully qualified, backtick-quoted name). */
export function statementOf(file: string, name: string): string {
  const statement = file.split(/;\n/).find((s) => s.includes(` ${name}`) && /CREATE /.test(s));
  if (!statement) throw new Error(`no statement creating ${name}`);
  return `${statement};`;
}

export type Row = Record<string, string | number | boolean | null>;

/** A value as a SQL literal of `type`. */
function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const text = `'${String(value).replace(/'/g, "''")}'`;
  return /^TIMESTAMP/i.test(type) ? `TIMESTAMP ${text}` : text;
}

/** DuckDB's name for a Spark SQL column type used by the test tables. */
function duckType(type: string): string {
  return /^TIMESTAMP_NTZ$/i.test(type) ? "TIMESTAMP" : type;
}

/** One DuckDB database per test file, with the catalog attached and the medallion schemas created. */
export class DuckDbLakehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(catalog: string): Promise<DuckDbLakehouse> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const lakehouse = new DuckDbLakehouse(instance, connection);
    await lakehouse.run(`ATTACH ':memory:' AS "${catalog}"`);
    for (const schema of ["bronze", "silver", "gold"])
      await lakehouse.run(`CREATE SCHEMA "${catalog}"."${schema}"`);
    return lakehouse;
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Rows of a query, numbers as numbers (DuckDB's JSON has BIGINT and DECIMAL as text), timestamps as text. */
  async rows(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    const numeric = new Set(
      reader
        .columnNames()
        .filter((_, i) =>
          /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UBIGINT|DECIMAL|FLOAT|DOUBLE)/.test(
            String(reader.columnTypes()[i]),
          ),
        ),
    );
    return reader
      .getRowObjectsJson()
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            numeric.has(k) && typeof v === "string" ? Number(v) : (v as Row[string]),
          ]),
        ),
      );
  }

  /** Creates `name` (`catalog.schema.table`, unquoted parts) with `columns` and inserts `rows`. */
  async table(
    name: string,
    columns: readonly DatasetColumn[],
    rows: readonly Record<string, unknown>[],
  ): Promise<void> {
    const quoted = name
      .split(".")
      .map((part) => `"${part}"`)
      .join(".");
    await this.run(`DROP TABLE IF EXISTS ${quoted}`);
    await this.run(
      `CREATE TABLE ${quoted} (${columns.map((c) => `"${c.name}" ${duckType(c.type)}`).join(", ")})`,
    );
    if (rows.length === 0) return;
    const values = rows.map((row) => `(${columns.map((c) => literal(row[c.name], c.type)).join(", ")})`);
    await this.run(`INSERT INTO ${quoted} VALUES ${values.join(", ")}`);
  }

  /** Materializes a generated query as the table `name` (`catalog.schema.table`). */
  async materialize(name: string, query: string): Promise<void> {
    const quoted = name
      .split(".")
      .map((part) => `"${part}"`)
      .join(".");
    await this.run(`DROP TABLE IF EXISTS ${quoted}`);
    await this.run(`CREATE TABLE ${quoted} AS ${toDuckDb(query)}`);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
