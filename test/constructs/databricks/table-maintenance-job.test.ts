import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { SqlEndpoint } from "@cdktf/provider-databricks/lib/sql-endpoint";
import { TerraformStack, Testing } from "cdktf";
import type { MaintenanceStatement } from "../../../pipelines/sql/types";
import {
  TableMaintenanceJob,
  type TableMaintenanceJobProps,
} from "../../../constructs/databricks/table-maintenance-job";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

type Task = Record<string, unknown> & {
  task_key: string;
  depends_on?: { task_key: string }[];
  sql_task: { warehouse_id: string; file: { path: string; source: string } };
};

const TX = "fraud_lakehouse_prod.silver.transactions";
const CUSTOMERS = "fraud_lakehouse_prod.silver.customers";

// Deliberately out of order: the job orders the kinds, not the input.
const STATEMENTS: MaintenanceStatement[] = [
  {
    table: TX,
    kind: "analyze",
    sql: "ANALYZE TABLE `fraud_lakehouse_prod`.`silver`.`transactions` COMPUTE STATISTICS",
  },
  {
    table: TX,
    kind: "vacuum",
    sql: "VACUUM `fraud_lakehouse_prod`.`silver`.`transactions` RETAIN 168 HOURS;",
  },
  {
    table: TX,
    kind: "optimize",
    sql: "OPTIMIZE `fraud_lakehouse_prod`.`silver`.`transactions` ZORDER BY (`card_id`)",
  },
  {
    table: CUSTOMERS,
    kind: "vacuum",
    sql: "VACUUM `fraud_lakehouse_prod`.`silver`.`customers` RETAIN 720 HOURS",
  },
  {
    table: CUSTOMERS,
    kind: "analyze",
    sql: "ANALYZE TABLE `fraud_lakehouse_prod`.`silver`.`customers` COMPUTE STATISTICS",
  },
];

const PROPS: Omit<TableMaintenanceJobProps, "warehouseId"> = {
  name: "frdlh-prod-table-maintenance",
  statements: STATEMENTS,
  workspaceRoot: "/Shared/cdktf-lakehouse",
  schedule: { quartzCronExpression: "0 0 3 * * ?", timezoneId: "UTC" },
  failureEmails: ["data-oncall@example.com"],
  tags: { project: "frdlh", environment: "prod" },
};

/** Builds the job on a real warehouse resource, so the warehouse id is a reference. */
function build(props: Partial<TableMaintenanceJobProps> = {}): {
  json: TerraformJson;
  construct: TableMaintenanceJob;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  const warehouse = new SqlEndpoint(stack, "Warehouse", { name: "maintenance", clusterSize: "Small" });
  const construct = new TableMaintenanceJob(stack, "Maintenance", {
    ...PROPS,
    warehouseId: warehouse.id,
    ...props,
  });
  return { json: synthJson(stack), construct };
}

function tasksOf(json: TerraformJson): Task[] {
  return onlyResource(json, "databricks_job").task as Task[];
}

/** The decoded content of the workspace file a task's `file.path` references. */
function sqlOf(json: TerraformJson, task: Task): string {
  const match = /^\$\{databricks_workspace_file\.([^.]+)\.path\}$/.exec(task.sql_task.file.path);
  if (!match) throw new Error(`not a workspace file reference: ${task.sql_task.file.path}`);
  const file = resourcesOf(json, "databricks_workspace_file")[match[1]!]!;
  return Buffer.from(file.content_base64 as string, "base64").toString("utf8");
}

