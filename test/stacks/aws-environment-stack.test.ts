import { Testing } from "cdktf";
import type { ResolvedAwsEnvironment } from "../../config";
import { exampleDatasets } from "../../config/example-datasets";
import { loadDatasets } from "../../pipelines";
import { AwsEnvironmentStack } from "../../stacks/aws-environment-stack";
import { WorkspaceStack } from "../../stacks/workspace-stack";
import { buildLayers, exampleEnvironment, prepareStacks, remoteOutput } from "../support/layers";
import { dataOf, onlyResource, resourcesOf, synthJson } from "../support/terraform-json";

function awsEnvironment(name: string, edit?: (env: Record<string, unknown>) => void): ResolvedAwsEnvironment {
  return exampleEnvironment<ResolvedAwsEnvironment>(`aws-${name}`, edit);
}

/** The environment layer (`aws-<name>`). */
function synthAws(environment: ResolvedAwsEnvironment) {
  return buildLayers(environment).environment;
}

/** The workspace layer (`aws-<name>-workspace`). */
function synthWorkspace(environment: ResolvedAwsEnvironment) {
  return buildLayers(environment).workspace;
}

/** `${data.terraform_remote_state…aws-prod…<type><id>…<attribute>}` as a regex source. */
const fromProd = (typeAndId: string, attribute: string) =>
  remoteOutput("aws-prod", `${typeAndId}_\\w+${attribute}`);

