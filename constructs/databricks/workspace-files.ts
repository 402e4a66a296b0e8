/**
 * Workspace files the constructs deploy (generated pipeline SQL, maintenance and refresh SQL): where they
 * may go, and their content encoded at synth.
 */
import { Token } from "cdktf";
import { base64OfText } from "../../terraform-json/base64-text";

const CDKTF_TOKEN_MARKER = "${TfToken[";

/**
 * Why `path` cannot be a workspace folder or file of ours, worded after the value, or undefined: it must
 * be absolute and free of `..`. A reference (e.g. a `databricks_directory` path, to order the files after
 * it) is checked by the API.
 */
export function workspacePathError(path: string): string | undefined {
  if (Token.isUnresolved(path)) return undefined;
  return path.startsWith("/") && !path.includes("..")
    ? undefined
    : "must be an absolute workspace path without '..'";
}

/** The workspace folder `<root>/<name>` of a construct's files (a trailing `/` of `root` dropped). */
export function workspaceFolder(root: string, name: string): string {
  return `${root.replace(/\/+$/, "")}/${name}`;
}

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
  return base64OfText(content);
}
