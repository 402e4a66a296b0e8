/**
 * The pipeline SQL of the example spec on each cloud, and what tests of it need: golden files
 * (`UPDATE_GOLDEN=1 npx jest test/pipelines` rewrites them; review the diff like code) and SQL with
 * literals and comments blanked out.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import {
  generatePipelineSql,
  loadDatasets,
  type DatasetCloud,
  type DatasetSpec,
  type GeneratedSqlFile,
  type PipelineSqlContext,
} from "../../pipelines";
import { exampleDatasets } from "../../config/example-datasets";

const GOLDEN_DIR = join(__dirname, "..", "golden");

/** Compares `content` with `test/golden/<name>`, or rewrites the file when UPDATE_GOLDEN=1. */
export function expectGolden(name: string, content: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return;
  }
  if (!existsSync(file))
    throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npx jest test/pipelines`);
  expect(content).toBe(readFileSync(file, "utf8"));
}

export const CONTEXT: Record<DatasetCloud, PipelineSqlContext> = {
  azure: {
    cloud: "azure",
    catalog: "fraud_prod",
    landingUrl: "abfss://landing@frdprodlake.dfs.core.windows.net/",
    eventHubs: {
      bootstrapServers: "frd-prod-ingest.servicebus.windows.net:9093",
      secretScope: "lakehouse",
      secretKey: "eventhubs-listen-connection-string",
      consumerGroup: "databricks",
    },
  },
  aws: {
    cloud: "aws",
    catalog: "fraud_prod",
    landingUrl: "s3://frd-prod-landing-123456789012-eu-west-1",
    kinesis: {
      region: "eu-west-1",
      serviceCredential: "fraud_prod_kinesis",
      streamNames: { "card-transactions": "frd-prod-card-transactions" },
    },
  },
};

export function spec(cloud: DatasetCloud): DatasetSpec {
  return loadDatasets(exampleDatasets(cloud), cloud);
}

export function files(
  cloud: DatasetCloud,
  ctx: PipelineSqlContext = CONTEXT[cloud],
  s = spec(cloud),
): Record<string, string> {
  return Object.fromEntries(generatePipelineSql(s, ctx).map((f: GeneratedSqlFile) => [f.name, f.content]));
}

/**
 * SQL with string literals, quoted identifiers and comments blanked out: what the parser sees as
 * keywords. Injection tests assert their payload never lands here.
 */
export function codeOnly(sql: string): string {
  let out = "";
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (char === "'" || char === "`") {
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (char === "'" && sql[j] === "\\") j++;
        else if (sql[j] === char) {
          if (char === "`" && sql[j + 1] === "`") j++;
          else break;
        }
      }
      if (j >= sql.length) throw new Error(`unterminated ${char} at ${i}`);
      out += char === "'" ? "'…'" : "`…`";
      i = j;
    } else if (char === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
      out += "\n";
    } else {
      out += char;
    }
  }
  return out;
}
