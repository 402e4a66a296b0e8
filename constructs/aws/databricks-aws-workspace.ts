import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsBucketPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { MwsCredentials } from "@cdktf/provider-databricks/lib/mws-credentials";
import { MwsCustomerManagedKeys } from "@cdktf/provider-databricks/lib/mws-customer-managed-keys";
import { MwsNetworks } from "@cdktf/provider-databricks/lib/mws-networks";
import { MwsPrivateAccessSettings } from "@cdktf/provider-databricks/lib/mws-private-access-settings";
import { MwsStorageConfigurations } from "@cdktf/provider-databricks/lib/mws-storage-configurations";
import { MwsVpcEndpoint } from "@cdktf/provider-databricks/lib/mws-vpc-endpoint";
import { MwsWorkspaces } from "@cdktf/provider-databricks/lib/mws-workspaces";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import { DATABRICKS_AWS_ACCOUNT_ID, type DatabricksWorkspaceNetwork } from "./databricks-workspace-vpc";
import { suppressGuardrails } from "../core/guardrail-suppressions";
import { PropagationDelay } from "../core/propagation-delay";
import { HardenedS3Bucket } from "./hardened-s3-bucket";

/** Back-end PrivateLink settings of a {@link DatabricksAwsWorkspace}. */
export interface DatabricksAwsWorkspacePrivateLinkProps {
  /**
   * Whether the workspace stays reachable from the internet (web UI, REST API). `false` leaves
   * front-end PrivateLink only: users and the runner of workspace-level Terraform reach it through a
   * registered endpoint (here the workspace VPC's REST API endpoint, admitted for
   * `frontEndClientCidrs` of the VPC's `privateLink`), so nobody else can.
   */
  readonly publicAccessEnabled: boolean;
}

/** Props of {@link DatabricksAwsWorkspace}. */
export interface DatabricksAwsWorkspaceProps {
  /** Databricks account id (a Terraform variable token: never a literal in code or config). */
  readonly databricksAccountId: string;
  /** AWS account id the workspace runs in (a token from `aws_caller_identity` is expected). */
  readonly awsAccountId: string;
  /** AWS region of the workspace and its VPC, e.g. `us-east-1`. */
  readonly region: string;
  /** Workspace name shown in the account console, e.g. `frdlh-prod`. */
  readonly workspaceName: string;
  /**
   * Prefix of the names of the IAM role and the Databricks account objects (credentials, storage
   * configuration, network, VPC endpoints), e.g. `frdlh-prod`.
   */
  readonly resourceNamePrefix: string;
  /** Globally unique name of the root (workspace storage) bucket. */
  readonly rootBucketName: string;
  /** The customer-managed VPC, e.g. `DatabricksWorkspaceVpc.workspaceNetwork`. */
  readonly network: DatabricksWorkspaceNetwork;
  /**
   * AWS partition (`aws`, `aws-us-gov`; a token from `aws_partition` is expected).
   * @default the Databricks data sources' default, `aws`
   */
  readonly partition?: string;
  /**
   * Scope of the cross-account role's policy. `restricted` limits the EC2 permissions to this AWS
   * account, region, VPC and security group (the role then serves this workspace only); `customer`
   * is Databricks' broader customer-managed-VPC policy and weakens least privilege.
   * @default "restricted"
   */
  readonly crossAccountPolicyScope?: "restricted" | "customer";
  /**
   * Pricing tier. Back-end PrivateLink needs `ENTERPRISE`.
   * @default not set: the account's default tier
   */
  readonly pricingTier?: "PREMIUM" | "ENTERPRISE";
  /**
   * Tags Databricks puts on every cluster's EC2 instances and volumes of the workspace (cost
   * attribution). Databricks cannot remove a custom tag once set, only change its value.
   * @default none
   */
  readonly customTags?: Record<string, string>;
  /**
   * Where S3 server access logs of the root bucket go.
   * @default no access logging
   */
  readonly rootBucketAccessLogs?: { readonly bucketName: string; readonly prefix: string };
  /**
   * Days an overwritten or deleted root bucket object version is kept.
   * @default 30
   */
  readonly rootBucketNoncurrentVersionDays?: number;
  /**
   * Registers the VPC's PrivateLink endpoints (`network.privateLinkEndpoints`) with Databricks and
   * attaches private access settings. Requires `network.privateLinkEndpoints`.
   * @default no PrivateLink
   */
  readonly privateLink?: DatabricksAwsWorkspacePrivateLinkProps;
  /**
   * Customer-managed keys, registered with Databricks (`databricks_mws_customer_managed_keys`): one for
   * managed services (notebooks, secrets, SQL queries in the control plane) and one for workspace
   * storage (the root bucket, which then defaults to SSE-KMS with it, and the clusters' EBS volumes).
   * Key policies as in the Databricks docs and SRA (`cmk.tf`): Databricks' account may use them only
   * for this Databricks account (`aws:PrincipalTag/DatabricksAccountId`), the cross-account role only
   * through EC2 for EBS. Needs `pricingTier: "ENTERPRISE"`; set at workspace creation.
   * @default Databricks-managed keys, and an SSE-S3 root bucket
   */
  readonly customerManagedKeys?: {
    /** Days before a scheduled key deletion takes effect. @default 30 */
    readonly deletionWindowDays?: number;
    /** Databricks' AWS account. @default "414351767826" (commercial) */
    readonly databricksAwsAccountId?: string;
    /** This AWS account's principal that administers the keys. @default the account root (IAM decides) */
    readonly adminArn?: string;
  };
  /**
   * Account-level Databricks provider (host `https://accounts.cloud.databricks.com`) for the `mws_*`
   * resources and data sources. It must set `account_id`: `databricks_mws_credentials` takes the
   * account from the provider (this construct leaves its optional `account_id` unset).
   * @default the scope's default `databricks` provider
   */
  readonly accountProvider?: TerraformProvider;
}

