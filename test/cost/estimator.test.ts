/**
 * Each resource kind priced against figures computed here from the catalog constants and the usage
 * profile. The fixture stacks' names (aws-test, azure-test) name no stage, so they use the prod profile.
 */
import { join } from "node:path";
import { estimate } from "../../cost/estimator";
import { loadSnapshot } from "../../terraform-json/load";
import { DEFAULT_USAGE, UsageProfiles } from "../../cost/usage";
import { AWS, AZ_WEU, FIXTURES, SYNTH_BASE, amount, catalogs, componentCost, dbu, resource } from "./helpers";

const U = DEFAULT_USAGE.prod;
const HOURS = 730;
const GIB = 1024 ** 3;

const result = estimate(loadSnapshot(SYNTH_BASE), { catalogs });
const aws = result.stacks.find((s) => s.name === "aws-test");
const azure = result.stacks.find((s) => s.name === "azure-test");

describe("stack context", () => {
  test("reads cloud, region, stage and catalog of each stack", () => {
    expect(aws).toMatchObject({ cloud: "aws", region: "us-east-1", catalogVersion: AWS.version });
    expect(azure).toMatchObject({ cloud: "azure", region: "westeurope" });
    expect(aws!.usage.stage).toBe("prod");
    expect(aws!.usage.stageSource).toBe("default (unknown stage: prod profile)");
    expect(azure!.regionNote).toMatch(/eastus/);
  });

  test("stack and overall totals are the sums of the priced resources", () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(aws!.monthlyCost).toBeCloseTo(sum(aws!.resources.map((r) => r.monthlyCost)), 6);
    expect(result.monthlyCost).toBeCloseTo(aws!.monthlyCost + azure!.monthlyCost, 6);
  });
});

describe("AWS resources", () => {
  test("S3 bucket with lifecycle: Standard then Standard-IA until expiration, plus requests", () => {
    const r = resource(aws, "aws_s3_bucket.LandingBucket");
    const landing = U.storage.landing;
    const horizon = Math.min(180, landing.retainedDays); // expiration 180 days
    expect(componentCost(r, "Storage (STANDARD)")).toBeCloseTo(
      ((landing.storedGb * 30) / horizon) * amount(AWS, "s3.storage.STANDARD"),
      6,
    );
    expect(componentCost(r, "Storage (STANDARD_IA)")).toBeCloseTo(
      ((landing.storedGb * (horizon - 30)) / horizon) * amount(AWS, "s3.storage.STANDARD_IA"),
      6,
    );
    expect(componentCost(r, "Write requests (PUT/COPY/POST/LIST)")).toBeCloseTo(
      (landing.writeRequestsPerMonth / 1000) * amount(AWS, "s3.requests.write"),
      6,
    );
    expect(componentCost(r, "Read requests (GET, other)")).toBeCloseTo(
      (landing.readRequestsPerMonth / 1000) * amount(AWS, "s3.requests.read"),
      6,
    );
    expect(r.status).toBe("priced");
  });

  test("S3 bucket without lifecycle stays in Standard", () => {
    const r = resource(aws, "aws_s3_bucket.GoldBucket");
    expect(componentCost(r, "Storage (STANDARD)")).toBeCloseTo(
      U.storage.gold.storedGb * amount(AWS, "s3.storage.STANDARD"),
      6,
    );
  });

  test("KMS key: key-month plus requests", () => {
    const r = resource(aws, "aws_kms_key.StorageKey");
    expect(r.monthlyCost).toBeCloseTo(
      1 * amount(AWS, "kms.key") + (U.keys.kmsRequestsPerMonth / 10_000) * amount(AWS, "kms.requests"),
      6,
    );
  });

  test("Kinesis on-demand: stream hours, ingest and retrieval per consumer", () => {
    const r = resource(aws, "aws_kinesis_stream.OnDemandStream");
    const gb = (U.streaming.eventsPerSecond * U.streaming.bytesPerEvent * HOURS * 3600) / GIB;
    expect(r.monthlyCost).toBeCloseTo(
      HOURS * amount(AWS, "kinesis.ondemand.streamHour") +
        gb * amount(AWS, "kinesis.ondemand.ingestGb") +
        gb * U.streaming.consumers * amount(AWS, "kinesis.ondemand.retrievalGb"),
      6,
    );
  });

  test("Kinesis provisioned: shard hours and PUT payload units", () => {
    const r = resource(aws, "aws_kinesis_stream.ProvisionedStream");
    const unitsPerEvent = Math.ceil(U.streaming.bytesPerEvent / 25_600); // 1 KB events: 1 unit
    expect(r.monthlyCost).toBeCloseTo(
      2 * HOURS * amount(AWS, "kinesis.provisioned.shardHour") +
        ((U.streaming.eventsPerSecond * HOURS * 3600 * unitsPerEvent) / 1e6) *
          amount(AWS, "kinesis.provisioned.putPayloadUnits"),
      6,
    );
  });

  test("NAT gateway, Elastic IP and S3 gateway endpoint", () => {
    expect(resource(aws, "aws_nat_gateway.Nat").monthlyCost).toBeCloseTo(
      HOURS * amount(AWS, "nat.hour") + U.network.natGbPerMonth * amount(AWS, "nat.dataGb"),
      6,
    );
    expect(resource(aws, "aws_eip.NatIp").monthlyCost).toBeCloseTo(HOURS * amount(AWS, "publicIpv4.hour"), 6);
    const endpoint = resource(aws, "aws_vpc_endpoint.S3Endpoint");
    expect(endpoint.status).toBe("priced"); // an explicit, sourced $0, not a silent zero
    expect(endpoint.monthlyCost).toBe(0);
  });
});

