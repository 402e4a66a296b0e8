/**
 * What a kind of source (`datasets.sources[].type`) brings to the lakehouse, in one object: the shape of
 * its spec entry, the ingestion metadata columns bronze adds, the clouds that can read it, its bronze
 * reader SQL and what the deployment must provide for it. The registry (`./registry.ts`) lists every kind;
 * the spec schema, validation, SQL generation and the environment config checks ask it instead of
 * dispatching on `type`.
 */
import { z } from "zod";
import type { PipelineSqlContext } from "../sql/context";
import { quoteIdentifier } from "../sql/quoting";
import type { DatasetCloud, DatasetTable } from "../spec/schema";
import { identifier } from "../syntax/identifiers";

/** Bronze metadata column every source kind adds, and silver keeps (lineage / latency). */
export const INGESTED_AT_COLUMN = "_ingested_at";

/** A named argument of a reader function: its name and its value, an SQL expression. */
export type ReaderArgument = readonly [name: string, value: string];

/** The deployment settings a kind's reader needs from `ctx`; throws when the context lacks them. */
export function readerSettings<K extends keyof PipelineSqlContext>(
  ctx: PipelineSqlContext,
  key: K,
  source: SourceEntry,
  service: string,
): NonNullable<PipelineSqlContext[K]> {
  const settings = ctx[key];
  if (!settings) {
    throw new Error(
      `source '${source.name}' reads ${service}, but the pipeline context has no ${key} settings`,
    );
  }
  return settings;
}

/** A column bronze adds: its name and the SQL expression (over the reader's row) it is selected as. */
export type MetadataColumn = readonly [name: string, expression: string];

/** {@link INGESTED_AT_COLUMN}: when bronze read the record. */
export const INGESTED_AT: MetadataColumn = [INGESTED_AT_COLUMN, "current_timestamp()"];

/** The names of `columns`, in order: a kind's {@link SourceKind.metadataColumns}. */
export function metadataColumnNames(columns: readonly MetadataColumn[]): string[] {
  return columns.map(([name]) => name);
}

/** Select-list entries `<expression> AS \`<name>\`` of `columns`, in order. */
export function metadataSelect(columns: readonly MetadataColumn[]): string[] {
  return columns.map(([name, expression]) => `${expression} AS ${quoteIdentifier(name)}`);
}

/**
 * The zod object of a kind's spec entry: `type` (the kind's literal, which selects it in the sources
 * union) and `name` first, then the kind's own fields; unknown keys are rejected.
 */
export function sourceEntrySchema<T extends string, F extends z.ZodRawShape>(type: T, fields: F) {
  return z.object({ type: z.literal(type), name: identifier, ...fields }).strict();
}

/** A source entry of the spec as its kind's schema outputs it. */
export interface SourceEntry {
  readonly type: string;
  readonly name: string;
}

/** Reports a problem at `path` below the source entry (e.g. `["options", "format"]`). */
export type SourceIssueReport = (path: (string | number)[], message: string) => void;

/** How bronze reads a source: the select list and the `FROM …` clause of the streaming table. */
export interface BronzeReader {
  readonly select: string[];
  readonly from: string;
}

/** What the deployment provides for a source kind, beyond the landing storage every pipeline has. */
export interface SourceInfrastructure<S extends SourceEntry> {
  /**
   * The stream of the environment config (`streaming.sources[].name`) the source reads, for kinds that
   * read a stream the lakehouse provisions: the config check requires it to be listed there.
   */
  environmentStream?(source: S): string;
  /** Why serverless pipeline compute cannot read this kind (worded after `'serverless'`), if it cannot. */
  readonly serverlessBlockedBecause?: string;
  /**
   * What serverless pipeline compute needs to reach this kind, beyond what classic compute in the
   * workspace network has: `event-hubs-namespace`, a private endpoint from the serverless network to
   * the environment's Event Hubs namespace (whose firewall admits only the workspace subnets).
   */
  readonly serverlessPrivateEndpoint?: "event-hubs-namespace";
}

export interface SourceKind<S extends SourceEntry> {
  /** The `type` value that selects this kind. */
  readonly type: S["type"];
  /** The zod object of the spec entry (`type` a literal, `.strict()`); one member of the sources union. */
  readonly schema: z.ZodType<S, z.ZodTypeDef, unknown>;
  /** Clouds whose deployments can read this kind. */
  readonly clouds: readonly DatasetCloud[];
  /** Why a deployment on `cloud` (not in {@link clouds}) cannot read this kind, worded after the path. */
  wrongCloud?(cloud: DatasetCloud): string;
  /**
   * Who writes the bronze table: the medallion pipeline's generated SQL (absent), or a managed
   * Lakeflow Connect ingestion pipeline (`lakeflow-connect`), which also applies the table's CDC.
   */
  readonly ingestion?: "lakeflow-connect";
  /** Column names bronze adds for `source`, in the order silver's CDC exclusion lists them. */
  metadataColumns(source: S): string[];
  /** Cross-field rules of this kind, after the schema has parsed the entry. */
  validate?(source: S, report: SourceIssueReport): void;
  /** Bronze's select list and FROM clause for `table`; throws when `ctx` lacks this kind's settings. */
  bronzeReader(table: DatasetTable, source: S, ctx: PipelineSqlContext): BronzeReader;
  /** What the deployment provides for it. */
  readonly infrastructure: SourceInfrastructure<S>;
}
