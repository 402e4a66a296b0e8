import { TerraformOutput } from "cdktf";
import {
  DatabricksWorkspaceNetwork,
  type DatabricksWorkspaceNetworkProps,
} from "../../../constructs/azure/databricks-workspace-network";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { AZURE_DEV_NETWORK_PROPS, azureTestStack } from "../../support/stacks";

// The network under test is AZURE_DEV_NETWORK_PROPS (test/support/stacks.ts), the one the Azure
// workspace test builds too: "lake-dev-dbw" in rg-lake-dev, westeurope; VNet 10.20.0.0/20, host subnet
// 10.20.0.0/24, container subnet 10.20.1.0/24.

function build(overrides: Partial<DatabricksWorkspaceNetworkProps> = {}): {
  json: TerraformJson;
  network: DatabricksWorkspaceNetwork;
} {
  const stack = azureTestStack();
  const network = new DatabricksWorkspaceNetwork(stack, "Network", {
    ...AZURE_DEV_NETWORK_PROPS,
    ...overrides,
  });
  return { json: synthJson(stack), network };
}

/** Logical id of the resource whose `name` is `name`. */
function idByName(json: TerraformJson, type: string, name: string): string {
  const match = Object.entries(resourcesOf(json, type)).find(([, body]) => body.name === name);
  if (!match) throw new Error(`no ${type} named ${name}`);
  return match[0];
}

function databricksSubnets(json: TerraformJson): Record<string, unknown>[] {
  const subnets = resourcesOf(json, "azurerm_subnet");
  return [
    subnets[idByName(json, "azurerm_subnet", "lake-dev-dbw-host")]!,
    subnets[idByName(json, "azurerm_subnet", "lake-dev-dbw-container")]!,
  ];
}

