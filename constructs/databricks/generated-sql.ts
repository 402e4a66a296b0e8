/**
 * Deploying generated SQL as workspace files. The shapes of the generated SQL live in
 * `vocabulary/generated-sql.ts` (shared with the generator in `pipelines/`) and are re-exported here.
 */
export {
  type GeneratedSqlFile,
  type GeneratedSqlLayer,
  MAINTENANCE_KINDS,
  type MaintenanceKind,
  type MaintenanceStatement,
} from "../../vocabulary/generated-sql";

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
