/**
 * Production posture: data that cannot be re-read (stream-fed bronze), and the private networking,
 * keys and lifecycle settings a production environment needs on each cloud.
 */
import { fail, pass, skip, type GuardrailRule } from "../types";

/** Table-valued functions that read a stream whose retention is short (days, not years). */
const STREAM_READERS = /\bread_(kafka|kinesis|pubsub|pulsar|eventhubs)\s*\(/i;
const RESET_DISALLOWED = /'pipelines\.reset\.allowed'\s*=\s*'false'/i;

/** `CREATE OR REFRESH STREAMING TABLE` statements of a SQL file, each with its table name. */
function streamingTables(sql: string): { name: string; body: string }[] {
  return sql
    .split(/^(?=CREATE\s)/im)
    .map((body) => ({ body, match: /^CREATE\s+OR\s+REFRESH\s+STREAMING\s+TABLE\s+(\S+)/i.exec(body) }))
    .filter((s) => s.match !== null)
    .map((s) => ({ name: s.match![1]!, body: s.body }));
}

export const STREAM_BRONZE_RESET_PROTECTED: GuardrailRule = {
  id: "LH-PIPE-004",
  title: "Streaming tables fed by a stream cannot be wiped by a full refresh",
  severity: "error",
  resourceTypes: ["databricks_workspace_file"],
  rationale:
    "Event Hubs, Kinesis and Kafka keep 1–7 days. A full refresh truncates a streaming table and re-reads the source from its earliest retained offset, so everything older is lost for good; `pipelines.reset.allowed = false` makes the pipeline refuse to reset the table.",
  fix: "Set TBLPROPERTIES ('pipelines.reset.allowed' = 'false') on stream-fed streaming tables (the SQL generator does for bronze tables of event-hubs, kinesis and kafka sources).",
  check(file) {
    const encoded = file.attributes.content_base64;
    const path = String(file.attributes.path ?? "");
    if (typeof encoded !== "string" || encoded.includes("${")) {
      return path.endsWith(".sql") ? fail("the SQL is not literal at synth time") : skip("not literal SQL");
    }
    const sql = Buffer.from(encoded, "base64").toString("utf8");
    const fed = streamingTables(sql).filter((t) => STREAM_READERS.test(t.body));
    if (fed.length === 0) return skip("no streaming table reads a stream");
    const open = fed.filter((t) => !RESET_DISALLOWED.test(t.body)).map((t) => t.name);
    return open.length === 0
      ? pass()
      : fail(`a full refresh may wipe ${open.join(", ")} (no 'pipelines.reset.allowed' = 'false')`);
  },
};

export const POSTURE_RULES: readonly GuardrailRule[] = [STREAM_BRONZE_RESET_PROTECTED];
