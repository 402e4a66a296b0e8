/** Pricing rules for AWS resources (us-east-1 catalog figures). */
import { defaultProvider, type StackModel, type TerraformElement } from "../../terraform-json/model";
import { block, blocks, literalString, num } from "../../terraform-json/values";
import type { StorageLayer } from "../usage";
import {
  type CostComponent,
  type PricingContext,
  type PricingRule,
  fmtNum,
  priced,
  tagsOf,
  unpricedComponent,
} from "./context";
import { priceOf } from "../catalog";
import { natGateway } from "./network";
import { tierShares, type TierStep } from "./storage-model";

const GIB = 1024 ** 3;

/** The usage layer of a bucket: its `layer` tag, else a layer word in its name. */
export function s3Layer(bucket: TerraformElement): StorageLayer | undefined {
  const tag = literalString(tagsOf(bucket).layer);
  if (tag && ["landing", "bronze", "silver", "gold", "checkpoints"].includes(tag)) return tag as StorageLayer;
  const name = String(
    bucket.attributes.bucket ?? bucket.attributes.bucket_prefix ?? bucket.name,
  ).toLowerCase();
  for (const layer of ["landing", "bronze", "silver", "gold", "checkpoints"] as const) {
    if (name.includes(layer)) return layer;
  }
  if (/access-?logs?/.test(name)) return "accessLogs";
  if (/dbfs|root/.test(name)) return "workspaceRoot";
  return undefined;
}

const s3Bucket: PricingRule = (bucket, ctx) => {
  const layer = s3Layer(bucket);
  if (!layer) {
    return {
      kind: "unpriced",
      reason: "cannot map the bucket to a usage layer (no layer tag or layer word in its name)",
    };
  }
  const use = ctx.usage.profile.storage[layer];
  const lifecycle = ctx.index.linked(bucket, "aws_s3_bucket_lifecycle_configuration", "bucket", {
    identifying: ["bucket"],
    soleTarget: true,
  })[0];
  const transitions: TierStep[] = [];
  let expiration: number | undefined;
  for (const rule of blocks(lifecycle?.attributes.rule)) {
    if (rule.status !== "Enabled") continue;
    const filter = block(rule.filter);
    if (filter && ((filter.prefix !== undefined && filter.prefix !== "") || filter.tag || filter.and))
      continue;
    for (const t of blocks(rule.transition)) {
      const days = num(t.days);
      const cls = literalString(t.storage_class);
      if (days !== undefined && cls) transitions.push({ fromDay: days, tier: cls });
    }
    const days = num(block(rule.expiration)?.days);
    if (days !== undefined) expiration = Math.min(expiration ?? Infinity, days);
  }
  const { horizon, shares } = tierShares(use.storedGb, "STANDARD", transitions, expiration, use.retainedDays);
  const components: CostComponent[] = shares.map((s) =>
    priced(
      ctx,
      `Storage (${s.tier})`,
      s.gb,
      `s3.storage.${s.tier}`,
      `${layer}: ${fmtNum(use.storedGb)} GB × days ${fmtNum(s.fromDay)}–${fmtNum(s.toDay)} of ${fmtNum(horizon)}`,
    ),
  );
  components.push(
    priced(
      ctx,
      "Write requests (PUT/COPY/POST/LIST)",
      use.writeRequestsPerMonth / 1000,
      "s3.requests.write",
      `${layer}.writeRequestsPerMonth`,
    ),
    priced(
      ctx,
      "Read requests (GET, other)",
      use.readRequestsPerMonth / 1000,
      "s3.requests.read",
      `${layer}.readRequestsPerMonth`,
    ),
  );
  const notes = [
    `layer ${layer}; ${lifecycle ? `lifecycle ${lifecycle.name}` : "no lifecycle configuration"}; horizon ${fmtNum(horizon)} days`,
    "noncurrent versions, transition and retrieval fees are not modelled; requests at S3 Standard rates",
  ];
  return { kind: "components", components, notes };
};

const kmsKey: PricingRule = (_key, ctx) => ({
  kind: "components",
  components: [
    priced(ctx, "Customer master key", 1, "kms.key"),
    priced(
      ctx,
      "Requests",
      ctx.usage.profile.keys.kmsRequestsPerMonth / 10_000,
      "kms.requests",
      "keys.kmsRequestsPerMonth",
    ),
  ],
});

