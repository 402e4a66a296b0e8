/**
 * Bronze: one streaming table per spec table with the raw records plus ingestion metadata, read by the
 * source's kind (`../sources/`).
 */
import { sourceKind } from "../sources/registry";
import { bronzeTimeTravel } from "../spec/derived";
import type { DatasetSource, DatasetTable } from "../spec/schema";
import type { PipelineSqlContext } from "./context";
import { clusterBy, list, tableProperties, zOrderProperty } from "./fragments";
import { qualifiedName, sqlString } from "./quoting";

/** The `CREATE OR REFRESH STREAMING TABLE` statement of `table`'s bronze layer. */
export function bronzeTable(table: DatasetTable, source: DatasetSource, ctx: PipelineSqlContext): string {
  const { select, from } = sourceKind(source).bronzeReader(table, source, ctx);
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