describe("DatabricksWorkspaceNetwork", () => {
  test("the VNet has the configured address space and both Databricks subnets sit in it", () => {
    const { json } = build();
    const vnetId = idByName(json, "azurerm_virtual_network", "lake-dev-dbw-vnet");
    expect(onlyResource(json, "azurerm_virtual_network").address_space).toEqual(["10.20.0.0/20"]);
    const [host, container] = databricksSubnets(json);
    expect(host!.address_prefixes).toEqual(["10.20.0.0/24"]);
    expect(container!.address_prefixes).toEqual(["10.20.1.0/24"]);
    for (const subnet of [host!, container!]) {
      expect(subnet.virtual_network_name).toBe(`\${azurerm_virtual_network.${vnetId}.name}`);
      expect(subnet.default_outbound_access_enabled).toBe(false);
    }
  });

  test("both subnets are delegated to Microsoft.Databricks/workspaces with the actions Azure requires", () => {
    const { json } = build();
    for (const subnet of databricksSubnets(json)) {
      expect(subnet.delegation).toEqual([
        {
          name: "databricks",
          service_delegation: {
            name: "Microsoft.Databricks/workspaces",
            actions: [
              "Microsoft.Network/virtualNetworks/subnets/join/action",
              "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
              "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
            ],
          },
        },
      ]);
    }
  });

  test("both subnets have the Storage and EventHub service endpoints", () => {
    const { json } = build();
    for (const subnet of databricksSubnets(json)) {
      expect(subnet.service_endpoints).toEqual(["Microsoft.Storage", "Microsoft.EventHub"]);
    }
  });

  test("one NSG, without rules of ours, is associated with both subnets", () => {
    const { json } = build();
    const nsgId = idByName(json, "azurerm_network_security_group", "lake-dev-dbw-nsg");
    expect(onlyResource(json, "azurerm_network_security_group")).not.toHaveProperty("security_rule");
    const hostId = idByName(json, "azurerm_subnet", "lake-dev-dbw-host");
    const containerId = idByName(json, "azurerm_subnet", "lake-dev-dbw-container");
    const associations = Object.values(
      resourcesOf(json, "azurerm_subnet_network_security_group_association"),
    );
    expect(associations).toHaveLength(2);
    expect(associations.map((a) => a.subnet_id).sort()).toEqual(
      [`\${azurerm_subnet.${hostId}.id}`, `\${azurerm_subnet.${containerId}.id}`].sort(),
    );
    for (const a of associations) {
      expect(a.network_security_group_id).toBe(`\${azurerm_network_security_group.${nsgId}.id}`);
    }
  });

  test("a Standard NAT gateway with a static Standard public IP serves both subnets", () => {
    const { json } = build();
    const nat = onlyResource(json, "azurerm_nat_gateway");
    expect(nat.sku_name).toBe("Standard");
    const ip = onlyResource(json, "azurerm_public_ip");
    expect(ip).toMatchObject({ sku: "Standard", allocation_method: "Static" });
    const natId = idByName(json, "azurerm_nat_gateway", "lake-dev-dbw-nat");
    const ipId = idByName(json, "azurerm_public_ip", "lake-dev-dbw-nat-ip");
    expect(onlyResource(json, "azurerm_nat_gateway_public_ip_association")).toEqual({
      nat_gateway_id: `\${azurerm_nat_gateway.${natId}.id}`,
      public_ip_address_id: `\${azurerm_public_ip.${ipId}.id}`,
    });
    const hostId = idByName(json, "azurerm_subnet", "lake-dev-dbw-host");
    const containerId = idByName(json, "azurerm_subnet", "lake-dev-dbw-container");
    const natAssociations = Object.values(resourcesOf(json, "azurerm_subnet_nat_gateway_association"));
    expect(natAssociations.map((a) => a.subnet_id).sort()).toEqual(
      [`\${azurerm_subnet.${hostId}.id}`, `\${azurerm_subnet.${containerId}.id}`].sort(),
    );
    for (const a of natAssociations) expect(a.nat_gateway_id).toBe(`\${azurerm_nat_gateway.${natId}.id}`);
  });

  test("no private-endpoint subnet unless its CIDR is given", () => {
    const { json, network } = build();
    expect(Object.keys(resourcesOf(json, "azurerm_subnet"))).toHaveLength(2);
    expect(network.privateEndpointSubnet).toBeUndefined();
    expect(network.privateEndpointPlacement).toBeUndefined();
  });

  test("the private-endpoint placement is that subnet in this VNet", () => {
    const stack = azureTestStack();
    const network = new DatabricksWorkspaceNetwork(stack, "Network", {
      ...AZURE_DEV_NETWORK_PROPS,
      privateEndpointSubnetCidr: "10.20.2.0/27",
    });
    new TerraformOutput(stack, "placement", { value: network.privateEndpointPlacement });
    const json = synthJson(stack);
    expect(json.output!.placement!.value).toEqual({
      subnetId: `\${azurerm_subnet.${idByName(json, "azurerm_subnet", "lake-dev-dbw-private-endpoints")}.id}`,
      virtualNetworkId: `\${azurerm_virtual_network.${idByName(json, "azurerm_virtual_network", "lake-dev-dbw-vnet")}.id}`,
    });
  });

  test("the private-endpoint subnet is not delegated, has no NAT or NSG, and network policies default to Disabled", () => {
    const { json, network } = build({ privateEndpointSubnetCidr: "10.20.2.0/27" });
    expect(network.privateEndpointSubnet).toBeDefined();
    const peId = idByName(json, "azurerm_subnet", "lake-dev-dbw-private-endpoints");
    const subnet = resourcesOf(json, "azurerm_subnet")[peId]!;
    expect(subnet.address_prefixes).toEqual(["10.20.2.0/27"]);
    expect(subnet.private_endpoint_network_policies).toBe("Disabled");
    expect(subnet).not.toHaveProperty("delegation");
    const ref = `\${azurerm_subnet.${peId}.id}`;
    for (const type of [
      "azurerm_subnet_nat_gateway_association",
      "azurerm_subnet_network_security_group_association",
    ]) {
      expect(Object.values(resourcesOf(json, type)).map((a) => a.subnet_id)).not.toContain(ref);
    }
  });

  test("the private-endpoint network policies can be enabled", () => {
    const { json } = build({
      privateEndpointSubnetCidr: "10.20.2.0/27",
      privateEndpointNetworkPolicies: "Enabled",
    });
    const peId = idByName(json, "azurerm_subnet", "lake-dev-dbw-private-endpoints");
    expect(resourcesOf(json, "azurerm_subnet")[peId]!.private_endpoint_network_policies).toBe("Enabled");
  });

  test("the injection values reference the VNet, the subnet names and the NSG associations", () => {
    const stack = azureTestStack();
    const network = new DatabricksWorkspaceNetwork(stack, "Network", AZURE_DEV_NETWORK_PROPS);
    const { dependencies, ...values } = network.injection;
    new TerraformOutput(stack, "injection", { value: values });
    const json = synthJson(stack);
    const vnetId = idByName(json, "azurerm_virtual_network", "lake-dev-dbw-vnet");
    const hostId = idByName(json, "azurerm_subnet", "lake-dev-dbw-host");
    const containerId = idByName(json, "azurerm_subnet", "lake-dev-dbw-container");
    const associations = resourcesOf(json, "azurerm_subnet_network_security_group_association");
    const associationOf = (subnetId: string): string =>
      Object.entries(associations).find(([, a]) => a.subnet_id === `\${azurerm_subnet.${subnetId}.id}`)![0];
    expect(json.output!.injection!.value).toEqual({
      virtualNetworkId: `\${azurerm_virtual_network.${vnetId}.id}`,
      publicSubnetName: `\${azurerm_subnet.${hostId}.name}`,
      privateSubnetName: `\${azurerm_subnet.${containerId}.name}`,
      publicSubnetNetworkSecurityGroupAssociationId: `\${azurerm_subnet_network_security_group_association.${associationOf(hostId)}.id}`,
      privateSubnetNetworkSecurityGroupAssociationId: `\${azurerm_subnet_network_security_group_association.${associationOf(containerId)}.id}`,
    });
    // The workspace waits for both NSG associations, both NAT associations and the NAT's public IP.
    expect(dependencies).toHaveLength(5);
    expect(dependencies).toEqual(
      expect.arrayContaining([network.hostSubnetNsgAssociation, network.containerSubnetNsgAssociation]),
    );
  });

  test("Databricks subnets smaller than /26 are rejected with the field name", () => {
    expect(() => build({ hostSubnetCidr: "10.20.0.0/27" })).toThrow(
      "Network.hostSubnetCidr: '10.20.0.0/27' is too small; Azure Databricks VNet injection needs at least a /26",
    );
    expect(() => build({ containerSubnetCidr: "10.20.1.0/28" })).toThrow(/containerSubnetCidr/);
    expect(() => build({ containerSubnetCidr: "10.20.1.0/26" })).not.toThrow();
  });

  test("every resource carries the platform layer tag where Azure allows tags", () => {
    const { json } = build();
    for (const type of [
      "azurerm_virtual_network",
      "azurerm_network_security_group",
      "azurerm_nat_gateway",
      "azurerm_public_ip",
    ]) {
      expect(onlyResource(json, type).tags).toEqual({ layer: "platform" });
    }
  });

  test("every reference resolves", () => {
    const { json } = build({ privateEndpointSubnetCidr: "10.20.2.0/27" });
    expect(unresolvedReferences(json)).toEqual([]);
  });
});
