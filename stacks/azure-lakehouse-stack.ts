import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Aspects, Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedAzureEnvironment } from "../config";
import { AdlsMedallionStorage } from "../constructs/azure/adls-medallion-storage";
import { EventHubsIngest } from "../constructs/azure/event-hubs-ingest";
import { StorageEncryptionKeyVault } from "../constructs/azure/storage-encryption-key-vault";
import { environmentTagMap, layerTags } from "../constructs/core/medallion";
import { PreventDestroyAspect } from "../constructs/governance/prevent-destroy-aspect";
import { RequiredTagsAspect } from "../constructs/governance/required-tags-aspect";
import { configureBackend } from "./backend";

/** Props of {@link AzureLakehouseStack}. */
export interface AzureLakehouseStackProps {
  /** One validated Azure environment from the lakehouse config. */
  readonly environment: ResolvedAzureEnvironment;
}

/**
 * One Azure environment of the lakehouse: resource group, ADLS Gen2 medallion storage (with its CMK
 * vault in environments that ask for one) and Event Hubs ingestion. Composition only.
 *
 * Deploy-time inputs: the subscription comes from `ARM_SUBSCRIPTION_ID`, the tenant and deployer from
 * the signed-in identity (`azurerm_client_config`), and the deployer's egress IPs for the Key Vault
 * firewall from the `deployer_ip_ranges` variable.
 */
export class AzureLakehouseStack extends TerraformStack {
  readonly storage: AdlsMedallionStorage;
  readonly ingest: EventHubsIngest;
  readonly keyVault?: StorageEncryptionKeyVault;

  constructor(scope: Construct, id: string, props: AzureLakehouseStackProps) {
    super(scope, id);
    const env = props.environment;
    const namePrefix = `${env.tags.project}-${env.name}`;

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
    configureBackend(this, env);
    Aspects.of(this).add(new RequiredTagsAspect({ tags: environmentTagMap(env.tags) }));
    if (env.protectStatefulResources) Aspects.of(this).add(new PreventDestroyAspect());

    const client = new DataAzurermClientConfig(this, "Client", {});
    const deployerIpRanges = new TerraformVariable(this, "deployer_ip_ranges", {
      type: "list(string)",
      default: [],
      description:
        "Public egress ranges of whoever runs Terraform, let through the Key Vault firewall to create the storage key.",
    });

    const resourceGroup = new ResourceGroup(this, "ResourceGroup", {
      name: `${namePrefix}-rg`,
      location: env.region,
      tags: layerTags("platform"),
    });

    if (env.storage.customerManagedKey) {
      this.keyVault = new StorageEncryptionKeyVault(this, "StorageKeyVault", {
        name: env.storage.keyVaultName,
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        tenantId: client.tenantId,
        deployerObjectId: client.objectId,
        allowedIpRanges: Fn.concat([env.network.allowedPublicIpRanges, deployerIpRanges.listValue]),
      });
    }

    this.storage = new AdlsMedallionStorage(this, "Storage", {
      accountName: env.storage.accountName,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
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
      publicNetworkAccess: env.storage.publicNetworkAccess,
    });

    this.ingest = new EventHubsIngest(this, "Ingest", {
      namespaceName: env.streaming.namespaceName,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      sku: env.streaming.sku,
      capacity: env.streaming.capacity,
      autoInflateMaxThroughputUnits: env.streaming.autoInflateMaxThroughputUnits,
      consumerGroup: env.streaming.consumerGroup,
      sources: env.streaming.sources,
      allowedIpRanges: env.network.allowedPublicIpRanges,
    });

    new TerraformOutput(this, "storage_account_name", { value: this.storage.account.name });
    new TerraformOutput(this, "layer_urls", { value: this.storage.layerUrls });
    new TerraformOutput(this, "kafka_bootstrap_servers", { value: this.ingest.kafkaBootstrapServers });
  }
}
