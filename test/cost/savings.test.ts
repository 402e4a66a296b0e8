/**
 * The usage model's levers and `cost --savings`, on tiny in-memory stacks priced with the us-east-1
 * catalog and the prod profile (30.41667 days a month). Every expected figure is computed by hand in
 * the comment beside it.
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { EXIT_BAD_INPUT, EXIT_OK } from "../../cost/cli";
import { estimate } from "../../cost/estimator";
import { quartzRunsPerDay } from "../../cost/pricing/schedule";
import { savings } from "../../cost/savings";
import { LEVERS, classicWorkersFor } from "../../cost/savings-levers";
import { renderSavingsJson, renderSavingsMarkdown, renderSavingsTable } from "../../cost/savings-report";
import { UsageProfiles, validateUsageFile } from "../../cost/usage";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import type { Snapshot } from "../../terraform-json/model";
import { loadSnapshot } from "../../terraform-json/load";
import { readSynthesizedStack } from "../../terraform-json/synthesized-stack";
import { SYNTH_BASE, catalogs, componentCost, resource, runCli } from "./helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One AWS workspace stack (`tiny-prod`: prod profile) holding the given Databricks resources. */
function tiny(resources: Json): Snapshot {
  const doc = {
    "//": { metadata: { stackName: "tiny-prod" } },
    provider: { aws: [{ region: "us-east-1" }] },
    resource: {
      databricks_mws_workspaces: { Ws: { pricing_tier: "PREMIUM", aws_region: "us-east-1" } },
      ...resources,
    },
  };
  return { kind: "synth", path: "<memory>", stacks: [readSynthesizedStack(doc)] };
}

function priced(resources: Json, address: string) {
  return resource(estimate(tiny(resources), { catalogs }).stacks[0], address);
}

const SPOT_CLUSTER = {
  node_type_id: "m5d.xlarge",
  driver_node_type_id: "m5d.large",
  num_workers: 4,
  autotermination_minutes: 30,
  aws_attributes: { availability: "SPOT_WITH_FALLBACK", first_on_demand: 2 },
};

