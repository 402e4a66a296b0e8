import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedAwsEnvironment } from "../config";
import { AwsBudget } from "../constructs/aws/aws-budget";
import { DatabricksAwsWorkspace } from "../constructs/aws/databricks-aws-workspace";
import { DatabricksWorkspaceVpc } from "../constructs/aws/databricks-workspace-vpc";
import { KinesisIngest } from "../constructs/aws/kinesis-ingest";
import { S3MedallionStorage } from "../constructs/aws/s3-medallion-storage";
import { MEDALLION_LAYERS, type MedallionLayer } from "../vocabulary/medallion";
import { environmentTagMap } from "../vocabulary/tags";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import type { AwsWorkspaceLayerInputs } from "./workspace-stack";

/** Props of {@link AwsEnvironmentStack}. */
export type AwsEnvironmentStackProps = EnvironmentStackProps<ResolvedAwsEnvironment>;

/**
 * The environment layer of one AWS environment, `<env>`: S3 medallion buckets with their KMS key and
 * access-log bucket, Kinesis ingestion, a Databricks workspace in a customer-managed VPC, and at
 * Databricks account level the metastore assignment. Nothing here calls the workspace itself; its
 * workspace layer ({@link WorkspaceStack}, `<env>-workspace`) reads {@link workspaceLayer}, and holds
 * the IAM roles Unity Catalog assumes. Composition only. The AWS account and partition are read at
 * deploy time from the credentials in use, the Databricks account from the `databricks_account_id`
 * variable; none is written into config.
 */
export class AwsEnvironmentStack extends EnvironmentStack<ResolvedAwsEnvironment> {
  readonly storage: S3MedallionStorage;
  readonly ingest: KinesisIngest;
  readonly vpc: DatabricksWorkspaceVpc;
  readonly workspace: DatabricksAwsWorkspace;
  readonly workspaceLayer: AwsWorkspaceLayerInputs;

  constructor(scope: Construct, id: string, props: AwsEnvironmentStackProps) {
    super(scope, id, props);
    const env = props.environment;
    // AWS names (streams, VPC, IAM roles, Databricks account objects) follow the bucket prefix
    // (config `storage.bucketPrefix`, by default `<project.prefix>-<env>`).
    const awsNamePrefix = env.storage.bucketPrefix;

    new AwsProvider(this, "Aws", { region: env.region });

    if (env.budget) {
      new AwsBudget(this, "Budget", {
        ...this.budgetSchedule(env.budget, { actual: "ACTUAL", forecasted: "FORECASTED" }),
        limitAmount: env.budget.monthlyLimit,
        currency: env.budget.currency,
        emailRecipients: env.budget.emailRecipients,
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

    this.workspace = new DatabricksAwsWorkspace(this, "Workspace", {
      databricksAccountId: this.databricksAccount.accountId,
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
      accountProvider: this.databricksAccount.provider,
    });
    this.assignWorkspace(this.workspace.workspaceId);

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
