import { Eventhub } from "@cdktf/provider-azurerm/lib/eventhub";
import { EventhubConsumerGroup } from "@cdktf/provider-azurerm/lib/eventhub-consumer-group";
import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { EventhubNamespaceAuthorizationRule } from "@cdktf/provider-azurerm/lib/eventhub-namespace-authorization-rule";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/** One stream source of {@link EventHubsIngest}. */
export interface EventHubSource {
  /** Event hub (Kafka topic) name. */
  readonly name: string;
  /** Partitions; fixed after creation on Standard, can only grow on Premium. */
  readonly partitions: number;
  /** Retention in hours, a multiple of 24 (Standard ≤ 168, Premium ≤ 2160). */
  readonly retentionHours: number;
}

/** Props of {@link EventHubsIngest}. */
export interface EventHubsIngestProps extends AzureResourcePlacement {
  /** Globally unique namespace name (6–50 characters). */
  readonly namespaceName: string;
  /** `Standard` or `Premium`: the tiers with a Kafka endpoint. */
  readonly sku: "Standard" | "Premium";
  /** Throughput units (Standard) or processing units (Premium). */
  readonly capacity: number;
  /** Standard only: let Azure raise throughput units up to this. @default off */
  readonly autoInflateMaxThroughputUnits?: number;
  /** One event hub per stream source of the environment (`streaming.sources`). */
  readonly sources: readonly EventHubSource[];
  /**
   * Consumer group the Databricks pipelines read with, so they never share offsets with other readers.
   * @default "databricks"
   */
  readonly consumerGroup?: string;
  /** Public egress ranges allowed through the namespace firewall. @default [] */
  readonly allowedIpRanges?: readonly string[];
  /** Subnets (with the Microsoft.EventHub service endpoint) allowed through the firewall. @default [] */
  readonly allowedSubnetIds?: readonly string[];
}

/**
 * Event Hubs ingestion for bronze: a namespace with the Kafka endpoint (Standard or Premium), one event
 * hub per source, a `databricks` consumer group on each, and a namespace-level listen-only rule whose
 * connection string the pipelines use over Kafka SASL_SSL (so local authentication stays enabled; no
 * rule can send or manage).
 *
 * Zone redundancy: azurerm 4.x removed `zone_redundant`; Azure makes Standard and Premium namespaces
 * zone-redundant automatically in regions with availability zones.
 *
 * @example
 * // `rg` is the environment's ResourceGroup, `network` its DatabricksWorkspaceNetwork.
 * new EventHubsIngest(this, "Ingest", {
 *   namespaceName: "frdlh-prod-ingest",
 *   resourceGroupName: rg.name,
 *   location: rg.location,
 *   sku: "Standard",
 *   capacity: 2,
 *   sources: [{ name: "card-transactions", partitions: 16, retentionHours: 168 }],
 *   allowedSubnetIds: [network.hostSubnet.id, network.containerSubnet.id],
 * });
 */
export class EventHubsIngest extends Construct {
  readonly namespace: EventhubNamespace;
  /** Event hubs by source name. */
  readonly eventHubs: Readonly<Record<string, Eventhub>>;
  readonly consumerGroups: Readonly<Record<string, EventhubConsumerGroup>>;
  /** Listen-only rule; its `primaryConnectionString` is sensitive and goes to a secret scope, never to code. */
  readonly listenRule: EventhubNamespaceAuthorizationRule;
  /** Kafka bootstrap server, `<namespace>.servicebus.windows.net:9093`. */
  readonly kafkaBootstrapServers: string;

  constructor(scope: Construct, id: string, props: EventHubsIngestProps) {
    super(scope, id);
    const autoInflate = props.sku === "Standard" && props.autoInflateMaxThroughputUnits !== undefined;

    this.namespace = new EventhubNamespace(this, "Namespace", {
      name: props.namespaceName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: props.sku,
      capacity: props.capacity,
      autoInflateEnabled: autoInflate,
      maximumThroughputUnits: autoInflate ? props.autoInflateMaxThroughputUnits : undefined,
      minimumTlsVersion: "1.2",
      // Kafka clients authenticate with the listen rule's connection string (SAS).
      localAuthenticationEnabled: true,
      publicNetworkAccessEnabled: true,
      networkRulesets: [
        {
          defaultAction: "Deny",
          publicNetworkAccessEnabled: true,
          trustedServiceAccessEnabled: true,
          ipRule: (props.allowedIpRanges ?? []).map((ipMask) => ({ ipMask, action: "Allow" })),
          virtualNetworkRule: (props.allowedSubnetIds ?? []).map((subnetId) => ({
            subnetId,
            ignoreMissingVirtualNetworkServiceEndpoint: false,
          })),
        },
      ],
      tags: layerTags("ingest"),
    });

    const consumerGroup = props.consumerGroup ?? "databricks";
    const hubs: Record<string, Eventhub> = {};
    const groups: Record<string, EventhubConsumerGroup> = {};
    for (const source of props.sources) {
      const hub = new Eventhub(this, `Hub-${source.name}`, {
        name: source.name,
        namespaceId: this.namespace.id,
        partitionCount: source.partitions,
        messageRetention: source.retentionHours / 24,
      });
      hubs[source.name] = hub;
      groups[source.name] = new EventhubConsumerGroup(this, `ConsumerGroup-${source.name}`, {
        name: consumerGroup,
        namespaceName: this.namespace.name,
        eventhubName: hub.name,
        resourceGroupName: props.resourceGroupName,
        userMetadata: "Databricks pipelines (bronze ingest)",
      });
    }
    this.eventHubs = hubs;
    this.consumerGroups = groups;

    this.listenRule = new EventhubNamespaceAuthorizationRule(this, "ListenRule", {
      name: "databricks-listen",
      namespaceName: this.namespace.name,
      resourceGroupName: props.resourceGroupName,
      listen: true,
      send: false,
      manage: false,
    });
    this.kafkaBootstrapServers = `${props.namespaceName}.servicebus.windows.net:9093`;
  }
}
