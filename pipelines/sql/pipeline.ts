/** The pipeline's SQL files: one per medallion layer that has tables. */
import { isManagedIngestion } from "../spec/derived";
import type { DatasetSource, DatasetSpec, DatasetTable } from "../spec/schema";
import { bronzeTable } from "./bronze";
import type { PipelineSqlContext } from "./context";
import { fileContent, header } from "./fragments";
import { goldFeatureTable, trainingSetView } from "./gold";
import { silverTable } from "./silver";
import type { GeneratedSqlFile } from "./types";

/**
 * The pipeline's SQL files for `spec` (validated with `loadDatasets`): `bronze.sql` when a table's
 * bronze is the medallion pipeline's (not a Lakeflow Connect ingestion pipeline's), `silver.sql`
 * when a table has a silver layer, `gold.sql` when there are features or training sets. Same input, same bytes.
 */
export function generatePipelineSql(spec: DatasetSpec, ctx: PipelineSqlContext): GeneratedSqlFile[] {
  const sources = new Map(spec.sources.map((s) => [s.name, s]));
  const sourceOf = (table: DatasetTable): DatasetSource => {
    const source = sources.get(table.source);
    if (!source) throw new Error(`table '${table.name}' reads unknown source '${table.source}'`);
    return source;
  };
  const files: GeneratedSqlFile[] = [];
  // Lakeflow Connect's ingestion pipelines write their tables' bronze themselves.
  const bronzeTables = spec.tables.filter((table) => !isManagedIngestion(sourceOf(table)));
  const context = `Lakeflow Declarative Pipelines SQL for catalog ${ctx.catalog}`;
  if (bronzeTables.length > 0)
    files.push({
      name: "bronze.sql",
      layer: "bronze",
      content: fileContent(
        header("bronze (raw records + ingestion metadata)", `${context} on ${ctx.cloud}`),
        bronzeTables.map((table) => bronzeTable(table, sourceOf(table), ctx)),
      ),
    });
  const silverTables = spec.tables.filter((table) => table.silver);
  const featureSources = new Set(spec.features.map((feature) => feature.from));
  if (silverTables.length > 0) {
    files.push({
      name: "silver.sql",
      layer: "silver",
      content: fileContent(
        header("silver (expectations, AUTO CDC upserts)", context),
        silverTables.flatMap((table) =>
          silverTable(table, sourceOf(table), ctx, featureSources.has(table.name)),
        ),
      ),
    });
  }
  if (spec.features.length > 0 || spec.trainingSets.length > 0) {
    const tables = new Map(spec.tables.map((t) => [t.name, t]));
    const features = new Map(spec.features.map((f) => [f.name, f]));
    files.push({
      name: "gold.sql",
      layer: "gold",
      content: fileContent(
        header("gold (time series feature tables, point-in-time training sets)", context),
        [
          ...spec.features.map((feature) => {
            const table = tables.get(feature.from);
            if (!table) throw new Error(`feature '${feature.name}' reads unknown table '${feature.from}'`);
            return goldFeatureTable(feature, table, ctx.catalog);
          }),
          ...spec.trainingSets.map((trainingSet) =>
            trainingSetView(trainingSet, { catalog: ctx.catalog, tables, features }),
          ),
        ],
      ),
    });
  }
  return files;
}
