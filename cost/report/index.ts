/**
 * Renders estimates and diffs: a terminal table (like `infracost breakdown`), GitHub Markdown for a pull
 * request comment (kept under GitHub's comment limit), and JSON.
 */
export type ReportFormat = "table" | "markdown" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "markdown", "json"];

export { APPROVAL_COMMAND, APPROVAL_LABEL, warningFingerprint, warningId } from "./approval";
export { COMMENT_LIMIT } from "./fit";
export { money, signedMoney } from "./format";
export { renderDiffJson, renderEstimateJson } from "./json";
export {
  GATE_RESERVE,
  MARKDOWN_MARKER,
  type MarkdownOptions,
  renderDiffMarkdown,
  renderEstimateMarkdown,
} from "./markdown";
export { budgetWarningLines, renderDiffTable, renderEstimateTable } from "./table";