describe("AwsEnvironmentStack", () => {
  test("reads account and partition at deploy time and names buckets with them", () => {
    const doc = synthAws(awsEnvironment("prod"));
    expect(Object.keys(dataOf(doc, "aws_caller_identity"))).toHaveLength(1);
    expect(Object.keys(dataOf(doc, "aws_partition"))).toHaveLength(1);
    const names = Object.values(resourcesOf(doc, "aws_s3_bucket")).map((b) => b.bucket as string);
    expect(names.sort()).toEqual(
      ["access-logs", "bronze", "checkpoints", "dbfs-root", "gold", "landing", "silver"].map(
        (part) => `frdlh-prod-${part}-\${data.aws_caller_identity.Account.account_id}-us-east-1`,
      ),
    );
  });

  test("prod locks landing objects; dev locks nothing", () => {
    const prod = Object.values(
      resourcesOf(synthAws(awsEnvironment("prod")), "aws_s3_bucket_object_lock_configuration"),
    );
    expect(prod.map((l) => l.bucket)).toEqual([
      expect.stringMatching(/aws_s3_bucket\.Storage_Landing_Bucket_\w+\.id/),
    ]);
    expect(prod[0]!.rule).toEqual({ default_retention: { days: 365, mode: "GOVERNANCE" } });
    expect(resourcesOf(synthAws(awsEnvironment("dev")), "aws_s3_bucket_object_lock_configuration")).toEqual(
      {},
    );
  });

  test("streams and buckets use different customer-managed keys", () => {
    const doc = synthAws(awsEnvironment("staging"));
    const stream = Object.values(resourcesOf(doc, "aws_kinesis_stream"))[0]!;
    const encryption = Object.values(resourcesOf(doc, "aws_s3_bucket_server_side_encryption_configuration"))
      .map((e) => JSON.stringify(e.rule))
      .find((rule) => rule.includes("aws:kms"))!;
    expect(stream.kms_key_id).toMatch(/aws_kms_key\.Ingest_StreamKey_\w+\.arn/);
    expect(encryption).toMatch(/aws_kms_key\.Storage_StorageKey_\w+\.arn/);
    expect(Object.keys(resourcesOf(doc, "aws_kms_key"))).toHaveLength(2);
  });

  test("staging and prod provision shards, dev scales on demand", () => {
    const stream = (env: string) =>
      Object.values(resourcesOf(synthAws(awsEnvironment(env)), "aws_kinesis_stream"))[0]!;
    expect(stream("staging")).toMatchObject({
      shard_count: 2,
      stream_mode_details: { stream_mode: "PROVISIONED" },
    });
    expect(stream("prod")).toMatchObject({
      shard_count: 2,
      stream_mode_details: { stream_mode: "PROVISIONED" },
    });
    expect(stream("dev").shard_count).toBeUndefined();
    expect(stream("dev").stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
  });

  test("an S3 backend keys state by stack, encrypts it and uses native S3 locking", () => {
    const doc = synthAws(
      awsEnvironment("prod", (env) => {
        env.backend = { type: "s3", bucket: "frdlh-terraform-state" };
      }),
    );
    expect(doc.terraform?.backend).toEqual({
      s3: {
        bucket: "frdlh-terraform-state",
        key: "aws-prod/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});

describe("AwsEnvironmentStack Databricks platform", () => {
  const layers = buildLayers(awsEnvironment("prod"));
  const prod = layers.environment;
  const prodWorkspace = layers.workspace;

  test("the workspace runs in a customer-managed VPC: two private subnets in two zones and its security group", () => {
    const network = onlyResource(prod, "databricks_mws_networks");
    expect(network.vpc_id).toMatch(/^\$\{aws_vpc\.WorkspaceVpc_\w+\.id\}$/);
    expect(network.subnet_ids).toEqual([
      expect.stringMatching(/aws_subnet\.WorkspaceVpc_PrivateSubnet1_\w+\.id/),
      expect.stringMatching(/aws_subnet\.WorkspaceVpc_PrivateSubnet2_\w+\.id/),
    ]);
    const zones = Object.values(resourcesOf(prod, "aws_subnet"))
      .filter((s) => String((s.tags as Record<string, string>).Name).includes("-private-"))
      .map((s) => s.availability_zone);
    expect(zones.sort()).toEqual(["us-east-1a", "us-east-1b"]);
    expect(onlyResource(prod, "databricks_mws_workspaces").network_id).toMatch(
      /databricks_mws_networks\.\w+\.network_id/,
    );
  });

  test("the Unity Catalog role (workspace layer) trusts the UC master role with the credential's external id, and itself", () => {
    const trust = Object.entries(
      dataOf(prodWorkspace, "databricks_aws_unity_catalog_assume_role_policy"),
    ).find(([id]) => id.startsWith("UnityCatalogRole_"))![1];
    const accountId = remoteOutput("aws-prod", "dataaws_caller_identityAccountaccount_id");
    expect(trust).toMatchObject({
      role_name: "frdlh-prod-unity-catalog",
      aws_account_id: expect.stringMatching(new RegExp(`^${accountId}$`)),
      external_id: expect.stringMatching(
        /databricks_storage_credential\.\w+\.aws_iam_role\[0\]\.external_id/,
      ),
    });
    const role = Object.values(resourcesOf(prodWorkspace, "aws_iam_role")).find(
      (r) => r.name === "frdlh-prod-unity-catalog",
    )!;
    expect(role.assume_role_policy).toMatch(
      /data\.databricks_aws_unity_catalog_assume_role_policy\.\w+\.json/,
    );
    // The credential names the role by ARN before the role exists (breaks the external-id cycle).
    const partition = remoteOutput("aws-prod", "dataaws_partitionPartitionpartition");
    expect(onlyResource(prodWorkspace, "databricks_storage_credential").aws_iam_role).toEqual({
      role_arn: expect.stringMatching(
        new RegExp(`^arn:${partition}:iam::${accountId}:role/frdlh-prod-unity-catalog$`),
      ),
    });
  });

  test("the role may use every layer bucket, the storage key, and assume itself", () => {
    const permissions = Object.entries(dataOf(prodWorkspace, "aws_iam_policy_document")).find(([id]) =>
      id.startsWith("UnityCatalogRole_PermissionPolicy"),
    )![1] as { statement: { sid: string; actions: string[]; resources: string[] }[] };
    const bySid = Object.fromEntries(permissions.statement.map((st) => [st.sid, st]));
    const layers = ["Landing", "Bronze", "Silver", "Gold", "Checkpoints"];
    const bucket = (layer: string) => fromProd(`aws_s3_bucketStorage_${layer}_Bucket`, "bucket");
    expect(bySid.ListLayerBuckets!.resources).toEqual(
      layers.map((layer) => expect.stringMatching(new RegExp(`s3:::${bucket(layer)}$`))),
    );
    expect(bySid.ReadWriteLayerObjects!.resources).toEqual(
      layers.map((layer) => expect.stringMatching(new RegExp(`s3:::${bucket(layer)}/\\*$`))),
    );
    expect(bySid.UseStorageKey!.resources).toEqual([
      expect.stringMatching(new RegExp(`^${fromProd("aws_kms_keyStorage_StorageKey", "arn")}$`)),
    ]);
    expect(bySid.AssumeSelf).toMatchObject({
      actions: ["sts:AssumeRole"],
      resources: [expect.stringMatching(/^\$\{aws_iam_role\.UnityCatalogRole_\w+\.arn\}$/)],
    });
  });

  test("external locations wait for the role and its policy (Databricks validates access on create)", () => {
    for (const location of Object.values(resourcesOf(prodWorkspace, "databricks_external_location"))) {
      expect(location.depends_on).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws_iam_role\.UnityCatalogRole_\w+$/),
          expect.stringMatching(/^aws_iam_role_policy\.UnityCatalogRole_Policy_\w+$/),
        ]),
      );
    }
  });

  test("the workspace root bucket logs to the access-log bucket and is protected in prod", () => {
    const root = Object.values(resourcesOf(prod, "aws_s3_bucket")).find((b) =>
      String(b.bucket).includes("-dbfs-root-"),
    )!;
    expect(root.lifecycle).toEqual({ prevent_destroy: true });
    const logging = Object.values(resourcesOf(prod, "aws_s3_bucket_logging")).find(
      (l) => l.target_prefix === "dbfs-root/",
    );
    expect(logging?.target_bucket).toMatch(/aws_s3_bucket\.Storage_AccessLogs_Bucket_\w+\.bucket/);
  });
});

describe("AwsEnvironmentStack pipelines (workspace layer)", () => {
  const dev = synthWorkspace(awsEnvironment("dev"));

  test("serverless pipelines read Kinesis through a UC service credential for the environment's stream", () => {
    expect(onlyResource(dev, "databricks_pipeline")).toMatchObject({ serverless: true, development: true });
    expect(onlyResource(dev, "databricks_credential")).toMatchObject({
      name: "fraud_lakehouse_dev_kinesis",
      purpose: "SERVICE",
      depends_on: [expect.stringMatching(/^time_sleep\.AccountAssignmentsPropagation_Sleep_\w+$/)],
    });
    const readPolicy = Object.entries(dataOf(dev, "aws_iam_policy_document")).find(([id]) =>
      id.startsWith("KinesisCredential_PermissionPolicy"),
    )![1] as { statement: { sid: string; resources: string[] }[] };
    expect(readPolicy.statement.find((s) => s.sid === "ReadStreams")!.resources).toEqual([
      expect.stringMatching(
        new RegExp(remoteOutput("aws-dev", "aws_kinesis_streamIngest_Stream-card-transactions_\\w+arn")),
      ),
    ]);
  });
});

describe("AwsEnvironmentStack online serving (workspace layer)", () => {
  test("pipelines.onlineServing publishes the onlineServing features to an online store, after the pipeline", () => {
    const doc = synthWorkspace(
      awsEnvironment("prod", (env) => {
        (env.pipelines as { onlineServing?: boolean }).onlineServing = true;
      }),
    );
    expect(onlyResource(doc, "databricks_online_store").name).toBe("frdlh-prod-features");
    expect(onlyResource(doc, "databricks_database_synced_database_table")).toMatchObject({
      name: "fraud_lakehouse_prod.gold.customer_features_online",
      spec: {
        source_table_full_name: "fraud_lakehouse_prod.gold.customer_features",
        primary_key_columns: ["customer_id"],
      },
      depends_on: expect.arrayContaining([
        expect.stringMatching(/^databricks_pipeline\.MedallionPipeline_\w+$/),
      ]),
    });
    // Served = offline: the gold table's primary key and timeseries key, all its columns.
    expect(onlyResource(doc, "databricks_database_synced_database_table").spec).toMatchObject({
      primary_key_columns: ["customer_id"],
      timeseries_key: "feature_timestamp",
    });
    // The orchestration job syncs the store after every pipeline update.
    const job = Object.values(resourcesOf(doc, "databricks_job")).find((j) =>
      String(j.name).endsWith("-orchestration"),
    )!;
    expect((job.task as { task_key: string }[]).map((t) => t.task_key)).toEqual([
      "medallion_pipeline",
      "sync_customer_features",
    ]);
    expect((job.task as Record<string, unknown>[])[1]).toMatchObject({
      depends_on: [{ task_key: "medallion_pipeline" }],
      pipeline_task: {
        pipeline_id: expect.stringMatching(
          /^\$\{databricks_database_synced_database_table\.FeatureOnlineStore_Synced-customer_features_\w+\.data_synchronization_status\.pipeline_id\}$/,
        ),
        full_refresh: false,
      },
    });
  });
});

describe("AwsEnvironmentStack database sources (workspace layer)", () => {
  test("Lakeflow Connect: connection from sensitive variables, gateway, ingestion run before the update", () => {
    const input = exampleDatasets("aws");
    input.sources[1] = {
      type: "database",
      name: "customer_changes",
      engine: "postgresql",
      connection: "crm",
      host: "crm.internal",
      database: "crm",
      schema: "public",
      table: "customers",
    };
    const customers = input.tables.find((t) => t.name === "customers")!;
    customers.columns = customers.columns.filter((c) => c.name !== "operation");
    customers.silver!.cdc = { keys: ["customer_id"], sequenceBy: "updated_at", scdType: 1 };
    const environment = awsEnvironment("prod");
    const app = Testing.app();
    const environmentStack = new AwsEnvironmentStack(app, environment.id, { environment });
    const workspaceStack = new WorkspaceStack(app, `${environment.id}-workspace`, {
      environment,
      inputs: environmentStack.workspaceLayer,
      datasets: loadDatasets(input, "aws"),
    });
    prepareStacks([environmentStack, workspaceStack]);
    const doc = synthJson(workspaceStack);
    expect(onlyResource(doc, "databricks_connection")).toMatchObject({
      name: "crm",
      connection_type: "POSTGRESQL",
      options: {
        host: "crm.internal",
        port: "5432",
        user: "${var.crm_user}",
        password: "${var.crm_password}",
      },
    });
    const variables = doc.variable as Record<string, { sensitive?: boolean }>;
    expect([variables.crm_user!.sensitive, variables.crm_password!.sensitive]).toEqual([true, true]);
    const pipelines = Object.values(resourcesOf(doc, "databricks_pipeline")).map((p) => p.name);
    expect(pipelines).toEqual(
      expect.arrayContaining(["frdlh-prod-crm-crm-gateway", "frdlh-prod-crm-crm-ingestion"]),
    );
    const job = Object.values(resourcesOf(doc, "databricks_job")).find((j) =>
      String(j.name).endsWith("-orchestration"),
    )!;
    expect((job.task as { task_key: string }[]).map((t) => t.task_key)).toEqual([
      "ingest_crm_crm",
      "medallion_pipeline",
    ]);
  });
});
