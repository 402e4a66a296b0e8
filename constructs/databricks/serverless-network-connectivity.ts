import { MwsNccBinding } from "@cdktf/provider-databricks/lib/mws-ncc-binding";
import { MwsNccPrivateEndpointRule } from "@cdktf/provider-databricks/lib/mws-ncc-private-endpoint-rule";
import { MwsNetworkConnectivityConfig } from "@cdktf/provider-databricks/lib/mws-network-connectivity-config";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { pascalCase } from "../core/logical-ids";

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
  /**
   * Azure: private endpoints Databricks creates from its serverless network to these resources (one
   * `databricks_mws_ncc_private_endpoint_rule` per group id), keyed by a name for the rule's logical
   * id, e.g. `{ storage: { resourceId: <account id>, groupIds: ["blob", "dfs"] } }`. Needed when the
   * resource has public network access off.
   *
   * Each endpoint arrives as a PENDING private endpoint connection on the resource and carries no
   * traffic until approved (Azure portal: the resource → Networking → Private endpoint connections →
   * Approve; or `az network private-endpoint-connection approve --id <connection id>`). Nothing here
   * approves it: approve after the first deploy of this layer, before serverless compute needs the
   * resource (README runbook). The rule's `connection_state` output shows PENDING / ESTABLISHED.
   * @default none
   */
  readonly privateEndpointRules?: Readonly<
    Record<string, { readonly resourceId: string; readonly groupIds: readonly string[] }>
  >;
}

/**
 * A network connectivity configuration (NCC) bound to the environment's workspace. Serverless compute
 * (SQL warehouses, serverless pipelines and jobs) runs in Databricks' network, not the workspace VNet,
 * so a storage or Event Hubs firewall that only lets the workspace subnets in would block it. The NCC
 * gives serverless egress stable identities to allow instead: on Azure, Databricks-owned subnets for
 * service-endpoint rules ({@link azureServiceEndpointSubnetIds}); on AWS, stable CIDR blocks.
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
  /** Azure private endpoint rules (each needs approval on its resource, see `privateEndpointRules`). */
  get privateEndpointRules(): readonly MwsNccPrivateEndpointRule[] {
    return [...this.rules];
  }
  private readonly rules: MwsNccPrivateEndpointRule[] = [];
  private readonly accountProvider: TerraformProvider;

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
    this.accountProvider = props.accountProvider;
    for (const [name, target] of Object.entries(props.privateEndpointRules ?? {})) {
      this.addPrivateEndpointRules(name, target.resourceId, target.groupIds);
    }
    const defaults = this.config.egressConfig.defaultRules;
    this.azureServiceEndpointSubnetIds = defaults.azureServiceEndpointRule.subnets;
    this.awsStableCidrBlocks = defaults.awsStableIpRule.cidrBlocks;
  }

  /**
   * Azure: a private endpoint rule per group id from serverless compute to `resourceId`, as in
   * `privateEndpointRules` (for resources built after the NCC, such as a storage account whose
   * firewall needs the NCC's subnets). Each connection must be approved on the resource.
   */
  addPrivateEndpointRules(
    name: string,
    resourceId: string,
    groupIds: readonly string[],
  ): readonly MwsNccPrivateEndpointRule[] {
    const added = [...new Set(groupIds)].map(
      (groupId) =>
        new MwsNccPrivateEndpointRule(this, `${pascalCase(name)}${pascalCase(groupId)}PrivateEndpointRule`, {
          provider: this.accountProvider,
          networkConnectivityConfigId: this.config.networkConnectivityConfigId,
          // group_id is a free-form string in provider and SDK (mws/resource_mws_ncc_private_endpoint_rule.go at v1.99.0).
          resourceId,
          groupId,
        }),
    );
    this.rules.push(...added);
    return added;
  }
}