const kinesisStream: PricingRule = (stream, ctx) => {
  const s = ctx.usage.profile.streaming;
  const hours = ctx.hoursPerMonth;
  const seconds = hours * 3600;
  const gb = (s.eventsPerSecond * s.bytesPerEvent * seconds) / GIB;
  const retention = num(stream.attributes.retention_period) ?? 24;
  const shardCount = num(stream.attributes.shard_count);
  const mode =
    literalString(block(stream.attributes.stream_mode_details)?.stream_mode) ??
    (shardCount ? "PROVISIONED" : undefined);
  const flow = `${fmtNum(s.eventsPerSecond)} events/s × ${fmtNum(s.bytesPerEvent)} B`;
  let components: CostComponent[];
  if (mode === "ON_DEMAND") {
    components = [
      priced(ctx, "Stream hours (on-demand)", hours, "kinesis.ondemand.streamHour"),
      priced(ctx, "Data ingested", gb, "kinesis.ondemand.ingestGb", `${flow} (GiB)`),
      priced(
        ctx,
        "Data retrieved",
        gb * s.consumers,
        "kinesis.ondemand.retrievalGb",
        `× ${fmtNum(s.consumers)} consumers`,
      ),
    ];
  } else if (mode === "PROVISIONED" && shardCount !== undefined) {
    const unitsPerEvent = Math.ceil(s.bytesPerEvent / (25 * 1024));
    components = [
      priced(
        ctx,
        "Shard hours",
        shardCount * hours,
        "kinesis.provisioned.shardHour",
        `${fmtNum(shardCount)} shards`,
      ),
      priced(
        ctx,
        "PUT payload units",
        (s.eventsPerSecond * seconds * unitsPerEvent) / 1e6,
        "kinesis.provisioned.putPayloadUnits",
        `${flow}, ${unitsPerEvent} unit(s) per event`,
      ),
    ];
  } else {
    return { kind: "unpriced", reason: `stream mode or shard count is not a literal (mode ${String(mode)})` };
  }
  if (retention > 24) {
    const entry = priceOf(ctx.catalog, "kinesis.extendedRetention");
    components.push(
      unpricedComponent(
        `Extended retention (${fmtNum(retention)} h)`,
        entry.unit,
        entry.unpricedReason ?? "extended-retention quantity is not modelled",
      ),
    );
  }
  return { kind: "components", components };
};

const eip: PricingRule = (_ip, ctx) => ({
  kind: "components",
  components: [priced(ctx, "Public IPv4 address hours", ctx.hoursPerMonth, "publicIpv4.hour")],
});

const vpcEndpoint: PricingRule = (endpoint, ctx) => {
  const type = literalString(endpoint.attributes.vpc_endpoint_type) ?? "Gateway";
  if (type === "Gateway") {
    return {
      kind: "components",
      components: [priced(ctx, "Gateway endpoint hours", ctx.hoursPerMonth, "vpcEndpoint.gateway.hour")],
    };
  }
  const subnets = Array.isArray(endpoint.attributes.subnet_ids) ? endpoint.attributes.subnet_ids.length : 1;
  const azs = Math.max(1, subnets);
  return {
    kind: "components",
    components: [
      priced(
        ctx,
        `${type} endpoint hours`,
        azs * ctx.hoursPerMonth,
        "vpcEndpoint.interface.azHour",
        `${azs} AZ(s)`,
      ),
      priced(
        ctx,
        "Data processed",
        ctx.usage.profile.network.vpcEndpointGbPerMonth,
        "vpcEndpoint.interface.dataGb",
      ),
    ],
  };
};

export const AWS_PRICING: Readonly<Record<string, PricingRule>> = {
  aws_s3_bucket: s3Bucket,
  aws_kms_key: kmsKey,
  aws_kinesis_stream: kinesisStream,
  aws_nat_gateway: natGateway,
  aws_eip: eip,
  aws_vpc_endpoint: vpcEndpoint,
};

/** AWS types with no charge of their own (configuration, IAM, routing) or billed on another resource. */
export const AWS_FREE: Readonly<Record<string, string>> = {
  aws_budgets_budget:
    "no charge for budgets without actions (only action-enabled budgets beyond two are billed)",
  aws_vpc: "no charge",
  aws_subnet: "no charge",
  aws_route: "no charge",
  aws_route_table: "no charge",
  aws_route_table_association: "no charge",
  aws_internet_gateway: "no charge (data transfer billed separately)",
  aws_security_group: "no charge",
  aws_default_security_group: "no charge",
  aws_vpc_security_group_egress_rule: "no charge",
  aws_vpc_security_group_ingress_rule: "no charge",
  aws_iam_role: "no charge",
  aws_iam_role_policy: "no charge",
  aws_iam_policy: "no charge",
  aws_iam_role_policy_attachment: "no charge",
  aws_kms_alias: "no charge",
  aws_s3_bucket_lifecycle_configuration: "configuration; its tiers are priced on the bucket",
  aws_s3_bucket_logging: "configuration; log objects are priced on the access-log bucket",
  aws_s3_bucket_ownership_controls: "configuration",
  aws_s3_bucket_policy: "configuration",
  aws_s3_bucket_public_access_block: "configuration",
  aws_s3_bucket_server_side_encryption_configuration: "configuration; KMS requests are priced on the key",
  aws_s3_bucket_versioning: "configuration (noncurrent versions not modelled)",
  aws_s3_bucket_object_lock_configuration: "configuration",
};

/** The stack's AWS region: its default AWS provider's literal region, else a resource's region. */
export function awsRegionOf(stack: StackModel): string | undefined {
  const providerRegion = defaultProvider(stack, "aws")?.attributes.region;
  if (typeof providerRegion === "string" && providerRegion) return providerRegion;
  for (const r of stack.resources) {
    const region =
      literalString(r.attributes.aws_region) ??
      (r.type.startsWith("aws_") ? literalString(r.attributes.region) : undefined);
    if (region) return region;
  }
  return undefined;
}

export type { PricingContext };
