import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedAwsEnvironment } from "../config";
import { AwsBudget } from "../constructs/aws/aws-budget";
import { DatabricksAwsWorkspace } from "../constructs/aws/databricks-aws-workspace";
import { DatabricksWorkspaceVpc } from "../constructs/aws/databricks-workspace-vpc";
import { KinesisIngest } from "../constructs/aws/kinesis-ingest";
import { KinesisServiceCredential } from "../constructs/aws/kinesis-service-credential";
import { S3MedallionStorage } from "../constructs/aws/s3-medallion-storage";
import { UnityCatalogAwsRole } from "../constructs/aws/unity-catalog-aws-role";
import { MEDALLION_LAYERS, type MedallionLayer } from "../vocabulary/medallion";
import { environmentTagMap } from "../vocabulary/tags";
import type { LakehouseGuardrails } from "../constructs/core/lakehouse-guardrails";
import type { DatasetSpec } from "../pipelines";
import {
  addDatabricksAccountProvider,
  addDatabricksPlatform,
  adminGroupOf,
  type DatabricksPlatform,
  groupNamesOf,
} from "./databricks-platform";
import { addEnvironmentBaseline } from "./environment-baseline";
import { addMedallionPipelines, type MedallionPipelines } from "./medallion-pipelines";

/** Props of {@link AwsLakehouseStack}. */
export interface AwsLakehouseStackProps {
  /** One validated AWS environment from the lakehouse config. */
  readonly environment: ResolvedAwsEnvironment;
  /** The cloud's validated dataset spec; with the environment's `pipelines` settings it deploys the pipelines. @default none */
  readonly datasets?: DatasetSpec;
}

/**
 * One AWS environment of the lakehouse: S3 medallion buckets with their KMS key and access-log bucket,
 * Kinesis ingestion, a Databricks workspace in a customer-managed VPC, and Unity Catalog (through an
 * IAM role it assumes), cluster policies and a SQL warehouse. Composition only. The AWS account and
 * partition are read at deploy time from the credentials in use, the Databricks account from the
 * `databricks_account_id` variable; none is written into config.
 */
export class AwsLakehouseStack extends TerraformStack {
  readonly storage: S3MedallionStorage;
  readonly ingest: KinesisIngest;
  readonly vpc: DatabricksWorkspaceVpc;
  readonly workspace: DatabricksAwsWorkspace;
  readonly unityCatalogRole: UnityCatalogAwsRole;
  readonly databricks: DatabricksPlatform;
  /** Policy checks run on every synth; `guardrails.evaluate()` returns the report. */
  readonly guardrails: LakehouseGuardrails;
  /** Present when the environment configures pipelines and the cloud has a dataset spec. */
  readonly pipelines?: MedallionPipelines;

