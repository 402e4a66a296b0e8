/** Spark SQL type strings written into DDL verbatim. */
import { isSparkSqlType } from "../../../pipelines/syntax/spark-types";

describe("Spark SQL types", () => {
  test.each([
    "STRING",
    "DECIMAL(18,2)",
    "ARRAY<STRUCT<code: STRING, amount: DOUBLE>>",
    "MAP<STRING, BIGINT>",
    "timestamp",
  ])("column type %j is accepted", (type) => {
    expect(isSparkSqlType(type)).toBe(true);
  });
});
