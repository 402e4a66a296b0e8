/** Databricks values shared by config validation and constructs, kept free of provider imports. */

/** Cluster sizes a SQL warehouse accepts (`cluster_size`), smallest first. */
export const SQL_WAREHOUSE_SIZES = [
  "2X-Small",
  "X-Small",
  "Small",
  "Medium",
  "Large",
  "X-Large",
  "2X-Large",
  "3X-Large",
  "4X-Large",
] as const;
export type SqlWarehouseSize = (typeof SQL_WAREHOUSE_SIZES)[number];
