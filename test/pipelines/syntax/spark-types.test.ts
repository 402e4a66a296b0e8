/** Spark SQL type strings written into DDL verbatim. */
import { isSparkSqlType, numericShape } from "../../../pipelines/syntax/spark-types";

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

describe("numeric shapes (what a feature's result type can hold)", () => {
  test.each([
    ["BIGINT", { kind: "integral", digits: 19 }],
    ["int", { kind: "integral", digits: 10 }],
    ["SMALLINT", { kind: "integral", digits: 5 }],
    ["TINYINT", { kind: "integral", digits: 3 }],
    ["DOUBLE", { kind: "floating", double: true }],
    ["REAL", { kind: "floating", double: false }],
    ["DECIMAL(18,2)", { kind: "decimal", precision: 18, scale: 2 }],
    ["decimal(38, 2)", { kind: "decimal", precision: 38, scale: 2 }],
    ["DECIMAL", { kind: "decimal", precision: 10, scale: 0 }],
    ["NUMERIC(12)", { kind: "decimal", precision: 12, scale: 0 }],
  ])("%s", (type, shape) => {
    expect(numericShape(type)).toEqual(shape);
  });

  test.each(["STRING", "TIMESTAMP", "ARRAY<INT>"])("%s is not numeric", (type) => {
    expect(numericShape(type)).toBeUndefined();
  });
});
