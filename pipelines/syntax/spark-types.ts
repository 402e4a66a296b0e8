/**
 * Spark SQL types: a small recursive parser, so a column type from the spec can be written into DDL
 * verbatim (primitives, DECIMAL(p,s), VARCHAR/CHAR(n), ARRAY<…>, MAP<…,…>, STRUCT<name: type, …>).
 */
import { z } from "zod";
import { customIssue as custom } from "../../vocabulary/config-issues";

const PRIMITIVE_TYPES = new Set([
  "STRING",
  "BOOLEAN",
  "TINYINT",
  "BYTE",
  "SMALLINT",
  "SHORT",
  "INT",
  "INTEGER",
  "BIGINT",
  "LONG",
  "FLOAT",
  "REAL",
  "DOUBLE",
  "DATE",
  "TIMESTAMP",
  "TIMESTAMP_NTZ",
  "BINARY",
  "VARIANT",
]);

/** Parses one type at `pos`; returns the position after it, or -1. */
function parseType(text: string, pos: number): number {
  const word = /^[A-Za-z_]+/.exec(text.slice(pos));
  if (!word) return -1;
  const name = word[0].toUpperCase();
  let at = pos + word[0].length;
  if (PRIMITIVE_TYPES.has(name)) return at;
  if (name === "DECIMAL" || name === "DEC" || name === "NUMERIC") {
    const args = /^\(\s*(\d{1,2})\s*(?:,\s*(\d{1,2})\s*)?\)/.exec(text.slice(at));
    if (!args) return at; // DECIMAL alone is DECIMAL(10,0)
    const precision = Number(args[1]);
    const scale = args[2] === undefined ? 0 : Number(args[2]);
    if (precision < 1 || precision > 38 || scale > precision) return -1;
    return at + args[0].length;
  }
  if (name === "VARCHAR" || name === "CHAR") {
    const args = /^\(\s*\d{1,5}\s*\)/.exec(text.slice(at));
    return args ? at + args[0].length : -1;
  }
  const skip = (): void => {
    while (text[at] === " ") at++;
  };
  const expect = (char: string): boolean => {
    skip();
    if (text[at] !== char) return false;
    at++;
    skip();
    return true;
  };
  if (name === "ARRAY") {
    if (!expect("<")) return -1;
    at = parseType(text, at);
    if (at < 0 || !expect(">")) return -1;
    return at;
  }
  if (name === "MAP") {
    if (!expect("<")) return -1;
    at = parseType(text, at);
    if (at < 0 || !expect(",")) return -1;
    at = parseType(text, at);
    if (at < 0 || !expect(">")) return -1;
    return at;
  }
  if (name === "STRUCT") {
    if (!expect("<")) return -1;
    for (;;) {
      const field = /^[a-z_][a-z0-9_]*/.exec(text.slice(at));
      if (!field) return -1;
      at += field[0].length;
      if (!expect(":")) return -1;
      at = parseType(text, at);
      if (at < 0) return -1;
      if (expect(">")) return at;
      if (!expect(",")) return -1;
    }
  }
  return -1;
}

/** True when `text` is exactly one Spark SQL type (no surrounding spaces). */
export function isSparkSqlType(text: string): boolean {
  return text.trim() === text && parseType(text, 0) === text.length;
}

/** A column type: a Spark SQL type string. */
export const sqlType = z.string().superRefine((value, ctx) => {
  if (!isSparkSqlType(value)) {
    custom(
      ctx,
      `'${value}' is not a Spark SQL type (e.g. STRING, BIGINT, DOUBLE, DECIMAL(18,2), TIMESTAMP, DATE, ARRAY<STRING>, MAP<STRING,BIGINT>, STRUCT<a: INT>)`,
    );
  }
});

const NUMERIC_TYPE =
  /^(TINYINT|BYTE|SMALLINT|SHORT|INT|INTEGER|BIGINT|LONG|FLOAT|REAL|DOUBLE|DECIMAL|DEC|NUMERIC)\b/i;

/** True for the integral, floating-point and decimal types (what avg and sum accept). */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type);
}

/** True for the timestamp types (an instant, or a wall-clock time without time zone): what time windows order by. */
export function isTimestampType(type: string): boolean {
  return /^(TIMESTAMP|TIMESTAMP_NTZ)$/i.test(type);
}

/** Digits of the largest value of each integral type (TINYINT 127, SMALLINT 32767, INT 2^31 − 1, BIGINT 2^63 − 1). */
const INTEGRAL_DIGITS: Readonly<Record<string, number>> = {
  TINYINT: 3,
  BYTE: 3,
  SMALLINT: 5,
  SHORT: 5,
  INT: 10,
  INTEGER: 10,
  BIGINT: 19,
  LONG: 19,
};

/** How a numeric type holds numbers: whole numbers, binary floating point, or fixed-point decimals. */
export type NumericShape =
  | { readonly kind: "integral"; readonly digits: number }
  | { readonly kind: "floating"; readonly double: boolean }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number };

/**
 * The numeric shape of a Spark SQL type, or undefined for non-numeric types. `DECIMAL` alone is
 * `DECIMAL(10,0)` and `DECIMAL(p)` is `DECIMAL(p,0)`, as in Spark.
 */
export function numericShape(type: string): NumericShape | undefined {
  const text = type.trim().toUpperCase();
  const digits = INTEGRAL_DIGITS[text];
  if (digits !== undefined) return { kind: "integral", digits };
  if (text === "FLOAT" || text === "REAL") return { kind: "floating", double: false };
  if (text === "DOUBLE") return { kind: "floating", double: true };
  const decimal = /^(?:DECIMAL|DEC|NUMERIC)(?:\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(text);
  if (!decimal) return undefined;
  return {
    kind: "decimal",
    precision: decimal[1] === undefined ? 10 : Number(decimal[1]),
    scale: decimal[2] === undefined ? 0 : Number(decimal[2]),
  };
}

/** The same type written the same way: upper case, no spaces (`decimal(38, 2)` → `DECIMAL(38,2)`). */
export function normalizedType(type: string): string {
  return type.toUpperCase().replace(/\s+/g, "");
}
