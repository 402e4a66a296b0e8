/**
 * The usage model's levers and `cost --savings`, on tiny in-memory stacks priced with the us-east-1
 * catalog and the prod profile (30.41667 days a month). Every expected figure is computed by hand in
 * the comment beside it.
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { EXIT_BAD_INPUT, EXIT_OK, main } from "../../cost/cli";
import { estimate } from "../../cost/estimator";
import { quartzRunsPerDay } from "../../cost/pricing/schedule";
import { savings } from "../../cost/savings";
import { renderSavingsJson, renderSavingsMarkdown, renderSavingsTable } from "../../cost/savings-report";
import { UsageProfiles, validateUsageFile } from "../../cost/usage";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import type { Snapshot } from "../../terraform-json/model";
import { loadSnapshot } from "../../terraform-json/load";
import { readSynthesizedStack } from "../../terraform-json/synthesized-stack";
import { CATALOG_DIR, SYNTH_BASE, catalogs, componentCost, resource } from "./helpers";

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
    // Naive warehouse: auto-stop off, 730 h × 12 DBU/h × $0.70 = $6,132; shipped $2,810.50.
    // Naive pipeline: classic, policy max 4 workers + driver of m5d.large, on demand, no Photon:
    // 48 × (6 × 2 + 5) min = 13.6 h/day = 413.6667 h; 1.7 DBU/h × $0.36 + 5 × $0.113 = $1.177/h → $486.89.
    // Shipped pipeline: $817.60 (above). Serverless costs $330.71 more than this small classic cluster.
    expect(byLever).toEqual({
      "storage-tiering": 0,
      streams: 0,
      "auto-stop": 3321.5,
      "predictive-optimization": 0,
      serverless: -330.71,
      autoscale: 0,
      spot: 0,
      photon: 0,
    });
    expect(env.naiveMonthly).toBeCloseTo(6132 + 486.885667, 4);
    expect(env.shippedMonthly).toBeCloseTo(2810.5 + 817.6, 6);
    // (6,618.886 − 3,628.1) / 6,618.886 = 45.19 %
    expect(env.percentSaved).toBeCloseTo(45.19, 2);
    const autoStop = env.levers.find((l) => l.lever === "auto-stop")!;
    expect(autoStop.resources).toEqual(["tiny-prod: databricks_sql_endpoint.W"]);
    expect(autoStop.assumption).toMatch(/never stops \(24 h\/day, 10 h of them serving queries\)/);
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
    expect(table).toMatch(/^ Auto-stop and auto-termination\s+\$3,321\.50$/m);
    expect(table).toMatch(/^ Serverless vs classic pipelines\s+-\$330\.71$/m);
    expect(table).toMatch(/^ Saved \(45\.2 %\)\s+\$2,990\.79$/m);
    expect(table).toContain("compute.photonSpeedup = 2");
    const md = renderSavingsMarkdown(report);
    expect(md).toContain("| tiny-prod | $6,618.89 | $3,628.10 | $2,990.79 (45.2 %) |");
    const json = JSON.parse(renderSavingsJson(report));
    expect(json.report).toBe("savings");
    expect(json.environments[0].levers).toHaveLength(8);
  });
});

describe("the CLI", () => {
  function run(...argv: string[]) {
    let out = "";
    let err = "";
    const code = main([...argv, "--catalog-dir", CATALOG_DIR], {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
    });
    return { code, out, err };
  }

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
    // Reviewed by hand from the lever table (README, "Savings"): aws-prod $12,247.65 → $7,128.26,
    // azure-prod $22,916.61 → $8,531.96.
    expect(env("aws-prod").percentSaved).toBeCloseTo(41.8, 1);
    expect(env("azure-prod").percentSaved).toBeCloseTo(62.8, 1);
    expect(env("aws-prod").stacks).toEqual(["aws-prod", "aws-prod-workspace"]);
  });
});
