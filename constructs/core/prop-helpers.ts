/**
 * Helpers the constructs share for their props: the error a bad prop throws, and the key order that
 * keeps synthesized maps byte-identical for the same props.
 */

/** Throws the error of one bad prop: `<Construct>.<field>: <value as JSON> <rule>`. */
export type InvalidProp = (field: string, value: unknown, rule: string) => never;

/**
 * The {@link InvalidProp} of one construct, e.g. `invalidPropOf("LakehouseSqlWarehouse")("size", "XL",
 * "is not a SQL warehouse size")` throws `LakehouseSqlWarehouse.size: "XL" is not a SQL warehouse size`.
 */
export function invalidPropOf(construct: string): InvalidProp {
  return (field, value, rule) => {
    throw new Error(`${construct}.${field}: ${JSON.stringify(value)} ${rule}`);
  };
}

/** The entries of a map sorted by key (code-unit order, not locale order). */
export function sortedEntries<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A copy of a map with its keys inserted in sorted order, so JSON output does not depend on prop order. */
export function sortedByKey<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(sortedEntries(record));
}