describe("TableMaintenanceJob", () => {
  test("one SQL file task per table and kind, on the warehouse, from the workspace", () => {
    const { json } = build();
    const tasks = tasksOf(json);
    expect(tasks.map((t) => t.task_key)).toEqual(
      [
        "analyze_fraud_lakehouse_prod_silver_transactions",
        "vacuum_fraud_lakehouse_prod_silver_transactions",
        "optimize_fraud_lakehouse_prod_silver_transactions",
        "vacuum_fraud_lakehouse_prod_silver_customers",
        "analyze_fraud_lakehouse_prod_silver_customers",
      ].sort((a, b) => order(a) - order(b)),
    );
    for (const t of tasks) {
      expect(t.sql_task.warehouse_id).toMatch(/^\$\{databricks_sql_endpoint\.[^.]+\.id\}$/);
      expect(t.sql_task.file.source).toBe("WORKSPACE");
    }
    const byKey = Object.fromEntries(tasks.map((t) => [t.task_key, sqlOf(json, t)]));
    expect(byKey).toEqual({
      optimize_fraud_lakehouse_prod_silver_transactions:
        "OPTIMIZE `fraud_lakehouse_prod`.`silver`.`transactions` ZORDER BY (`card_id`);\n",
      vacuum_fraud_lakehouse_prod_silver_transactions:
        "VACUUM `fraud_lakehouse_prod`.`silver`.`transactions` RETAIN 168 HOURS;\n",
      analyze_fraud_lakehouse_prod_silver_transactions:
        "ANALYZE TABLE `fraud_lakehouse_prod`.`silver`.`transactions` COMPUTE STATISTICS;\n",
      vacuum_fraud_lakehouse_prod_silver_customers:
        "VACUUM `fraud_lakehouse_prod`.`silver`.`customers` RETAIN 720 HOURS;\n",
      analyze_fraud_lakehouse_prod_silver_customers:
        "ANALYZE TABLE `fraud_lakehouse_prod`.`silver`.`customers` COMPUTE STATISTICS;\n",
    });
    const paths = Object.values(resourcesOf(json, "databricks_workspace_file")).map((file) => file.path);
    expect(paths).toContain(
      "/Shared/cdktf-lakehouse/frdlh-prod-table-maintenance/fraud_lakehouse_prod_silver_transactions.optimize.sql",
    );
  });

  test("per table OPTIMIZE → VACUUM → ANALYZE; later steps run even if an earlier one failed", () => {
    const tasks = Object.fromEntries(tasksOf(build().json).map((t) => [t.task_key, t]));
    const tx = "fraud_lakehouse_prod_silver_transactions";
    expect(tasks[`optimize_${tx}`]!.depends_on).toBeUndefined();
    expect(tasks[`vacuum_${tx}`]).toMatchObject({
      depends_on: [{ task_key: `optimize_${tx}` }],
      run_if: "ALL_DONE",
    });
    expect(tasks[`analyze_${tx}`]).toMatchObject({
      depends_on: [{ task_key: `vacuum_${tx}` }],
      run_if: "ALL_DONE",
    });
    // No OPTIMIZE for customers (e.g. predictive optimization): VACUUM starts its chain.
    const customers = "fraud_lakehouse_prod_silver_customers";
    expect(tasks[`vacuum_${customers}`]!.depends_on).toBeUndefined();
    expect(tasks[`analyze_${customers}`]!.depends_on).toEqual([{ task_key: `vacuum_${customers}` }]);
  });

  test("several statements of one kind on one table share a file, in the given order", () => {
    const { json } = build({
      statements: [
        { table: TX, kind: "optimize", sql: "OPTIMIZE a" },
        { table: TX, kind: "optimize", sql: "OPTIMIZE b;" },
      ],
    });
    const tasks = tasksOf(json);
    expect(tasks).toHaveLength(1);
    expect(sqlOf(json, tasks[0]!)).toBe("OPTIMIZE a;\nOPTIMIZE b;\n");
  });

  test("schedule, one run at a time, retries, timeouts, failure notifications, tags", () => {
    const { json } = build({ retries: { maxRetries: 1 }, permissions: { runners: ["data-engineers"] } });
    const job = onlyResource(json, "databricks_job");
    expect(job).toMatchObject({
      name: "frdlh-prod-table-maintenance",
      schedule: { quartz_cron_expression: "0 0 3 * * ?", timezone_id: "UTC", pause_status: "UNPAUSED" },
      max_concurrent_runs: 1,
      timeout_seconds: 14400,
      email_notifications: { on_failure: ["data-oncall@example.com"] },
      tags: { environment: "prod", project: "frdlh" },
    });
    for (const t of tasksOf(json)) {
      expect(t).toMatchObject({ max_retries: 1, min_retry_interval_millis: 300000, timeout_seconds: 7200 });
    }
    expect(onlyResource(json, "databricks_permissions").access_control).toEqual([
      { group_name: "data-engineers", permission_level: "CAN_MANAGE_RUN" },
    ]);
  });

  test("no statements: no job, no files", () => {
    const { json, construct } = build({ statements: [] });
    expect(construct.job).toBeUndefined();
    expect(construct.jobId).toBeUndefined();
    expect(construct.steps).toEqual([]);
    expect(resourcesOf(json, "databricks_job")).toEqual({});
    expect(resourcesOf(json, "databricks_workspace_file")).toEqual({});
  });

  test("rejects bad input with the field named", () => {
    expect(() => build({ schedule: { quartzCronExpression: "every night" } })).toThrow(
      /quartzCronExpression/,
    );
    expect(() => build({ failureEmails: [] })).toThrow(/TableMaintenanceJob\.failureEmails/);
    expect(() => build({ workspaceRoot: "relative" })).toThrow(/workspaceRoot/);
    expect(() => build({ statements: [{ table: TX, kind: "optimize", sql: " " }] })).toThrow(
      /empty optimize/,
    );
    expect(() =>
      build({
        statements: [
          { table: "a.b_c", kind: "optimize", sql: "OPTIMIZE x" },
          { table: "a_b.c", kind: "optimize", sql: "OPTIMIZE y" },
        ],
      }),
    ).toThrow(/both map to task key 'optimize_a_b_c'/);
  });

  test("every reference resolves", () => {
    expect(unresolvedReferences(build({ permissions: { managers: ["admins"] } }).json)).toEqual([]);
  });
});

/** Expected task order: tables in first-seen order, then OPTIMIZE, VACUUM, ANALYZE. */
function order(taskKey: string): number {
  const table = taskKey.endsWith("transactions") ? 0 : 1;
  const kind = ["optimize", "vacuum", "analyze"].indexOf(taskKey.split("_")[0]!);
  return table * 10 + kind;
}
