/** Logical ids the constructs derive from names (a file, a private endpoint group). */

/**
 * The letter-and-digit runs of `name`, each capitalized and joined: `bronze.sql` → `BronzeSql`,
 * `silver-cdc.sql` → `SilverCdcSql`, `dfs` → `Dfs`.
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** `name` with its first letter capitalized, the rest as is: `bronze` → `Bronze`, `ml` → `Ml`. */
export function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