  constructor(scope: Construct, id: string, props: AwsLakehouseStackProps) {
    super(scope, id);
    const env = props.environment;
    // AWS names (streams, VPC, IAM roles, Databricks account objects) follow the bucket prefix
    // (config `storage.bucketPrefix`, by default `<project.prefix>-<env>`).
    const awsNamePrefix = env.storage.bucketPrefix;

    new AwsProvider(this, "Aws", { region: env.region });
    this.guardrails = addEnvironmentBaseline(this, env);

    if (env.budget) {
      new AwsBudget(this, "Budget", {
        name: `${env.shortNamePrefix}-monthly`,
        limitAmount: env.budget.monthlyLimit,
        currency: env.budget.currency,
        emailRecipients: env.budget.emailRecipients,
        startDate: env.budget.startDate,
        alerts: env.budget.alerts?.map((a) => ({
          thresholdPercent: a.percent,
          type: a.on === "forecasted" ? "FORECASTED" : "ACTUAL",
        })),
        costFilterTag: { key: "environment", value: env.tags.environment },
      });
    }

    const account = new DataAwsCallerIdentity(this, "Account", {});
    const partition = new DataAwsPartition(this, "Partition", {});
    const accountId = account.accountId;

    this.storage = new S3MedallionStorage(this, "Storage", {
      bucketPrefix: env.storage.bucketPrefix,
      accountId,
      partition: partition.partition,
      region: env.region,
      noncurrentVersionDays: env.storage.noncurrentVersionDays,
      deltaNoncurrentVersions: env.storage.deltaNoncurrentVersions,
      accessLogRetentionDays: env.storage.accessLogRetentionDays,
      tiering: env.storage.tiering,
      objectLock: env.storage.objectLock,
      kmsDeletionWindowDays: env.storage.kmsDeletionWindowDays,
    });

    this.ingest = new KinesisIngest(this, "Ingest", {
      resourceNamePrefix: awsNamePrefix,
      mode: env.streaming.mode,
      sources: env.streaming.sources,
      accountId,
      partition: partition.partition,
      region: env.region,
      kmsDeletionWindowDays: env.storage.kmsDeletionWindowDays,
    });

    const subnets = env.network.subnets;
    const [zoneA, zoneB] = env.databricks.availabilityZones;
    const privateLink = env.databricks.privateLink;
    this.vpc = new DatabricksWorkspaceVpc(this, "WorkspaceVpc", {
      resourceNamePrefix: awsNamePrefix,
      cidrBlock: env.network.cidr,
      privateSubnets: [
        { cidrBlock: subnets.privateA!, availabilityZone: zoneA },
        { cidrBlock: subnets.privateB!, availabilityZone: zoneB },
      ],
      publicSubnet: { cidrBlock: subnets.public!, availabilityZone: zoneA },
      secondPublicSubnet:
        env.databricks.natGateways === "per-zone"
          ? { cidrBlock: subnets.publicB!, availabilityZone: zoneB }
          : undefined,
      endpointPolicies: { awsAccountId: accountId, partition: partition.partition },
      interfaceEndpoints: env.databricks.interfaceEndpoints,
      privateLink: privateLink && {
        subnet: { cidrBlock: subnets.privateLink!, availabilityZone: zoneA },
        workspaceServiceName: privateLink.workspaceServiceName,
        relayServiceName: privateLink.relayServiceName,
        frontEndClientCidrs: privateLink.frontEndClientCidrs,
      },
    });

    const { provider: accountProvider, accountId: databricksAccountId } = addDatabricksAccountProvider(
      this,
      "aws",
    );
    this.workspace = new DatabricksAwsWorkspace(this, "Workspace", {
      databricksAccountId,
      awsAccountId: accountId,
      region: env.region,
      workspaceName: env.databricks.workspaceName,
      resourceNamePrefix: awsNamePrefix,
      rootBucketName: `${awsNamePrefix}-dbfs-root-${accountId}-${env.region}`,
      network: this.vpc.workspaceNetwork,
      partition: partition.partition,
      pricingTier: env.databricks.pricingTier,
      customTags: environmentTagMap(env.tags),
      // The access-log bucket accepts logs from every `<bucketPrefix>-*` bucket of this account.
      rootBucketAccessLogs: {
        bucketName: this.storage.accessLogBucket.bucketName,
        prefix: "dbfs-root/",
      },
      privateLink: privateLink && { publicAccessEnabled: privateLink.publicAccess },
      customerManagedKeys: env.databricks.customerManagedKeys
        ? { deletionWindowDays: env.storage.kmsDeletionWindowDays }
        : undefined,
      accountProvider,
    });

    const workspaceProvider = new DatabricksProvider(this, "DatabricksWorkspace", {
      host: this.workspace.workspaceUrl,
    });

    // The storage credential needs the role's ARN, and the role's trust needs the credential's
    // external id: the ARN is computed from the name, and the locations wait for the role.
    const roleName = `${awsNamePrefix}-unity-catalog`;
    const layerUrls = Object.fromEntries(
      MEDALLION_LAYERS.map((layer) => [layer, `s3://${this.storage.layerBuckets[layer].bucketName}/`]),
    ) as Record<MedallionLayer, string>;
    this.databricks = addDatabricksPlatform(this, env, {
      workspaceId: this.workspace.workspaceId,
      accountProvider,
      workspaceProvider,
      storageCredential: {
        kind: "aws-iam-role",
        roleArn: UnityCatalogAwsRole.arnFor(roleName, accountId, partition.partition),
      },
      layerUrls,
    });
    this.unityCatalogRole = new UnityCatalogAwsRole(this, "UnityCatalogRole", {
      roleName,
      awsAccountId: accountId,
      externalId: this.databricks.unityCatalog.awsExternalId!,
      bucketNames: MEDALLION_LAYERS.map((layer) => this.storage.layerBuckets[layer].bucketName),
      kmsKeyArn: this.storage.kmsKey.keyArn,
      partition: partition.partition,
      databricksProvider: accountProvider,
    });
    this.databricks.unityCatalog.dependOn(...this.unityCatalogRole.ready);

    if (props.datasets && env.pipelines) {
      const kinesisCredentialName = `${env.databricks.catalogName}_kinesis`;
      const kinesisCredential = new KinesisServiceCredential(this, "KinesisCredential", {
        credentialName: kinesisCredentialName,
        roleName: `${awsNamePrefix}-kinesis-read`,
        awsAccountId: accountId,
        streamArns: Object.values(this.ingest.streams).map((stream) => stream.arn),
        kmsKeyArn: this.ingest.kmsKey.keyArn,
        // Only the identity the pipelines run as reads the streams (engineers' pipelines in dev).
        users: env.pipelines.runAsServicePrincipal
          ? [env.pipelines.runAsServicePrincipal]
          : groupNamesOf(env.databricks, env.databricks.clusterPolicy.users.pipelines),
        owner: adminGroupOf(env),
        workspaceId: this.workspace.workspaceId,
        partition: partition.partition,
        workspaceProvider,
        dependsOn: [this.databricks.unityCatalog.metastoreAssignment],
      });
      this.pipelines = addMedallionPipelines(this, env, props.datasets, {
        workspaceProvider,
        landingUrl: layerUrls.landing,
        warehouseId: this.databricks.warehouse.warehouseId,
        pipelinePolicyId: this.databricks.clusterPolicies.policyIds.pipelines,
        pipelineDependencies: [
          ...Object.values(this.databricks.unityCatalog.schemas),
          ...Object.values(this.databricks.unityCatalog.grants),
          kinesisCredential.credential,
        ],
        kinesis: {
          serviceCredential: kinesisCredentialName,
          streamNames: this.ingest.streamNames,
        },
      });
    }

    new TerraformOutput(this, "layer_buckets", {
      value: Object.fromEntries(MEDALLION_LAYERS.map((l) => [l, this.storage.layerBuckets[l].bucketName])),
    });
    new TerraformOutput(this, "storage_kms_key_arn", { value: this.storage.kmsKey.keyArn });
    new TerraformOutput(this, "stream_arns", {
      value: Object.fromEntries(Object.entries(this.ingest.streams).map(([name, s]) => [name, s.arn])),
    });
    new TerraformOutput(this, "workspace_url", { value: this.workspace.workspaceUrl });
    new TerraformOutput(this, "catalog_name", { value: this.databricks.unityCatalog.catalog.name });
    new TerraformOutput(this, "sql_warehouse_id", { value: this.databricks.warehouse.warehouse.id });
  }
}
