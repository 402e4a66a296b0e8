import { TerraformOutput } from "cdktf";
import { EventHubsIngest, type EventHubsIngestProps } from "../../../constructs/azure/event-hubs-ingest";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { azureTestStack } from "../../support/stacks";

const BASE_PROPS: EventHubsIngestProps = {
  namespaceName: "evhns-lakehouse-test",
  resourceGroupName: "rg-lakehouse-test",
  location: "westeurope",
  sku: "Standard",
  capacity: 2,
  sources: [
    { name: "orders", partitions: 4, retentionHours: 24 },
    { name: "clicks", partitions: 16, retentionHours: 168 },
  ],
};

function build(overrides: Partial<EventHubsIngestProps> = {}): TerraformJson {
  const stack = azureTestStack();
  new EventHubsIngest(stack, "Ingest", { ...BASE_PROPS, ...overrides });
  return synthJson(stack);
}

function namespaceAddress(json: TerraformJson): string {
  return `azurerm_eventhub_namespace.${Object.keys(resourcesOf(json, "azurerm_eventhub_namespace"))[0]}`;
}

describe("EventHubsIngest", () => {
  describe("namespace", () => {
    test("has the given sku and capacity and requires TLS 1.2", () => {
      const ns = onlyResource(build(), "azurerm_eventhub_namespace");
      expect(ns).toMatchObject({
        name: "evhns-lakehouse-test",
        resource_group_name: "rg-lakehouse-test",
        location: "westeurope",
        sku: "Standard",
        capacity: 2,
        minimum_tls_version: "1.2",
      });
      expect(
        onlyResource(build({ sku: "Premium", capacity: 1 }), "azurerm_eventhub_namespace"),
      ).toMatchObject({
        sku: "Premium",
        capacity: 1,
      });
    });

    test("firewall denies by default, lets trusted services and the allowed ranges through", () => {
      const ns = onlyResource(
        build({
          allowedIpRanges: ["203.0.113.7/32", "198.51.100.0/24"],
          allowedSubnetIds: [
            "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
          ],
        }),
        "azurerm_eventhub_namespace",
      );
      const rulesets = ns.network_rulesets as Record<string, unknown>[];
      expect(rulesets).toHaveLength(1);
      expect(rulesets[0]).toMatchObject({ default_action: "Deny", trusted_service_access_enabled: true });
      expect(rulesets[0]!.ip_rule).toEqual([
        { ip_mask: "203.0.113.7/32", action: "Allow" },
        { ip_mask: "198.51.100.0/24", action: "Allow" },
      ]);
      expect(rulesets[0]!.virtual_network_rule).toEqual([
        {
          subnet_id:
            "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
          ignore_missing_virtual_network_service_endpoint: false,
        },
      ]);
    });

    test("firewall still denies by default with no allowed ranges", () => {
      const [ruleset] = onlyResource(build(), "azurerm_eventhub_namespace").network_rulesets as Record<
        string,
        unknown
      >[];
      expect(ruleset!.default_action).toBe("Deny");
      expect(ruleset!.ip_rule ?? []).toEqual([]);
    });

    test("auto-inflates up to the maximum on Standard", () => {
      const ns = onlyResource(build({ autoInflateMaxThroughputUnits: 10 }), "azurerm_eventhub_namespace");
      expect(ns.auto_inflate_enabled).toBe(true);
      expect(ns.maximum_throughput_units).toBe(10);
    });

    test("does not auto-inflate by default", () => {
      const ns = onlyResource(build(), "azurerm_eventhub_namespace");
      expect(ns.auto_inflate_enabled).toBe(false);
      expect(ns).not.toHaveProperty("maximum_throughput_units");
    });

    test("never auto-inflates on Premium", () => {
      const ns = onlyResource(
        build({ sku: "Premium", capacity: 1, autoInflateMaxThroughputUnits: 10 }),
        "azurerm_eventhub_namespace",
      );
      expect(ns.auto_inflate_enabled).toBe(false);
      expect(ns).not.toHaveProperty("maximum_throughput_units");
    });
  });

  describe("event hubs", () => {
    const json = build();
    const hubs = resourcesOf(json, "azurerm_eventhub");

    test("creates one hub per source in the namespace (by id), with partitions and retention in days", () => {
      const byName = Object.fromEntries(Object.values(hubs).map((h) => [h.name, h]));
      expect(Object.keys(byName).sort()).toEqual(["clicks", "orders"]);
      const nsId = `\${${namespaceAddress(json)}.id}`;
      expect(byName.orders).toEqual({
        name: "orders",
        namespace_id: nsId,
        partition_count: 4,
        message_retention: 1,
      });
      expect(byName.clicks).toEqual({
        name: "clicks",
        namespace_id: nsId,
        partition_count: 16,
        message_retention: 7,
      });
      for (const hub of Object.values(hubs)) {
        expect(hub).not.toHaveProperty("namespace_name");
        expect(hub).not.toHaveProperty("resource_group_name");
      }
    });

    test("gives every hub a 'databricks' consumer group by default", () => {
      const groups = Object.values(resourcesOf(json, "azurerm_eventhub_consumer_group"));
      expect(groups).toHaveLength(2);
      const hubNames = Object.keys(hubs).map((id) => `\${azurerm_eventhub.${id}.name}`);
      expect(groups.map((g) => g.eventhub_name).sort()).toEqual(hubNames.sort());
      for (const g of groups) {
        expect(g.name).toBe("databricks");
        expect(g.namespace_name).toBe(`\${${namespaceAddress(json)}.name}`);
        expect(g.resource_group_name).toBe("rg-lakehouse-test");
      }
    });

    test("uses a custom consumer group name on every hub", () => {
      const groups = Object.values(
        resourcesOf(build({ consumerGroup: "lakehouse" }), "azurerm_eventhub_consumer_group"),
      );
      expect(groups.map((g) => g.name)).toEqual(["lakehouse", "lakehouse"]);
    });
  });

  describe("access", () => {
    test("has exactly one namespace rule, listen-only", () => {
      const json = build();
      expect(onlyResource(json, "azurerm_eventhub_namespace_authorization_rule")).toMatchObject({
        namespace_name: `\${${namespaceAddress(json)}.name}`,
        resource_group_name: "rg-lakehouse-test",
        listen: true,
        send: false,
        manage: false,
      });
      expect(resourcesOf(json, "azurerm_eventhub_authorization_rule")).toEqual({});
    });

    test("exposes the Kafka bootstrap server", () => {
      const stack = azureTestStack();
      const ingest = new EventHubsIngest(stack, "Ingest", BASE_PROPS);
      expect(ingest.kafkaBootstrapServers).toBe("evhns-lakehouse-test.servicebus.windows.net:9093");
      new TerraformOutput(stack, "bootstrap", { value: ingest.kafkaBootstrapServers });
      expect(synthJson(stack).output?.bootstrap?.value).toBe(
        "evhns-lakehouse-test.servicebus.windows.net:9093",
      );
    });
  });

  test("has no dangling references", () => {
    expect(unresolvedReferences(build())).toEqual([]);
  });
});
