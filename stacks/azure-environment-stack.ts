import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Fn, TerraformOutput, TerraformVariable, Token } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedAzureEnvironment } from "../config";
import { AdlsMedallionStorage } from "../constructs/azure/adls-medallion-storage";
import { AzureConsumptionBudget } from "../constructs/azure/azure-consumption-budget";
import { AzureDatabricksWorkspace } from "../constructs/azure/azure-databricks-workspace";
import { DatabricksWorkspaceNetwork } from "../constructs/azure/databricks-workspace-network";
import { EventHubsIngest } from "../constructs/azure/event-hubs-ingest";
import { StorageEncryptionKeyVault } from "../constructs/azure/storage-encryption-key-vault";
import { UnityCatalogAccessConnector } from "../constructs/azure/unity-catalog-access-connector";
import { ServerlessNetworkConnectivity } from "../constructs/databricks/serverless-network-connectivity";
import { layerTags } from "../vocabulary/tags";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import type { AzureWorkspaceLayerInputs } from "./workspace-stack";
import { sourceKind, type DatasetSpec } from "../pipelines";

/** Props of {@link AzureEnvironmentStack}. */
export interface AzureEnvironmentStackProps extends EnvironmentStackProps<ResolvedAzureEnvironment> {
  /**
   * The dataset spec the environment's pipelines run (bound to Azure): serverless pipelines that read
   * Event Hubs get a private endpoint to the namespace from the serverless network.
   * @default none
   */
  readonly datasets?: DatasetSpec;
}

/**
 * The environment layer of one Azure environment, `<env>`: resource group, ADLS Gen2 medallion storage
 * (with its CMK vault in environments that ask for one), Event Hubs ingestion, a VNet-injected
 * Databricks workspace with its private endpoints, the Unity Catalog access connector, and at
 * Databricks account level the metastore assignment and the serverless network connectivity. Nothing
 * here calls the workspace itself, so it runs from anywhere with Azure and account access; its
 * workspace layer ({@link WorkspaceStack}, `<env>-workspace`) reads {@link workspaceLayer}.
 * Composition only.
 *
 * Deploy-time inputs: the subscription comes from `ARM_SUBSCRIPTION_ID`, the tenant and deployer from
 * the signed-in identity (`azurerm_client_config`), the Databricks account from
 * `databricks_account_id`, and (with workspace CMKs) the AzureDatabricks application's object id from
 * `azure_databricks_object_id`. The Key Vault firewall admits the config's stable
 * `network.allowedPublicIpRanges` (the runner's egress) and its private endpoint.
 */
export class AzureEnvironmentStack extends EnvironmentStack<ResolvedAzureEnvironment> {
  readonly storage: AdlsMedallionStorage;
  readonly ingest: EventHubsIngest;
  readonly network: DatabricksWorkspaceNetwork;
  readonly workspace: AzureDatabricksWorkspace;
  readonly accessConnector: UnityCatalogAccessConnector;
  readonly serverless: ServerlessNetworkConnectivity;
  /** The vault of the storage account's customer-managed key, in environments that ask for one. */
  readonly keyVault?: StorageEncryptionKeyVault;
  readonly workspaceLayer: AzureWorkspaceLayerInputs;