describe("usage model", () => {
  test("classic cluster: DBUs plus driver and worker VMs, spot share from availability and first_on_demand", () => {
    const r = priced({ databricks_cluster: { C: SPOT_CLUSTER } }, "databricks_cluster.C");
    // Hours: 6 h used + 3 sessions × 30 min auto-termination = 7.5 h/day × 30.41667 = 228.125 h.
    // DBUs: (m5d.large 0.34 + 4 × m5d.xlarge 0.69) = 3.1 DBU/h × 228.125 h = 707.1875 × $0.55.
    expect(componentCost(r, "All-purpose compute (ALL_PURPOSE)")).toBeCloseTo(388.953125, 6);
    // first_on_demand 2: the driver and 1 worker on demand; 3 workers spot, 10 % falling back:
    // driver 228.125 h × $0.113; on-demand workers 1.3 × 228.125 h × $0.226; spot 2.7 × 228.125 h × $0.1164.
    expect(componentCost(r, "Cloud VMs on-demand (driver m5d.large)")).toBeCloseTo(25.778125, 6);
    expect(componentCost(r, "Cloud VMs on-demand (workers m5d.xlarge)")).toBeCloseTo(67.023125, 6);
    expect(componentCost(r, "Cloud VMs spot (workers m5d.xlarge)")).toBeCloseTo(71.695125, 6);
    expect(r.monthlyCost).toBeCloseTo(553.4495, 6);
  });

  test("autoscale is priced at min + share × (max − min) workers", () => {
    const { num_workers: _n, ...spec } = SPOT_CLUSTER;
    const r = priced(
      { databricks_cluster: { C: { ...spec, autoscale: { min_workers: 1, max_workers: 9 } } } },
      "databricks_cluster.C",
    );
    // 1 + 0.25 × (9 − 1) = 3 workers: (0.34 + 3 × 0.69) = 2.41 DBU/h × 228.125 h = 549.78125 DBU.
    expect(r.components[0]!.quantity).toBeCloseTo(549.78125, 6);
    expect(r.components[0]!.detail).toMatch(/autoscale 1–9, average at 0.25 of the range/);
  });

  test("auto-stop: active hours + a tail per session; 24 h a day when auto-stop is off", () => {
    const warehouse = (autoStop: number) => ({
      databricks_sql_endpoint: {
        W: {
          cluster_size: "Small",
          enable_serverless_compute: true,
          auto_stop_mins: autoStop,
          max_num_clusters: 1,
        },
      },
    });
    // Small 12 DBU/h × (10 h + 6 sessions × 10 min) = 11 h/day × 30.41667 = 334.5833 h → 4,015 DBU × $0.70.
    expect(priced(warehouse(10), "databricks_sql_endpoint.W").monthlyCost).toBeCloseTo(2810.5, 6);
    // Auto-stop off: 24 h × 30.41667 = 730 h × 12 DBU/h = 8,760 DBU × $0.70.
    expect(priced(warehouse(0), "databricks_sql_endpoint.W").monthlyCost).toBeCloseTo(6132, 6);
  });

  test("triggered pipelines bill their updates from the job schedule; continuous ones 24 h", () => {
    const stack = (continuous: boolean, cluster?: Json) => ({
      databricks_pipeline: {
        P: cluster ? { continuous, cluster: [cluster] } : { serverless: true, continuous },
      },
      databricks_job: {
        J: {
          name: "orchestration",
          schedule: { quartz_cron_expression: "0 0/30 * * * ?", timezone_id: "UTC" },
          task: [{ task_key: "p", pipeline_task: { pipeline_id: "${databricks_pipeline.P.id}" } }],
        },
      },
    });
    // Serverless, 48 updates/day × 6 min = 4.8 h/day × 30.41667 = 146 h × 16 DBU/h = 2,336 DBU × $0.35.
    expect(priced(stack(false), "databricks_pipeline.P").monthlyCost).toBeCloseTo(817.6, 6);
    // Continuous: 730 h × 16 DBU/h × $0.35.
    expect(priced(stack(true), "databricks_pipeline.P").monthlyCost).toBeCloseTo(4088, 6);
    // Classic, no Photon, 2 × m5d.large workers: 48 × (6 min × 2 + 5 min start) = 13.6 h/day = 413.6667 h;
    // (0.34 + 2 × 0.34) = 1.02 DBU/h → 421.94 DBU × DLT Advanced $0.36; 3 on-demand nodes × $0.113.
    const classic = priced(
      stack(false, { label: "default", node_type_id: "m5d.large", num_workers: 2 }),
      "databricks_pipeline.P",
    );
    expect(componentCost(classic, "Pipeline DBUs (DLT_ADVANCED)")).toBeCloseTo(151.8984, 4);
    expect(classic.monthlyCost).toBeCloseTo(151.8984 + 3 * 413.666667 * 0.113, 4);
  });

  test("Quartz schedules: runs per day", () => {
    expect(quartzRunsPerDay("0 0/15 * * * ?")).toBe(96);
    expect(quartzRunsPerDay("0 0 6 * * ?")).toBe(1);
    expect(quartzRunsPerDay("0 0 * * * ?")).toBe(24);
    expect(quartzRunsPerDay("0 0 3 ? * SUN")).toBeCloseTo(1 / 7, 9);
    expect(quartzRunsPerDay("0 0 8-17 ? * MON-FRI")).toBeCloseTo((10 * 5) / 7, 9);
    expect(quartzRunsPerDay("not a cron")).toBeUndefined();
  });

  test("the new usage fields are validated like the others", () => {
    expect(() => validateUsageFile({ stages: { prod: { compute: { spotFallbackShare: 1.5 } } } })).toThrow(
      "usage: stages.prod.compute.spotFallbackShare: 1.5 is a share and must be between 0 and 1",
    );
    expect(() => validateUsageFile({ stages: { prod: { compute: { photonSpeedup: 0.5 } } } })).toThrow(
      "usage: stages.prod.compute.photonSpeedup: 0.5 is a ratio and must be at least 1",
    );
    expect(() =>
      validateUsageFile({ stacks: { x: { usage: { maintenance: { optimizeWorkers: -1 } } } } }),
    ).toThrow("usage: stacks.x.usage.maintenance.optimizeWorkers: -1 is negative; usage values must be ≥ 0");
    const usage = new UsageProfiles(
      validateUsageFile({ stages: { prod: { compute: { autoscaleAverageShare: 1 } } } }),
    );
    expect(usage.forStack("aws-prod").profile.compute.autoscaleAverageShare).toBe(1);
  });
});

