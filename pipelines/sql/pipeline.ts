/** The pipeline's SQL files: one per medallion layer that has tables. */
import type { DatasetSource, DatasetSpec, DatasetTable } from "../spec/schema";
import { bronzeTable } from "./bronze";
import type { PipelineSqlContext } from "./context";
import { fileContent, header } from "./fragments";
import { goldView } from "./gold";
import { silverTable } from "./silver";
import type { GeneratedSqlFile } from "./types";

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