describe("Databricks compute", () => {
  // Prod profile: 30.41667 days/month (730 h); figures from the us-east-1 / westeurope catalogs.
  test("serverless SQL warehouse: active hours × average clusters + auto-stop tail × min clusters", () => {
    const r = resource(aws, "databricks_sql_endpoint.Warehouse");
    // Small 12 DBU/h × (10 h × 1.5 clusters + 6 sessions × 15 min × 1 cluster) × 30.41667 days
    // = 12 × 16.5 × 30.41667 = 6,022.5 DBU × $0.70 = $4,215.75.
    expect(r.components[0]!.quantity).toBeCloseTo(6022.5, 6);
    expect(r.monthlyCost).toBeCloseTo(4215.75, 6);
    expect(r.status).toBe("priced");
  });

  test("classic pro warehouse: SQL Pro DBUs priced, its instances listed as unpriced", () => {
    const r = resource(azure, "databricks_sql_endpoint.Warehouse");
    // X-Small 6 DBU/h × (10 h + 6 × 10 min) × 30.41667 = 2,007.5 DBU × westeurope SQL Pro $0.72.
    expect(r.monthlyCost).toBeCloseTo(1445.4, 6);
    expect(r.status).toBe("partial");
    expect(r.components.find((c) => c.monthlyCost === null)?.unpricedReason).toMatch(
      /instances behind a classic SQL warehouse/,
    );
  });

  test("all-purpose policy: DBUs and on-demand VMs for used hours + the default 120-min idle tail", () => {
    const r = resource(aws, "databricks_cluster_policy.Interactive");
    // No auto-termination rule: 6 h + 3 sessions × 120 min = 12 h/day × 30.41667 = 365 h.
    // (m5d.large 0.34 + 4 × m5d.xlarge 0.69) = 3.1 DBU/h × 365 h = 1,131.5 DBU × $0.55 = $622.325.
    expect(componentCost(r, "All-purpose compute (ALL_PURPOSE)")).toBeCloseTo(622.325, 6);
    // No spot attributes: driver 365 h × $0.113; workers 4 × 365 h × $0.226.
    expect(componentCost(r, "Cloud VMs on-demand (driver m5d.large)")).toBeCloseTo(41.245, 6);
    expect(componentCost(r, "Cloud VMs on-demand (workers m5d.xlarge)")).toBeCloseTo(329.96, 6);
    expect(r.monthlyCost).toBeCloseTo(993.53, 6);
    expect(r.status).toBe("priced");
  });

  test("job and DLT cluster policies are free envelopes priced on their jobs/pipelines", () => {
    const r = resource(aws, "databricks_cluster_policy.Jobs");
    expect(r.status).toBe("free");
    expect(r.reason).toMatch(/databricks_job/);
    expect(r.notes[0]).toMatch(/ceiling 9 DBU\/h/); // (1 + 8 workers) × i3.xlarge 1.0
  });

  test("classic DLT pipeline: autoscale average workers, Photon DBUs and VMs; unscheduled = hoursPerDay", () => {
    const r = resource(aws, "databricks_pipeline.ClassicPipeline");
    // Autoscale 1–4 at share 0.25: 1.75 workers. (0.34 + 1.75 × 1.0) × Photon 2.9 = 6.061 DBU/h.
    // No job schedule starts it: 24 h/day (pipelines.hoursPerDay) = 730 h → 4,424.53 DBU × $0.25.
    expect(componentCost(r, "Pipeline DBUs (DLT_PRO)")).toBeCloseTo(1106.1325, 6);
    expect(componentCost(r, "Cloud VMs on-demand (driver m5d.large)")).toBeCloseTo(82.49, 6);
    expect(componentCost(r, "Cloud VMs on-demand (workers i3.xlarge)")).toBeCloseTo(398.58, 6);
  });

  test("serverless continuous pipeline: usage DBU/h × 730 h × serverless rate", () => {
    const r = resource(aws, "databricks_pipeline.ServerlessPipeline");
    expect(r.monthlyCost).toBeCloseTo(4088, 6); // 16 DBU/h × 730 h × $0.35
    expect(r.status).toBe("priced");
  });

  test("job: job-cluster DBU/h × Photon × runs × run time × jobs rate, plus VMs; pipeline task left to the pipeline", () => {
    const r = resource(aws, "databricks_job.Refresh");
    // Unscheduled: 24 runs/day × 20 min × 30.41667 days = 243.333 h; (0.69 + 2 × 0.69) × 2.9 = 6.003 DBU/h.
    expect(componentCost(r, "Job cluster main (JOBS)")).toBeCloseTo(219.1095, 6);
    expect(
      componentCost(r, "Cloud VMs on-demand (driver m5d.xlarge)")! +
        componentCost(r, "Cloud VMs on-demand (workers m5d.xlarge)")!,
    ).toBeCloseTo(164.98, 6);
    expect(r.notes.join(" ")).toMatch(/pipeline task, priced on the pipeline/);
  });

  test("an ENTERPRISE workspace is priced at ENTERPRISE rates; a tier the catalog lacks is unpriced", () => {
    const snapshot = loadSnapshot(SYNTH_BASE);
    const stack = snapshot.stacks.find((s) => s.name === "aws-test")!;
    const withTier = (tier: string) => ({
      ...stack,
      resources: stack.resources.map((r) =>
        r.type === "databricks_mws_workspaces"
          ? { ...r, attributes: { ...r.attributes, pricing_tier: tier } }
          : r,
      ),
    });
    const ent = estimate({ ...snapshot, stacks: [withTier("ENTERPRISE")] }, { catalogs });
    // 1,131.5 DBU × ENTERPRISE all-purpose $0.65.
    expect(
      componentCost(
        resource(ent.stacks[0], "databricks_cluster_policy.Interactive"),
        "All-purpose compute (ALL_PURPOSE)",
      ),
    ).toBeCloseTo(735.475, 6);
    const std = estimate({ ...snapshot, stacks: [withTier("STANDARD")] }, { catalogs });
    const w = resource(std.stacks[0], "databricks_sql_endpoint.Warehouse");
    expect(w.status).toBe("unpriced");
    expect(w.components[0]!.unpricedReason).toMatch(/no STANDARD DBU rates/);
  });
});

