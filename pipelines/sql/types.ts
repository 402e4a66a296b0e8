/**
 * Shapes of the SQL the generator emits, as the constructs that deploy it consume them
 * (`MedallionPipeline`, `TableMaintenanceJob`).
 */

/** Medallion layers that hold pipeline tables. */
export type GeneratedSqlLayer = "bronze" | "silver" | "gold";

/** One generated DLT SQL source file, deployed as a workspace file and a pipeline library. */
export interface GeneratedSqlFile {
  /** File name, e.g. `bronze.sql`: letters, digits, `.`, `_` or `-`, ending in `.sql`. */
  readonly name: string;
  /** Layer whose tables the file defines. */
  readonly layer: GeneratedSqlLayer;
  /** The SQL, deployed byte for byte. */
  readonly content: string;
}

/** Kinds of table maintenance, in the order they run on one table. */
export const MAINTENANCE_KINDS = ["optimize", "vacuum", "analyze"] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];

/** One generated maintenance statement on one table. */
export interface MaintenanceStatement {
  /** Fully qualified table name, e.g. `fraud_lakehouse_prod.silver.transactions`. */
  readonly table: string;
  /** What the statement does. */
  readonly kind: MaintenanceKind;
  /** The statement, e.g. `OPTIMIZE \`c\`.\`silver\`.\`transactions\` ZORDER BY (\`card_id\`)`. */
  readonly sql: string;
}
