import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  LakeflowDatabaseIngestion,
  type LakeflowDatabaseIngestionProps,
} from "../../../constructs/databricks/lakeflow-database-ingestion";
import { onlyResource, resourcesOf, synthJson, unresolvedReferences } from "../../support/terraform-json";

type Props = Omit<LakeflowDatabaseIngestionProps, "connections"> & {
  connections?: LakeflowDatabaseIngestionProps["connections"];
};

function build(overrides: Partial<Props> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  const variable = (id: string) =>
    new TerraformVariable(stack, id, { type: "string", sensitive: true }).stringValue;
  const construct = new LakeflowDatabaseIngestion(stack, "Ingestion", {
    namePrefix: "lh-prod",
    catalog: "lh_prod",
    connections: [
      {
        name: "core_banking",
        connectionType: "SQLSERVER",
        host: "sql.internal",
        port: 1433,
        user: variable("core_banking_user"),
        password: variable("core_banking_password"),
      },
    ],
    tables: [
      {
        connection: "core_banking",
        database: "core",
        schema: "dbo",
        table: "Customers",
        destinationTable: "customers",
        primaryKeys: ["customer_id"],
        sequenceBy: "updated_at",
        excludeColumns: ["ssn"],
      },
      {
        connection: "core_banking",
        database: "core",
        schema: "dbo",
        table: "Merchants",
        destinationTable: "merchants",
        primaryKeys: ["merchant_id"],
        sequenceBy: "updated_at",
      },
    ],
    tags: { project: "lh", environment: "prod" },
    failureEmails: ["oncall@example.com"],
    ...overrides,
  } as LakeflowDatabaseIngestionProps);
  return { json: synthJson(stack), construct };
}

describe("LakeflowDatabaseIngestion", () => {
  test("a UC connection whose user and password are references to sensitive variables", () => {
    const { json } = build();
    expect(onlyResource(json, "databricks_connection")).toMatchObject({
      name: "core_banking",
      connection_type: "SQLSERVER",
      options: {
        host: "sql.internal",
        port: "1433",
        user: "${var.core_banking_user}",
        password: "${var.core_banking_password}",
      },
    });
    expect((json.variable as Record<string, { sensitive: boolean }>).core_banking_password!.sensitive).toBe(
      true,
    );
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("literal credentials are rejected", () => {
    expect(() =>
      build({
        connections: [
          {
            name: "core_banking",
            connectionType: "SQLSERVER",
            host: "h",
            port: 1433,
            user: "sa",
            password: "hunter2",
          },
        ],
      }),
    ).toThrow("LakeflowDatabaseIngestion.connections.user: must be a Terraform reference");
  });

  test("one gateway per database, staging in the destination schema", () => {
    const { json } = build();
    const pipelines = Object.values(resourcesOf(json, "databricks_pipeline"));
    const gateway = pipelines.find((p) => p.gateway_definition)!;
    expect(gateway).toMatchObject({
      name: "lh-prod-core-banking-core-gateway",
      gateway_definition: {
        connection_name: expect.stringMatching(
          /^\$\{databricks_connection\.Ingestion_Connection-core_banking_\w+\.name\}$/,
        ),
        gateway_storage_catalog: "lh_prod",
        gateway_storage_schema: "bronze",
        gateway_storage_name: "core_banking_core_gateway_staging",
      },
      tags: { environment: "prod", project: "lh" },
    });
    expect(pipelines.filter((p) => p.gateway_definition)).toHaveLength(1);
  });

  test("an ingestion pipeline writes each table to bronze with full history, keyed and sequenced by the spec", () => {
    const { json } = build();
    const ingestion = Object.values(resourcesOf(json, "databricks_pipeline")).find(
      (p) => p.ingestion_definition,
    )!;
    expect(ingestion.catalog).toBeUndefined();
    expect(ingestion.library).toBeUndefined();
    expect(ingestion.ingestion_definition).toEqual({
      ingestion_gateway_id: expect.stringMatching(
        /^\$\{databricks_pipeline\.Ingestion_Gateway-core-banking-core_\w+\.id\}$/,
      ),
      objects: [
        {
          table: {
            source_catalog: "core",
            source_schema: "dbo",
            source_table: "Customers",
            destination_catalog: "lh_prod",
            destination_schema: "bronze",
            destination_table: "customers",
            table_configuration: {
              scd_type: "SCD_TYPE_2",
              primary_keys: ["customer_id"],
              sequence_by: ["updated_at"],
              exclude_columns: ["ssn"],
            },
          },
        },
        {
          table: {
            source_catalog: "core",
            source_schema: "dbo",
            source_table: "Merchants",
            destination_catalog: "lh_prod",
            destination_schema: "bronze",
            destination_table: "merchants",
            table_configuration: {
              scd_type: "SCD_TYPE_2",
              primary_keys: ["merchant_id"],
              sequence_by: ["updated_at"],
            },
          },
        },
      ],
    });
  });

  test("exposes the ingestion pipelines as job tasks", () => {
    const { construct } = build();
    expect(construct.ingestionTasks.map((t) => t.name)).toEqual(["core_banking_core"]);
  });

  test("a table names a declared connection", () => {
    expect(() =>
      build({
        tables: [
          {
            connection: "crm",
            schema: "public",
            table: "accounts",
            destinationTable: "accounts",
            primaryKeys: ["id"],
            sequenceBy: "updated_at",
          },
        ],
      }),
    ).toThrow('LakeflowDatabaseIngestion.tables.connection: "crm" is not a connection (core_banking)');
  });
});
