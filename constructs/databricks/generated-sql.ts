/**
 * Shapes of the SQL the pipeline SQL generator emits, as consumed by the constructs that deploy it
 * (`MedallionPipeline`, `TableMaintenanceJob`). Declared here, free of provider imports, so the
 * deploying constructs do not depend on the generator's implementation; the generator's own types are
 * structurally identical, so its output can be passed as is.
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

const CDKTF_TOKEN_MARKER = "${TfToken[";

/**
 * `content_base64` for a workspace file, encoded at synth so a plan shows the exact bytes. The SQL must
 * be plain text: deploy-time values (storage URLs, names with references) go into the pipeline's
 * `configuration` and are referenced in SQL as `${key}`, which the pipeline substitutes at run time.
 */
export function workspaceFileContentBase64(content: string): string {
  // cdktf's token marker, not any `${`: `${key}` pipeline parameters in SQL are plain text here.
  const at = content.indexOf(CDKTF_TOKEN_MARKER);
  if (at >= 0) {
    const line = content.slice(content.lastIndexOf("\n", at) + 1, content.indexOf("\n", at)).trim();
    throw new Error(
      `workspace file content contains a Terraform reference ('${line}'); pass deploy-time values through the pipeline configuration and reference them as \${key} in SQL`,
    );
  }
  return Buffer.from(content, "utf8").toString("base64");
}