describe("Azure resources", () => {
  test("ADLS account: per-layer tiering from the management policy, LRS prices; operations unpriced", () => {
    const r = resource(azure, "azurerm_storage_account.Lake");
    const landing = U.storage.landing;
    const horizon = Math.min(90, landing.retainedDays); // delete after 90 days
    const hotGb = (landing.storedGb * 30) / horizon + U.storage.gold.storedGb; // gold has no rule: all Hot
    const coolGb = (landing.storedGb * (horizon - 30)) / horizon;
    expect(componentCost(r, "Storage (Hot, LRS)")).toBeCloseTo(hotGb * amount(AZ_WEU, "storage.Hot.LRS"), 6);
    expect(componentCost(r, "Storage (Cool, LRS)")).toBeCloseTo(
      coolGb * amount(AZ_WEU, "storage.Cool.LRS"),
      6,
    );
    expect(r.status).toBe("partial");
  });

  test("Event Hubs Standard: throughput units plus ingress events", () => {
    const r = resource(azure, "azurerm_eventhub_namespace.Ingest");
    expect(r.monthlyCost).toBeCloseTo(
      2 * HOURS * amount(AZ_WEU, "eventhubs.Standard.tuHour") +
        ((U.streaming.eventsPerSecond * HOURS * 3600 * 1) / 1e6) *
          amount(AZ_WEU, "eventhubs.ingressMillionEvents"),
      6,
    );
    expect(resource(azure, "azurerm_eventhub.Hub").status).toBe("free");
  });

  test("Key Vault operations; RSA-3072 key unpriced with the reason", () => {
    expect(resource(azure, "azurerm_key_vault.Vault").monthlyCost).toBeCloseTo(
      (U.keys.keyVaultOperationsPerMonth / 10_000) * amount(AZ_WEU, "keyvault.standard.operations"),
      6,
    );
    const key = resource(azure, "azurerm_key_vault_key.Key");
    expect(key.status).toBe("unpriced");
    expect(key.reason).toMatch(/RSA-3072/);
  });

  test("NAT gateway, public IP and private endpoint", () => {
    expect(resource(azure, "azurerm_nat_gateway.Nat").monthlyCost).toBeCloseTo(
      HOURS * amount(AZ_WEU, "nat.hour") + U.network.natGbPerMonth * amount(AZ_WEU, "nat.dataGb"),
      6,
    );
    expect(resource(azure, "azurerm_public_ip.NatIp").monthlyCost).toBeCloseTo(
      HOURS * amount(AZ_WEU, "publicIp.Standard.hour"),
      6,
    );
    expect(resource(azure, "azurerm_private_endpoint.Pe").monthlyCost).toBeCloseTo(
      HOURS * amount(AZ_WEU, "privateEndpoint.hour") +
        U.network.privateEndpointGbPerMonth * amount(AZ_WEU, "privateEndpoint.dataGb"),
      6,
    );
  });

  test("westeurope: figures from elsewhere say so; DBU, NAT and public IP are West Europe figures", () => {
    expect(AZ_WEU.prices["eventhubs.Standard.tuHour"]!.note).toMatch(/TAKEN FROM EASTUS/);
    expect(AZ_WEU.databricks.dbuRates.JOBS!.note).toBe("Premium, westeurope; JOBS_COMPUTE");
    expect(AZ_WEU.databricks.dbuRates.SQL_SERVERLESS!.amount).toBe(0.91);
    expect(AZ_WEU.prices["nat.hour"]).toMatchObject({ amount: 0.045, source: "infracost-golden-2024-07-01" });
    expect(AZ_WEU.prices["publicIp.Standard.hour"]!.note).toMatch(/^West Europe/);
  });

  test("workspace is free; an unknown resource type is unpriced with a reason, never zero-priced", () => {
    expect(resource(azure, "azurerm_databricks_workspace.Workspace").status).toBe("free");
    const unknown = resource(azure, "databricks_some_future_thing.Thing");
    expect(unknown.status).toBe("unpriced");
    expect(unknown.reason).toBe("no pricing rule for databricks_some_future_thing");
  });
});