  constructor(scope: Construct, id: string, props: AzureEnvironmentStackProps) {
    super(scope, id, props);
    const env = props.environment;

    new AzurermProvider(this, "Azure", {
      features: [
        {
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          // Manage the account through Resource Manager only; its data plane sits behind the firewall.
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
      storageUseAzuread: true,
    });

    const client = new DataAzurermClientConfig(this, "Client", {});

    const resourceGroup = new ResourceGroup(this, "ResourceGroup", {
      name: `${env.fullNamePrefix}-rg`,
      location: env.region,
      tags: layerTags("platform"),
    });
    if (env.budget) {
      new AzureConsumptionBudget(this, "Budget", {
        ...this.budgetSchedule(env.budget, { actual: "Actual", forecasted: "Forecasted" }),
        resourceGroupId: resourceGroup.id,
        amount: env.budget.monthlyLimit,
        contactEmails: env.budget.emailRecipients,
      });
    }
    const location = resourceGroup.location;
    const resourceGroupName = resourceGroup.name;

    const subnets = env.network.subnets;
    // Private endpoints: the workspace's, the storage account's (public access off) and the vault's.
    const needsPrivateEndpoints =
      env.databricks.privateEndpoints || !env.storage.publicNetworkAccess || env.storage.customerManagedKey;
    this.network = new DatabricksWorkspaceNetwork(this, "WorkspaceNetwork", {
      name: env.shortNamePrefix,
      resourceGroupName,
      location,
      cidr: env.network.cidr,
      hostSubnetCidr: subnets.host!,
      containerSubnetCidr: subnets.container!,
      privateEndpointSubnetCidr: needsPrivateEndpoints ? subnets.privateEndpoints : undefined,
    });
    const privateEndpointPlacement = this.network.privateEndpointPlacement;

    if (env.storage.customerManagedKey) {
      this.keyVault = new StorageEncryptionKeyVault(this, "StorageKeyVault", {
        name: env.storage.keyVaultName,
        resourceGroupName,
        location,
        tenantId: client.tenantId,
        deployerObjectId: client.objectId,
        // Stable runner ranges from config (README runbook), never an address passed in per run.
        allowedIpRanges: env.network.allowedPublicIpRanges,
        publicNetworkAccess: env.storage.keyVaultPublicNetworkAccess,
        privateEndpoint: privateEndpointPlacement,
      });
    }
    const workspaceSubnetIds = [this.network.hostSubnet.id, this.network.containerSubnet.id];

    const accessConnector = (this.accessConnector = new UnityCatalogAccessConnector(
      this,
      "UnityCatalogAccessConnector",
      {
        name: `${env.shortNamePrefix}-uc-connector`,
        resourceGroupName,
        location,
      },
    ));

    const key = this.keyVault?.key;
    const workspaceKeys =
      env.databricks.customerManagedKeys && key
        ? {
            managedServices: { keyVaultKeyId: key.id, grantScope: key.resourceVersionlessId },
            managedDisks: { keyVaultKeyId: key.id, grantScope: key.resourceVersionlessId },
            dbfsRoot: { keyVaultKeyId: key.id, grantScope: key.resourceVersionlessId },
            azureDatabricksObjectId: new TerraformVariable(this, "azure_databricks_object_id", {
              type: "string",
              description:
                "Object id, in this tenant, of the AzureDatabricks enterprise application (README: Deploy one environment).",
            }).stringValue,
          }
        : undefined;
    this.workspace = new AzureDatabricksWorkspace(this, "Workspace", {
      name: env.databricks.workspaceName,
      resourceGroupName,
      location,
      network: this.network.injection,
      privateEndpoints:
        env.databricks.privateEndpoints && privateEndpointPlacement
          ? {
              ...privateEndpointPlacement,
              // Bring-your-own zone (e.g. a hub's, linked to the runners' network) or a new one here.
              privateDnsZoneId: env.databricks.privateDnsZoneId,
            }
          : undefined,
      customerManagedKeys: workspaceKeys,
    });

    // Serverless compute (SQL warehouse, serverless pipelines) reaches storage from Databricks'
    // network: its NCC subnets join the workspace subnets in the storage firewall.
    const serverless = (this.serverless = new ServerlessNetworkConnectivity(this, "ServerlessConnectivity", {
      name: `${env.shortNamePrefix}-ncc`,
      region: env.region,
      workspaceId: this.workspace.workspaceId,
      accountProvider: this.databricksAccount.provider,
    }));
    this.assignWorkspace(this.workspace.workspaceId);

    this.storage = new AdlsMedallionStorage(this, "Storage", {
      accountName: env.storage.accountName,
      resourceGroupName,
      location,
      replication: env.storage.replication,
      softDeleteDays: env.storage.softDeleteDays,
      tiering: env.storage.tiering,
      immutability: env.storage.immutability,
      customerManagedKey: this.keyVault && {
        keyVaultKeyId: this.keyVault.key.versionlessId,
        userAssignedIdentityId: this.keyVault.identity.id,
        grant: this.keyVault.encryptionRoleAssignment,
      },
      allowedIpRanges: env.network.allowedPublicIpRanges,
      allowedSubnetIds: Token.asList(
        Fn.concat([workspaceSubnetIds, serverless.azureServiceEndpointSubnetIds]),
      ),
      dataContributors: [
        { resourceId: accessConnector.connectorId, principalId: accessConnector.principalId },
      ],
      publicNetworkAccess: env.storage.publicNetworkAccess,
      privateEndpoints: env.storage.publicNetworkAccess ? undefined : privateEndpointPlacement,
    });
    if (!env.storage.publicNetworkAccess) {
      // Serverless compute reaches the private account through NCC private endpoints (approve them).
      serverless.addPrivateEndpointRules("storage", this.storage.account.id, ["blob", "dfs"]);
    }

    this.ingest = new EventHubsIngest(this, "Ingest", {
      namespaceName: env.streaming.namespaceName,
      resourceGroupName,
      location,
      sku: env.streaming.sku,
      capacity: env.streaming.capacity,
      autoInflateMaxThroughputUnits: env.streaming.autoInflateMaxThroughputUnits,
      consumerGroup: env.streaming.consumerGroup,
      sources: env.streaming.sources,
      allowedIpRanges: env.network.allowedPublicIpRanges,
      allowedSubnetIds: workspaceSubnetIds,
    });

    // Serverless pipelines read Event Hubs through a private endpoint from the serverless network
    // (the namespace firewall admits the workspace subnets only); it must be approved on the namespace.
    // NCC private endpoints accept any Azure service that supports Private Link (Azure Databricks
    // release notes, November 2024, "Private connectivity from serverless compute: support for Azure
    // managed resources"); Event Hubs' sub-resource (group id) is "namespace".
    const serverlessReadsEventHubs =
      env.pipelines?.compute.kind === "serverless" &&
      (props.datasets?.sources ?? []).some(
        (source) => sourceKind(source).infrastructure.serverlessPrivateEndpoint === "event-hubs-namespace",
      );
    if (serverlessReadsEventHubs) {
      serverless.addPrivateEndpointRules("eventHubs", this.ingest.namespace.id, ["namespace"]);
    }

    this.workspaceLayer = {
      cloud: "azure",
      workspaceUrl: this.workspace.workspaceUrl,
      workspaceId: this.workspace.workspaceId,
      workspaceResourceId: this.workspace.workspace.id,
      accountAssignments: this.account.assignments,
      layerUrls: this.storage.layerUrls,
      accessConnectorId: accessConnector.connectorId,
      eventHubs: {
        bootstrapServers: this.ingest.kafkaBootstrapServers,
        consumerGroup: env.streaming.consumerGroup,
        connectionString: this.ingest.listenRule.primaryConnectionString,
      },
    };

    new TerraformOutput(this, "storage_account_name", { value: this.storage.account.name });
    new TerraformOutput(this, "layer_urls", { value: this.storage.layerUrls });
    new TerraformOutput(this, "kafka_bootstrap_servers", { value: this.ingest.kafkaBootstrapServers });
    new TerraformOutput(this, "workspace_url", { value: this.workspace.workspaceUrl });
  }
}