describe("cost --savings", () => {
  /** A warehouse with auto-stop, a serverless pipeline every 30 minutes, and the pipelines policy. */
  const FIXTURE = {
    databricks_sql_endpoint: {
      W: { cluster_size: "Small", enable_serverless_compute: true, auto_stop_mins: 10, max_num_clusters: 1 },
    },
    databricks_cluster_policy: {
      Dlt: {
        definition: JSON.stringify({
          cluster_type: { type: "fixed", value: "dlt" },
          node_type_id: { type: "allowlist", values: ["m5d.large"], defaultValue: "m5d.large" },
          num_workers: { type: "range", maxValue: 4 },
          "aws_attributes.availability": { type: "fixed", value: "SPOT_WITH_FALLBACK" },
        }),
      },
    },
    databricks_pipeline: { P: { serverless: true, continuous: false } },
    databricks_job: {
      J: {
        name: "orchestration",
        schedule: { quartz_cron_expression: "0 0/30 * * * ?", timezone_id: "UTC" },
        task: [{ task_key: "p", pipeline_task: { pipeline_id: "${databricks_pipeline.P.id}" } }],
      },
    },
  };

  test("lever table: each lever's saving in waterfall order, summing to naive − shipped", () => {
    const report = savings(tiny(FIXTURE), { catalogs });
    const env = report.environments[0]!;
    const byLever = Object.fromEntries(
      env.levers.map((l) => [l.lever, Math.round(l.monthlySaving * 100) / 100]),
    );
    // Naive warehouse: auto-stop left out, so the provider default 120 min applies: 10 h + min(14 h,
    // 6 sessions × 2 h) = 22 h/day × 30.41667 = 669.1667 h × 12 DBU/h × $0.70 = $5,621; shipped $2,810.50.
    // Naive pipeline: classic, m5d.large, on demand, no Photon. Same compute as serverless: 16 DBU/h ÷ 2.9
    // (DLT Photon multiplier) = 5.517 DBU/h needs 0.34 + 16 × 0.34 = 5.78, but the policy allows 4 workers:
    // 48 × (6 × 2 + 5) min = 13.6 h/day = 413.6667 h; 1.7 DBU/h × $0.36 + 5 × $0.113 = $1.177/h → $486.89.
    // Shipped pipeline: $817.60 (above). Serverless costs $330.71 more than this smaller classic cluster.
    expect(byLever).toEqual({
      "storage-tiering": 0,
      streams: 0,
      "auto-stop": 2810.5,
      "predictive-optimization": 0,
      serverless: -330.71,
      autoscale: 0,
      spot: 0,
      photon: 0,
    });
    expect(env.naiveMonthly).toBeCloseTo(5621 + 486.885667, 4);
    expect(env.shippedMonthly).toBeCloseTo(2810.5 + 817.6, 6);
    // (6,107.886 − 3,628.1) / 6,107.886 = 40.60 %
    expect(env.percentSaved).toBeCloseTo(40.6, 2);
    const autoStop = env.levers.find((l) => l.lever === "auto-stop")!;
    expect(autoStop.resources).toEqual(["tiny-prod: databricks_sql_endpoint.W"]);
    expect(autoStop.assumption).toMatch(/the SQL warehouse stops after 120 min idle \(provider default/);
    expect(env.levers.find((l) => l.lever === "serverless")!.notes).toEqual([
      "tiny-prod: databricks_pipeline.P: 16 serverless DBU/h needs 16 workers of m5d.large; the policy allows 4, " +
        "so the classic counterpart has less compute",
    ]);
  });

  test("auto-stop lever: the naive side gets the defaults of settings left out, not 'never stop'", () => {
    const stack = tiny({
      ...FIXTURE,
      databricks_cluster: { C: SPOT_CLUSTER },
      databricks_cluster_policy: {
        Ap: {
          definition: JSON.stringify({
            cluster_type: { type: "fixed", value: "all-purpose" },
            autotermination_minutes: { type: "fixed", value: 20 },
          }),
        },
      },
    }).stacks[0]!;
    const auto = LEVERS.find((l) => l.id === "auto-stop")!;
    const naive = auto.revert(stack, new UsageProfiles().forStack("tiny-prod").profile);
    const attrs = (address: string) => naive.stack.resources.find((r) => r.address === address)!.attributes;
    expect(attrs("databricks_sql_endpoint.W").auto_stop_mins).toBe(120);
    expect(attrs("databricks_cluster.C").autotermination_minutes).toBe(60);
    // The policy loses its rule: clusters created under it get the UI default, 120 min.
    expect(JSON.parse(attrs("databricks_cluster_policy.Ap").definition as string)).toEqual({
      cluster_type: { type: "fixed", value: "all-purpose" },
    });
    expect([...naive.changed].sort()).toEqual([
      "databricks_cluster.C",
      "databricks_cluster_policy.Ap",
      "databricks_sql_endpoint.W",
    ]);
  });

  test("serverless lever: the classic cluster is sized to the serverless compute; a schedule that cannot fit is noted", () => {
    const policy = JSON.parse(FIXTURE.databricks_cluster_policy.Dlt.definition);
    const stack = tiny({
      ...FIXTURE,
      databricks_cluster_policy: {
        Dlt: { definition: JSON.stringify({ ...policy, num_workers: { type: "range", maxValue: 40 } }) },
      },
      databricks_job: {
        J: {
          ...FIXTURE.databricks_job.J,
          schedule: { quartz_cron_expression: "0 0/15 * * * ?", timezone_id: "UTC" },
        },
      },
    });
    const env = savings(stack, { catalogs }).environments[0]!;
    const lever = env.levers.find((l) => l.lever === "serverless")!;
    // 96 updates/day × (6 min × 2 without Photon + 5 min start) = 1,632 min = 27.2 h: more than a day.
    expect(lever.notes).toEqual([
      "tiny-prod: databricks_pipeline.P: the schedule does not fit a day on classic: 96 updates/day × 17 min = " +
        "27.2 h/day; updates would overlap (one update runs at a time), so the classic counterpart falls behind " +
        "and is priced at 24 h/day",
    ]);
    // 16 DBU/h ÷ 2.9 = 5.517 DBU/h of m5d.large (0.34): driver + 15 workers = 5.44 is short, + 16 = 5.78.
    expect(classicWorkersFor(16, 0.34, 0.34, 2.9, 40)).toEqual({ workers: 16, needed: 16 });
    // Naive: 24 h × 30.41667 = 730 h × (5.78 DBU/h × $0.36 + 17 × $0.113) = 730 × $4.0018 = $2,921.31;
    // shipped: 96 × 6 min = 9.6 h/day = 292 h × 16 DBU/h × $0.35 = $1,635.20.
    expect(lever.monthlySaving).toBeCloseTo(2921.314 - 1635.2, 2);
  });

  test("storage tiering and streams levers on the aws-test fixture", () => {
    const env = savings(loadSnapshot(SYNTH_BASE), { catalogs }).environments.find(
      (e) => e.environment === "aws-test",
    )!;
    const lever = (id: string) => env.levers.find((l) => l.lever === id)!;
    // Landing: 2,000 GB, 30 days Standard then Standard-IA to day 180: naive 2,000 GB × $0.023 = $46.00;
    // shipped 333.33 GB × $0.023 + 1,666.67 GB × $0.0125 = $28.50.
    expect(lever("storage-tiering").monthlySaving).toBeCloseTo(17.5, 6);
    expect(lever("storage-tiering").resources).toContain("aws-test: aws_s3_bucket.LandingBucket");
    // On-demand: 730 h × $0.04 + 1,253.13 GiB in × $0.08 + 2 consumers × 1,253.13 GiB out × $0.04 = $229.70.
    // Naive, provisioned for 4 × 500 events/s of 1 KiB: 2 shards × 730 h × $0.015 + 1,314 M PUT units × $0.014
    // = $40.30: on-demand costs $189.40 a month more at this steady rate.
    expect(lever("streams").monthlySaving).toBeCloseTo(-189.405, 2);
    expect(lever("streams").resources).toEqual(["aws-test: aws_kinesis_stream.OnDemandStream"]);
  });

  test("reports: table, markdown and json carry the levers, totals and assumptions", () => {
    const report = savings(tiny(FIXTURE), { catalogs });
    const table = renderSavingsTable(report);
    expect(table).toMatch(/^ Auto-stop and auto-termination\s+\$2,810\.50$/m);
    expect(table).toMatch(/^ Serverless vs classic pipelines\s+-\$330\.71$/m);
    expect(table).toMatch(/^ Saved \(40\.6 %\)\s+\$2,479\.79$/m);
    expect(table).toContain("compute.photonSpeedup = 2");
    const md = renderSavingsMarkdown(report);
    expect(md).toContain("| tiny-prod | $6,107.89 | $3,628.10 | $2,479.79 (40.6 %) |");
    const json = JSON.parse(renderSavingsJson(report));
    expect(json.report).toBe("savings");
    expect(json.environments[0].levers).toHaveLength(8);
  });
});

describe("the CLI", () => {
  const run = runCli;

  test("cost --savings prints the lever table per environment; json on request; diff refuses it", () => {
    const table = run("cost", "--savings", "--synth-dir", SYNTH_BASE);
    expect(table.code).toBe(EXIT_OK);
    expect(table.out).toMatch(/^Savings: aws-test \(aws-test\)$/m);
    expect(table.out).toMatch(/^ Naive counterpart\s+\$[\d,.]+$/m);
    const json = JSON.parse(run("cost", "--savings", "--synth-dir", SYNTH_BASE, "--format", "json").out);
    expect(json.environments.map((e: { environment: string }) => e.environment)).toEqual([
      "aws-test",
      "azure-test",
    ]);
    const diff = run("diff", "--savings", "--base", SYNTH_BASE, "--head", SYNTH_BASE);
    expect(diff.code).toBe(EXIT_BAD_INPUT);
    expect(diff.err).toBe("error: --savings belongs to cost\n");
    expect(run("--help").out).toContain(
      "--savings            cost: price each environment against its naive",
    );
  });
});

describe("the built-in example", () => {
  const stacks = addLakehouseStacks(Testing.app(), loadConfig(EXAMPLE_CONFIG)).map((s) =>
    readSynthesizedStack(JSON.parse(Testing.synth(s)), { name: s.node.id }),
  );
  const report = savings({ kind: "synth", path: "example", stacks }, { catalogs });
  const env = (name: string) => report.environments.find((e) => e.environment === name)!;

  test("each prod environment is at least 40 % cheaper than its naive counterpart", () => {
    // Reviewed by hand from the lever table (README, "Savings"): aws-prod $9,849.60 → $5,700.74,
    // azure-prod $13,163.81 → $6,654.77.
    expect(env("aws-prod").naiveMonthly).toBeCloseTo(9849.6, 2);
    expect(env("aws-prod").shippedMonthly).toBeCloseTo(5700.74, 2);
    expect(env("aws-prod").percentSaved).toBeCloseTo(42.12, 2);
    expect(env("azure-prod").naiveMonthly).toBeCloseTo(13163.81, 2);
    expect(env("azure-prod").shippedMonthly).toBeCloseTo(6654.77, 2);
    expect(env("azure-prod").percentSaved).toBeCloseTo(49.45, 2);
    expect(env("aws-prod").stacks).toEqual(["aws-prod", "aws-prod-workspace"]);
  });

  test("aws-prod auto-stop lever, by hand", () => {
    // Small serverless warehouse, 12 DBU/h at $0.70, 1 cluster: naive (auto_stop_mins left out, 120)
    // 10 h + min(14, 6 sessions × 2 h) = 22 h/day; shipped 10 h + 6 × 5 min = 10.5 h/day.
    // 11.5 h × 12 DBU/h × 30.41667 days × $0.70 = $2,938.25.
    // Interactive policy (Enterprise tier, ALL_PURPOSE $0.65; spot still undone at this step, so all on
    // demand): naive, no rule, 120 min: 6 h + 3 × 2 h = 12 h/day; shipped 6 h + 3 × 10 min = 6.5 h/day.
    // 5.5 h × 30.41667 = 167.2917 h × ((0.34 + 4 × 0.34) DBU/h × $0.65 + 5 nodes × $0.113) = × $1.67 = $279.38.
    const lever = env("aws-prod").levers.find((l) => l.lever === "auto-stop")!;
    expect(lever.monthlySaving).toBeCloseTo(2938.25 + 279.377083, 4);
    expect(lever.resources).toEqual([
      "aws-prod-workspace: databricks_cluster_policy.ClusterPolicies_InteractivePolicy_336DFE76",
      "aws-prod-workspace: databricks_sql_endpoint.SqlWarehouse_403C689B",
    ]);
  });
});
