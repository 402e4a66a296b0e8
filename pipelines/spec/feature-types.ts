/**
 * Result types of feature windows: the type each aggregate gets by default, and which declared types
 * (`windows[].type`) can hold it.
 *
 * What Spark's aggregates return (Spark SQL reference, `sum`, `avg`, `count`, `min`/`max`): `count` a
 * BIGINT; `sum` of an integral column a BIGINT, of a floating-point column a DOUBLE, of a DECIMAL(p,s)
 * a DECIMAL(min(38, p + 10), s); `avg` of a DECIMAL(p,s) a DECIMAL(p + 4, s + 4), otherwise a DOUBLE;
 * `min`/`max` the column's type. A declared type can hold the aggregate when every value the aggregate
 * can take fits it without overflow and, for sums and extremes of decimals, without rounding cents away.
 * Averages may round (an average of cents is rarely a whole number of cents).
 */
import { normalizedType, numericShape, type NumericShape } from "../syntax/spark-types";
import type { FeatureWindow } from "./schema";

/** The type a window gets when it declares none: the aggregate's type, DOUBLE for sums of decimals and for averages. */
export function defaultWindowType(fn: FeatureWindow["function"], columnType: string): string {
  switch (fn) {
    case "count":
    case "count_distinct":
      return "BIGINT";
    case "avg":
      return "DOUBLE";
    case "sum":
      return numericShape(columnType)?.kind === "integral" ? "BIGINT" : "DOUBLE";
    default:
      return columnType; // min / max keep the column's type
  }
}

/** The window's result type: its declared `type`, or {@link defaultWindowType}. */
export function windowResultType(window: FeatureWindow, columnType: string): string {
  return window.type ?? defaultWindowType(window.function, columnType);
}

const INTEGRAL_TYPES = "BIGINT, INT, SMALLINT or TINYINT";

function integerDigits(shape: NumericShape & { kind: "decimal" }): number {
  return shape.precision - shape.scale;
}

/** Integer digits a type needs to hold every value of `shape`, or undefined for floating point (unbounded). */
function digitsOf(shape: NumericShape): number | undefined {
  if (shape.kind === "integral") return shape.digits;
  if (shape.kind === "decimal") return integerDigits(shape);
  return undefined;
}

/**
 * Why `target` cannot hold `fn(column)` over a column of `columnType`, or undefined when it can. The
 * reason completes `'<target>' cannot hold <fn>(<column>) of <columnType>: …`.
 */
function unfit(fn: FeatureWindow["function"], columnType: string, target: string): string | undefined {
  const to = numericShape(target);
  const from = numericShape(columnType);
  const isDouble = to?.kind === "floating" && to.double;
  switch (fn) {
    case "count":
    case "count_distinct":
      return to?.kind === "integral" ? undefined : `a count is a whole number: use ${INTEGRAL_TYPES}`;
    case "avg": {
      if (isDouble) return undefined;
      if (to?.kind !== "decimal") return `an average is fractional: use DOUBLE or DECIMAL(p,s)`;
      const needed = from && digitsOf(from);
      if (needed === undefined) {
        return `a DECIMAL cannot hold every average of a floating-point column: use DOUBLE`;
      }
      return integerDigits(to) >= needed
        ? undefined
        : `an average lies between the column's extremes, which need ${needed} integer digits (precision − scale); e.g. DECIMAL(${needed + 2},2), or DOUBLE`;
    }
    case "sum": {
      if (isDouble) return undefined;
      if (!from || from.kind === "floating")
        return `a sum of a floating-point column is a DOUBLE: use DOUBLE`;
      if (from.kind === "integral") {
        if (to?.kind === "integral" && to.digits >= 19) return undefined;
        if (to?.kind === "decimal" && integerDigits(to) >= 19) return undefined;
        return `a sum of an integral column is a BIGINT: use BIGINT, DOUBLE, or a DECIMAL(p,s) with at least 19 integer digits (precision − scale)`;
      }
      // Spark sums a DECIMAL(p,s) as a DECIMAL(min(38, p + 10), s).
      const precision = Math.min(38, from.precision + 10);
      const needed = precision - from.scale;
      const keeps = to?.kind === "decimal" && to.scale >= from.scale && integerDigits(to) >= needed;
      return keeps
        ? undefined
        : `a sum of DECIMAL(${from.precision},${from.scale}) values is a DECIMAL(${precision},${from.scale}): use a DECIMAL with at least ${needed} integer digits (precision − scale) and scale ${from.scale} or more, e.g. DECIMAL(${Math.min(38, needed + from.scale)},${from.scale}), or DOUBLE`;
    }
    default: {
      // min / max: a value of the column itself.
      if (!from) {
        return normalizedType(target) === normalizedType(columnType)
          ? undefined
          : `${fn} keeps the column's type: use ${columnType}`;
      }
      if (isDouble) return undefined;
      if (from.kind === "floating") {
        return to?.kind === "floating" ? undefined : `${fn} of a floating-point column: use FLOAT or DOUBLE`;
      }
      const needed = digitsOf(from)!;
      const scale = from.kind === "decimal" ? from.scale : 0;
      if (to?.kind === "integral" && from.kind === "integral" && to.digits >= needed) return undefined;
      if (to?.kind === "decimal" && to.scale >= scale && integerDigits(to) >= needed) return undefined;
      return from.kind === "integral"
        ? `${fn} of ${columnType} values needs ${needed} integer digits: use an integral type at least as wide, DOUBLE, or a DECIMAL(p,s) with at least ${needed} integer digits (precision − scale)`
        : `${fn} of ${columnType} values needs ${needed} integer digits and scale ${scale}: use a DECIMAL with at least ${needed} integer digits (precision − scale) and scale ${scale} or more, or DOUBLE`;
    }
  }
}

/**
 * The issue with declaring `target` as the result type of `fn(column)` over a `columnType` column, or
 * undefined when the type can hold every value of the aggregate. Reads
 * `'<target>' cannot hold <fn>(<column>) of <columnType>: <rule>`.
 */
export function windowTypeIssue(
  fn: FeatureWindow["function"],
  column: string,
  columnType: string,
  target: string,
): string | undefined {
  const reason = unfit(fn, columnType, target);
  return reason && `'${target}' cannot hold ${fn}(${column}) of ${columnType}: ${reason}`;
}
