import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedAwsEnvironment } from "../config";
import { AwsBudget } from "../constructs/aws/aws-budget";
import { DatabricksAwsWorkspace } from "../constructs/aws/databricks-aws-workspace";
import { DatabricksWorkspaceVpc } from "../constructs/aws/databricks-workspace-vpc";
import { KinesisIngest } from "../constructs/aws/kinesis-ingest";
import { S3MedallionStorage } from "../constructs/aws/s3-medallion-storage";
import { MEDALLION_LAYERS, type MedallionLayer } from "../vocabulary/medallion";
import { environmentTagMap } from "../vocabulary/tags";
import type { LakehouseGuardrails } from "../constructs/core/lakehouse-guardrails";
import {
  addAccountLevelDatabricks,
  addDatabricksAccountProvider,
  type AccountLevelDatabricks,
} from "./databricks-account";
import { addEnvironmentBaseline } from "./environment-baseline";
import type { AwsWorkspaceLayerInputs } from "./workspace-stack";

/** Props of {@link AwsEnvironmentStack}. */
export interface AwsEnvironmentStackProps {
  /** One validated AWS environment from the lakehouse config. */
  readonly environment: ResolvedAwsEnvironment;
  /**
   * Id of the metastore a {@link MetastoreStack} creates for the environment's region (a token: the
   * reference makes that stack deploy first).
   * @default the region's metastore, looked up (or `databricks.metastore.id`)
   */
  readonly metastoreId?: string;
}

/**
 * The environment layer of one AWS environment, `<env>`: S3 medallion buckets with their KMS key and
 * access-log bucket, Kinesis ingestion, a Databricks workspace in a customer-managed VPC, and at
 * Databricks account level the metastore assignment. Nothing here calls the workspace itself; its
 * workspace layer ({@link WorkspaceStack}, `<env>-workspace`) reads {@link workspaceLayer}, and holds
 * the IAM roles Unity Catalog assumes. Composition only. The AWS account and partition are read at
 * deploy time from the credentials in use, the Databricks account from the `databricks_account_id`
 * variable; none is written into config.
 */
export class AwsEnvironmentStack extends TerraformStack {
  readonly storage: S3MedallionStorage;
  readonly ingest: KinesisIngest;
  readonly vpc: DatabricksWorkspaceVpc;
  readonly workspace: DatabricksAwsWorkspace;
  /** Account-level Databricks: the metastore assignment and the workspace's identity assignments. */
  readonly account: AccountLevelDatabricks;
  /** Policy checks run on every synth; `guardrails.evaluate()` returns the report. */
  readonly guardrails: LakehouseGuardrails;
  /** What the environment's workspace layer is built from. */
  readonly workspaceLayer: AwsWorkspaceLayerInputs;

  constructor(scope: Construct, id: string, props: AwsEnvironmentStackProps) {
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

    this.account = addAccountLevelDatabricks(this, env, {
      workspaceId: this.workspace.workspaceId,
      accountProvider,
      createdMetastoreId: props.metastoreId,
    });

    const layerUrls = Object.fromEntries(
      MEDALLION_LAYERS.map((layer) => [layer, `s3://${this.storage.layerBuckets[layer].bucketName}/`]),
    ) as Record<MedallionLayer, string>;
    this.workspaceLayer = {
      cloud: "aws",
      workspaceUrl: this.workspace.workspaceUrl,
      workspaceId: this.workspace.workspaceId,
      accountAssignments: this.account.assignments,
      layerUrls,
      awsAccountId: accountId,
      partition: partition.partition,
      resourceNamePrefix: awsNamePrefix,
      layerBucketNames: Object.fromEntries(
        MEDALLION_LAYERS.map((layer) => [layer, this.storage.layerBuckets[layer].bucketName]),
      ) as Record<MedallionLayer, string>,
      storageKmsKeyArn: this.storage.kmsKey.keyArn,
      streamArns: Object.values(this.ingest.streams).map((stream) => stream.arn),
      streamNames: this.ingest.streamNames,
      streamKmsKeyArn: this.ingest.kmsKey.keyArn,
    };

    new TerraformOutput(this, "layer_buckets", {
      value: Object.fromEntries(MEDALLION_LAYERS.map((l) => [l, this.storage.layerBuckets[l].bucketName])),
    });
    new TerraformOutput(this, "storage_kms_key_arn", { value: this.storage.kmsKey.keyArn });
    new TerraformOutput(this, "stream_arns", {
      value: Object.fromEntries(Object.entries(this.ingest.streams).map(([name, s]) => [name, s.arn])),
    });
    new TerraformOutput(this, "workspace_url", { value: this.workspace.workspaceUrl });
  }
}
