/**
 * Shapes of the SQL the pipeline SQL generator emits, as consumed by the constructs that deploy it
 * (`MedallionPipeline`, `TableMaintenanceJob`). Declared here, free of provider imports, so the
 * deploying constructs do not depend on the generator's implementation; the generator's own types are
 * structurally identical, so its output can be passed as is.
 */
import { Fn, Token } from "cdktf";

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

/**
 * `content_base64` for a workspace file. Plain SQL is encoded now, so a plan shows the exact bytes;
 * SQL that embeds Terraform references (e.g. the landing URL with the storage account name) is encoded
 * by Terraform with `base64encode`, after the references are interpolated.
 */
export function workspaceFileContentBase64(content: string): string {
  return Token.isUnresolved(content)
    ? Fn.base64encode(content)
    : Buffer.from(content, "utf8").toString("base64");
}
