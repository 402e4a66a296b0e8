/** The dataset spec: its schema, the facts derived from it, and its validation. */
export * from "./schema";
export * from "./derived";
export { defaultWindowType, windowResultType, windowTypeIssue } from "./feature-types";
export {
  estimateGoldRefresh,
  estimateGoldRefreshes,
  expectedTouchedEntities,
  type GoldRefreshEstimate,
  type GoldRefreshVolumes,
} from "./refresh-cost";
export {
  bindDatasets,
  formatDatasetPath,
  loadDatasets,
  loadParsedDatasets,
  parseDatasets,
  validateDatasets,
} from "./validate";
export { INGESTED_AT_COLUMN } from "../sources/source-kind";
