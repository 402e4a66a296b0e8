import { MwsNccBinding } from "@cdktf/provider-databricks/lib/mws-ncc-binding";
import { MwsNccPrivateEndpointRule } from "@cdktf/provider-databricks/lib/mws-ncc-private-endpoint-rule";
import { MwsNetworkConnectivityConfig } from "@cdktf/provider-databricks/lib/mws-network-connectivity-config";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link ServerlessNetworkConnectivity}. */
export interface ServerlessNetworkConnectivityProps {
  /** NCC name (3–30 characters: letters, digits, hyphens, underscores). */
  readonly name: string;
  /** Cloud region of the workspace; an NCC serves workspaces of one region. */
  readonly region: string;
  /** Workspace the NCC is bound to (numeric id, literal or token). */
  readonly workspaceId: string | number;
  /** Account-level provider: NCCs and their bindings are account objects. */
  readonly accountProvider: TerraformProvider;
}

/**
 * A network connectivity configuration (NCC) bound to the environment's workspace. Serverless compute
 * (SQL warehouses, serverless pipelines and jobs) runs in Databricks' network, not the workspace VNet,
 * so a storage or Event Hubs firewall that only lets the workspace subnets in would block it. The NCC
 * gives serverless egress stable identities to allow instead: on Azure, Databricks-owned subnets for
 * service-endpoint rules ({@link azureServiceEndpointSubnetIds}); on AWS, stable CIDR blocks. Azure
 * resources that the service-endpoint subnets cannot reach (they serve Azure Storage) get a private
 * endpoint from serverless compute instead ({@link addAzurePrivateEndpoint}).
 *
 * @example
 * // `workspace` is the AzureDatabricksWorkspace, `accountProvider` the account-level Databricks provider.
 * new ServerlessNetworkConnectivity(this, "ServerlessConnectivity", {
 *   name: "frdlh-prod-ncc",
 *   region: "westeurope",
 *   workspaceId: workspace.workspaceId,
 *   accountProvider,
 * });
 */
export class ServerlessNetworkConnectivity extends Construct {
  readonly config: MwsNetworkConnectivityConfig;
  readonly binding: MwsNccBinding;
  /** Azure: subnet ids to add to storage and Event Hubs virtual network rules (a list token). */
  readonly azureServiceEndpointSubnetIds: string[];
  /** AWS: CIDR blocks serverless egress comes from (a list token). */
  readonly awsStableCidrBlocks: string[];

  constructor(scope: Construct, id: string, props: ServerlessNetworkConnectivityProps) {
    super(scope, id);
    this.config = new MwsNetworkConnectivityConfig(this, "Config", {
      provider: props.accountProvider,
      name: props.name,
      region: props.region,
    });
    this.binding = new MwsNccBinding(this, "Binding", {
      provider: props.accountProvider,
      networkConnectivityConfigId: this.config.networkConnectivityConfigId,
      workspaceId:
        typeof props.workspaceId === "number" ? props.workspaceId : Token.asNumber(props.workspaceId),
    });
    const defaults = this.config.egressConfig.defaultRules;
    this.azureServiceEndpointSubnetIds = defaults.azureServiceEndpointRule.subnets;
    this.awsStableCidrBlocks = defaults.awsStableIpRule.cidrBlocks;
  }

  /**
   * A private endpoint from serverless compute to an Azure resource, e.g. an Event Hubs namespace
   * (`groupId` "namespace"). NCC private endpoints accept any Azure service that supports Private Link
   * (Azure Databricks release notes, November 2024, "Private connectivity from serverless compute:
   * support for Azure managed resources"; provider docs `mws_ncc_private_endpoint_rule.md`, `group_id`).
   * The endpoint starts PENDING: the resource's owner approves the connection (portal or
   * `az network private-endpoint-connection approve`) before serverless traffic flows.
   */
  addAzurePrivateEndpoint(
    id: string,
    target: { readonly resourceId: string; readonly groupId: string },
  ): MwsNccPrivateEndpointRule {
    return new MwsNccPrivateEndpointRule(this, id, {
      provider: this.config.provider,
      networkConnectivityConfigId: this.config.networkConnectivityConfigId,
      resourceId: target.resourceId,
      groupId: target.groupId,
    });
  }
}