/**
 * A Databricks workspace on AWS in a customer-managed VPC, created at account level: the cross-account
 * IAM role Databricks assumes to launch clusters, the root bucket, the credentials, storage and network
 * configurations, and the workspace; optionally back-end PrivateLink.
 *
 * The IAM and bucket policies come from the Databricks provider's data sources, so they follow
 * Databricks' published requirements (principal account, actions) without copying them here.
 *
 * @example
 * // `vpc` is a DatabricksWorkspaceVpc, `caller` a DataAwsCallerIdentity, `accountId` the
 * // databricks_account_id variable and `accountProvider` the account-level Databricks provider.
 * new DatabricksAwsWorkspace(this, "Workspace", {
 *   databricksAccountId: accountId.stringValue,
 *   awsAccountId: caller.accountId,
 *   region: "eu-west-1",
 *   workspaceName: "frdlh-prod-dbw",
 *   resourceNamePrefix: "frdlh-prod",
 *   rootBucketName: `frdlh-prod-dbfs-root-${caller.accountId}-eu-west-1`,
 *   network: vpc.workspaceNetwork,
 *   customTags: { project: "fraud-lakehouse", environment: "prod" },
 *   accountProvider,
 * });
 */
export class DatabricksAwsWorkspace extends Construct {
  readonly crossAccountRole: IamRole;
  readonly crossAccountRolePolicy: IamRolePolicy;
  readonly rootBucket: HardenedS3Bucket;
  readonly credentials: MwsCredentials;
  readonly storageConfiguration: MwsStorageConfigurations;
  readonly networkConfiguration: MwsNetworks;
  readonly workspace: MwsWorkspaces;
  /** Registered REST API endpoint, when `privateLink` is set. */
  readonly restApiVpcEndpoint?: MwsVpcEndpoint;
  /** Registered SCC relay endpoint, when `privateLink` is set. */
  readonly relayVpcEndpoint?: MwsVpcEndpoint;
  readonly privateAccessSettings?: MwsPrivateAccessSettings;
  /** Managed-services and workspace-storage keys, when `customerManagedKeys` is set. */
  readonly managedServicesKey?: KmsKey;
  readonly workspaceStorageKey?: KmsKey;
  /** Their Databricks registrations (`databricks_mws_customer_managed_keys`). */
  readonly customerManagedKeyConfigurations?: {
    readonly managedServices: MwsCustomerManagedKeys;
    readonly storage: MwsCustomerManagedKeys;
  };
  /** `https://…cloud.databricks.com` URL, for a workspace-level provider. */
  readonly workspaceUrl: string;
  /** Numeric workspace id, for metastore assignment and permission assignments. */
  readonly workspaceId: number;