describe("usage and plans", () => {
  test("a usage file's stack stage and overrides change the figures", () => {
    const usage = new UsageProfiles({
      stacks: { "aws-test": { stage: "dev", usage: { pipelines: { serverlessDbuPerHour: 10 } } } },
    });
    const e = estimate(loadSnapshot(SYNTH_BASE), { catalogs, usage });
    const stack = e.stacks.find((s) => s.name === "aws-test")!;
    expect(stack.usage).toMatchObject({
      stage: "dev",
      stageSource: "usage file",
      overridden: ["pipelines.serverlessDbuPerHour"],
    });
    expect(resource(stack, "databricks_pipeline.ServerlessPipeline").monthlyCost).toBeCloseTo(
      10 * HOURS * dbu(AWS, "SERVERLESS_JOBS"),
      6,
    );
    expect(resource(stack, "aws_s3_bucket.GoldBucket").monthlyCost).toBeCloseTo(
      DEFAULT_USAGE.dev.storage.gold.storedGb * amount(AWS, "s3.storage.STANDARD") +
        (DEFAULT_USAGE.dev.storage.gold.writeRequestsPerMonth / 1000) * amount(AWS, "s3.requests.write") +
        (DEFAULT_USAGE.dev.storage.gold.readRequestsPerMonth / 1000) * amount(AWS, "s3.requests.read"),
      6,
    );
  });

  test("a plan is priced from its planned values and provider region; data sources are skipped", () => {
    const e = estimate(
      loadSnapshot(join(FIXTURES, "plans", "head", "aws-plan.plan.json"), { stack: "aws-plan" }),
      {
        catalogs,
      },
    );
    const stack = e.stacks[0]!;
    expect(stack).toMatchObject({ name: "aws-plan", source: "plan", region: "us-east-1" });
    expect(stack.resources.map((r) => r.address)).toEqual([
      "aws_s3_bucket.landing",
      "aws_kms_key.storage",
      "aws_nat_gateway.egress",
    ]); // the stream is deleted
    expect(resource(stack, "aws_nat_gateway.egress").monthlyCost).toBeCloseTo(
      HOURS * amount(AWS, "nat.hour") + U.network.natGbPerMonth * amount(AWS, "nat.dataGb"),
      6,
    );
  });

  test("pricing many stacks is fast", () => {
    const snapshot = loadSnapshot(SYNTH_BASE);
    const many = {
      ...snapshot,
      stacks: Array.from({ length: 60 }, (_, i) => ({ ...snapshot.stacks[i % 2]!, name: `s${i}` })),
    };
    const start = performance.now();
    estimate(many, { catalogs });
    expect(performance.now() - start).toBeLessThan(500);
  });
});
