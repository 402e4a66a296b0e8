import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

const base64 = (sql: string) => Buffer.from(sql, "utf8").toString("base64");

const KAFKA_BRONZE = `CREATE OR REFRESH STREAMING TABLE \`c\`.\`bronze\`.\`transactions\`
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 365 days'PROTECT
)
AS SELECT * FROM STREAM read_kafka(bootstrapServers => 'x:9093', subscribe => 't');

CREATE OR REFRESH STREAMING TABLE \`c\`.\`bronze\`.\`customers\`
AS SELECT * FROM STREAM read_files('abfss://landing@a.dfs.core.windows.net/customers/', format => 'json');
`;

describe("LH-PIPE-004 stream-fed streaming tables refuse a full refresh", () => {
  function check(sql: string) {
    const stack = guardrailStack();
    new WorkspaceFile(stack, "Bronze", { path: "/lakehouse/bronze.sql", contentBase64: base64(sql) });
    new WorkspaceFile(stack, "Readme", { path: "/lakehouse/README.md", contentBase64: base64("# notes") });
    return outcome(evaluate(stack), "LH-PIPE-004");
  }

  test("a Kafka-fed table without the property fails, naming it; file-fed tables are not checked", () => {
    const result = check(KAFKA_BRONZE.replace("PROTECT", ""));
    expect(result.messages).toEqual([
      "a full refresh may wipe `c`.`bronze`.`transactions` (no 'pipelines.reset.allowed' = 'false')",
    ]);
    expect(result.skipped).toBe(1);
  });

  test("with 'pipelines.reset.allowed' = 'false' it passes", () => {
    const result = check(KAFKA_BRONZE.replace("PROTECT", ",\n  'pipelines.reset.allowed' = 'false'"));
    expect(result).toMatchObject({ passed: 1, failed: 0, skipped: 1 });
  });

  test("Kinesis-fed tables are streams too", () => {
    const sql =
      "CREATE OR REFRESH STREAMING TABLE `c`.`bronze`.`t`\nAS SELECT * FROM STREAM read_kinesis(streamName => 's');\n";
    expect(check(sql).messages).toEqual([
      "a full refresh may wipe `c`.`bronze`.`t` (no 'pipelines.reset.allowed' = 'false')",
    ]);
  });
});