  constructor(scope: Construct, id: string, props: DatabricksAwsWorkspaceProps) {
    super(scope, id);
    if (props.privateLink && !props.network.privateLinkEndpoints) {
      throw new Error(
        "DatabricksAwsWorkspace: privateLink is set but network.privateLinkEndpoints is missing (create the VPC with privateLink)",
      );
    }
    if (props.privateLink && props.pricingTier === "PREMIUM") {
      throw new Error("DatabricksAwsWorkspace: PrivateLink requires pricingTier 'ENTERPRISE', got 'PREMIUM'");
    }
    if (props.customerManagedKeys && props.pricingTier !== "ENTERPRISE") {
      throw new Error(
        `DatabricksAwsWorkspace: customerManagedKeys require pricingTier 'ENTERPRISE', got '${props.pricingTier ?? "not set"}'`,
      );
    }
    const provider = props.accountProvider;
    const accountId = props.databricksAccountId;
    const scopeOfPolicy = props.crossAccountPolicyScope ?? "restricted";

    // --- Cross-account role: Databricks' control plane assumes it, with our account id as external id.
    const assumeRolePolicy = new DataDatabricksAwsAssumeRolePolicy(this, "AssumeRolePolicy", {
      provider,
      externalId: accountId,
      awsPartition: props.partition,
    });
    const crossAccountPolicy = new DataDatabricksAwsCrossaccountPolicy(this, "CrossAccountPolicy", {
      provider,
      policyType: scopeOfPolicy,
      awsPartition: props.partition,
      ...(scopeOfPolicy === "restricted"
        ? {
            awsAccountId: props.awsAccountId,
            region: props.region,
            vpcId: props.network.vpcId,
            securityGroupId: props.network.securityGroupId,
          }
        : {}),
    });
    this.crossAccountRole = new IamRole(this, "CrossAccountRole", {
      name: `${props.resourceNamePrefix}-databricks-crossaccount`,
      description: "Assumed by the Databricks control plane to run clusters in the workspace VPC",
      assumeRolePolicy: assumeRolePolicy.json,
      tags: layerTags("platform"),
    });
    // Inline: the policy belongs to this role only and goes away with it.
    this.crossAccountRolePolicy = new IamRolePolicy(this, "CrossAccountRolePolicy", {
      name: "databricks-crossaccount",
      role: this.crossAccountRole.id,
      policy: crossAccountPolicy.json,
    });

    // --- Workspace keys (ENTERPRISE): created before the root bucket, which then defaults to the storage key.
    if (props.customerManagedKeys) {
      const keys = props.customerManagedKeys;
      const partition = props.partition ?? "aws";
      const databricksRoot = `arn:${partition}:iam::${keys.databricksAwsAccountId ?? DATABRICKS_AWS_ACCOUNT_ID}:root`;
      const admin = keys.adminArn ?? `arn:${partition}:iam::${props.awsAccountId}:root`;
      const forThisAccount = [
        { test: "StringEquals", variable: "aws:PrincipalTag/DatabricksAccountId", values: [accountId] },
      ];
      const administer = {
        sid: "AccountAdministersKeyThroughIam",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [admin] }],
        actions: ["kms:*"],
        resources: ["*"],
      };
      const key = (
        keyId: string,
        purpose: string,
        statements: DataAwsIamPolicyDocumentStatement[],
      ): KmsKey => {
        const policy = new DataAwsIamPolicyDocument(this, `${keyId}Policy`, {
          statement: [administer, ...statements],
        });
        const kmsKey = new KmsKey(this, keyId, {
          description: `Databricks ${purpose} of ${props.workspaceName} (customer-managed)`,
          enableKeyRotation: true,
          rotationPeriodInDays: 365,
          deletionWindowInDays: keys.deletionWindowDays ?? 30,
          policy: policy.json,
          tags: layerTags("platform"),
        });
        new KmsAlias(this, `${keyId}Alias`, {
          name: `alias/${props.resourceNamePrefix}-databricks-${purpose.replace(/ /g, "-")}`,
          targetKeyId: kmsKey.keyId,
        });
        return kmsKey;
      };
      this.managedServicesKey = key("ManagedServicesKey", "managed services", [
        {
          sid: "DatabricksControlPlaneManagedServices",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [databricksRoot] }],
          actions: ["kms:Encrypt", "kms:Decrypt"],
          resources: ["*"],
          condition: forThisAccount,
        },
      ]);
      this.workspaceStorageKey = key("WorkspaceStorageKey", "workspace storage", [
        {
          sid: "DatabricksRootBucket",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [databricksRoot] }],
          actions: [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
          ],
          resources: ["*"],
          condition: forThisAccount,
        },
        {
          sid: "ClusterEbsVolumes",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [this.crossAccountRole.arn] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
          resources: ["*"],
          condition: [
            { test: "ForAnyValue:StringLike", variable: "kms:ViaService", values: ["ec2.*.amazonaws.com"] },
          ],
        },
      ]);
    }

    // --- Root bucket: workspace system data (DBFS root, logs); lakehouse data lives in the layer buckets.
    // With a workspace storage key it defaults to SSE-KMS with that key (as in the SRA); without one,
    // SSE-S3: Databricks writes from its own account and could not use a key not registered with it.
    this.rootBucket = new HardenedS3Bucket(this, "RootBucket", {
      bucketName: props.rootBucketName,
      encryption: this.workspaceStorageKey
        ? { type: "kms", keyArn: this.workspaceStorageKey.arn }
        : { type: "s3-managed" },
      layer: "platform",
      accessLogs: props.rootBucketAccessLogs,
      noncurrentVersionDays: props.rootBucketNoncurrentVersionDays ?? 30,
    });
    if (!this.workspaceStorageKey) {
      // The guardrail wants SSE-KMS with our CMK; Databricks writes this bucket from its own account and
      // can only use a CMK registered as a workspace storage key (ENTERPRISE tier). No lakehouse data
      // lives here: the medallion layers are Unity Catalog external locations on the CMK buckets.
      suppressGuardrails(this.rootBucket, [
        {
          ruleId: "LH-S3-003",
          reason:
            "DBFS root bucket: Databricks writes it from its own account and cannot use the lakehouse CMK without a workspace storage CMK (ENTERPRISE tier); it holds workspace system data, not lakehouse data, and is SSE-S3, versioned, TLS-only, logged and private.",
        },
      ]);
    }
    const databricksBucketPolicy = new DataDatabricksAwsBucketPolicy(this, "RootBucketDatabricksPolicy", {
      provider,
      bucket: this.rootBucket.bucketName,
      // Restricts Databricks' access to requests made for this Databricks account.
      databricksE2AccountId: accountId,
      awsPartition: props.partition,
    });
    // A bucket has one policy: merge Databricks' statements into the hardened bucket's own (TLS-only)
    // document instead of adding a second aws_s3_bucket_policy that would overwrite it.
    const mergedPolicy = new DataAwsIamPolicyDocument(this, "RootBucketPolicy", {
      sourcePolicyDocuments: [this.rootBucket.policy.policyInput!, databricksBucketPolicy.json],
    });
    this.rootBucket.policy.policy = mergedPolicy.json;

    // --- Account-level configurations.
    this.credentials = new MwsCredentials(this, "Credentials", {
      provider,
      credentialsName: `${props.resourceNamePrefix}-credentials`,
      roleArn: this.crossAccountRole.arn,
      // Databricks validates the role's permissions on creation: the policy must be attached first.
      // Databricks validates the role on create; IAM changes take a while to be visible to it (the SRA
      // waits 30 s here, 60 s before Unity Catalog; guardrail LH-DEP-006 asks 60 s of every such delay).
      dependsOn: [
        new PropagationDelay(this, "CrossAccountRolePropagation", {
          after: [this.crossAccountRole, this.crossAccountRolePolicy],
        }).ready,
      ],
    });
    this.storageConfiguration = new MwsStorageConfigurations(this, "StorageConfiguration", {
      provider,
      accountId,
      storageConfigurationName: `${props.resourceNamePrefix}-storage`,
      bucketName: this.rootBucket.bucketName,
      // Databricks checks its access to the bucket: the policy must be in place.
      dependsOn: [this.rootBucket.policy],
    });

    let vpcEndpoints: { restApi: string[]; dataplaneRelay: string[] } | undefined;
    if (props.privateLink) {
      const endpoints = props.network.privateLinkEndpoints!;
      const register = (endpointId: string, name: string, awsVpcEndpointId: string): MwsVpcEndpoint =>
        new MwsVpcEndpoint(this, endpointId, {
          provider,
          accountId,
          vpcEndpointName: `${props.resourceNamePrefix}-${name}`,
          awsVpcEndpointId,
          region: props.region,
        });
      this.restApiVpcEndpoint = register("RestApiVpcEndpoint", "rest-api", endpoints.restApiEndpointId);
      this.relayVpcEndpoint = register("RelayVpcEndpoint", "scc-relay", endpoints.relayEndpointId);
      vpcEndpoints = {
        restApi: [this.restApiVpcEndpoint.vpcEndpointId],
        dataplaneRelay: [this.relayVpcEndpoint.vpcEndpointId],
      };
      this.privateAccessSettings = new MwsPrivateAccessSettings(this, "PrivateAccessSettings", {
        provider,
        accountId,
        privateAccessSettingsName: `${props.resourceNamePrefix}-private-access`,
        region: props.region,
        publicAccessEnabled: props.privateLink.publicAccessEnabled,
      });
    }

    if (this.managedServicesKey && this.workspaceStorageKey) {
      const register = (keyId: string, key: KmsKey, useCase: string): MwsCustomerManagedKeys =>
        new MwsCustomerManagedKeys(this, keyId, {
          provider,
          accountId,
          awsKeyInfo: { keyArn: key.arn },
          useCases: [useCase],
        });
      this.customerManagedKeyConfigurations = {
        managedServices: register(
          "ManagedServicesKeyConfiguration",
          this.managedServicesKey,
          "MANAGED_SERVICES",
        ),
        storage: register("WorkspaceStorageKeyConfiguration", this.workspaceStorageKey, "STORAGE"),
      };
    }

    this.networkConfiguration = new MwsNetworks(this, "Network", {
      provider,
      accountId,
      networkName: `${props.resourceNamePrefix}-network`,
      vpcId: props.network.vpcId,
      subnetIds: [...props.network.subnetIds],
      securityGroupIds: [props.network.securityGroupId],
      vpcEndpoints,
    });

    this.workspace = new MwsWorkspaces(this, "Workspace", {
      provider,
      accountId,
      workspaceName: props.workspaceName,
      awsRegion: props.region,
      credentialsId: this.credentials.credentialsId,
      storageConfigurationId: this.storageConfiguration.storageConfigurationId,
      networkId: this.networkConfiguration.networkId,
      privateAccessSettingsId: this.privateAccessSettings?.privateAccessSettingsId,
      managedServicesCustomerManagedKeyId:
        this.customerManagedKeyConfigurations?.managedServices.customerManagedKeyId,
      storageCustomerManagedKeyId: this.customerManagedKeyConfigurations?.storage.customerManagedKeyId,
      pricingTier: props.pricingTier,
      customTags: props.customTags,
    });
    this.workspaceUrl = this.workspace.workspaceUrl;
    this.workspaceId = this.workspace.workspaceId;
  }
}
