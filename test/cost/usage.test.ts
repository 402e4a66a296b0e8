import { CatalogSet } from "../../cost/catalog";
import { CostReviewError } from "../../cost/errors";
import { DEFAULT_USAGE, UsageProfiles, validateUsageFile } from "../../cost/usage";
import { CATALOG_DIR, tempFile } from "./helpers";

describe("usage profiles", () => {
  test("stage from the stack name, then the environment tag, else prod", () => {
    const p = new UsageProfiles();
    expect(p.forStack("aws-staging")).toMatchObject({ stage: "staging", stageSource: "stack name" });
    expect(p.forStack("azure-lake", "dev")).toMatchObject({ stage: "dev", stageSource: "environment tag" });
    expect(p.forStack("azure-lake", "qa")).toMatchObject({
      stage: "prod",
      stageSource: "default (unknown stage: prod profile)",
    });
  });

  test("each stage's defaults are its column of the table; a value written once holds for every stage", () => {
    const { dev, staging, prod } = DEFAULT_USAGE;
    expect([dev, staging, prod].map((u) => u.storage.landing)).toEqual([
      { storedGb: 50, retainedDays: 30, writeRequestsPerMonth: 100_000, readRequestsPerMonth: 200_000 },
      { storedGb: 250, retainedDays: 90, writeRequestsPerMonth: 500_000, readRequestsPerMonth: 1_000_000 },
      {
        storedGb: 2_000,
        retainedDays: 365,
        writeRequestsPerMonth: 5_000_000,
        readRequestsPerMonth: 5_000_000,
      },
    ]);
    expect([dev, staging, prod].map((u) => u.pipelines)).toEqual([
      { hoursPerDay: 2, minutesPerUpdate: 10, classicStartMinutes: 5, serverlessDbuPerHour: 4 },
      { hoursPerDay: 4, minutesPerUpdate: 8, classicStartMinutes: 5, serverlessDbuPerHour: 8 },
      { hoursPerDay: 24, minutesPerUpdate: 6, classicStartMinutes: 5, serverlessDbuPerHour: 16 },
    ]);
    expect([dev, staging, prod].map((u) => u.compute.photonSpeedup)).toEqual([2, 2, 2]);
    // The report prints the assumptions in the profile's key order.
    expect(Object.keys(staging)).toEqual([
      "storage",
      "streaming",
      "pipelines",
      "jobs",
      "warehouse",
      "interactiveClusters",
      "compute",
      "maintenance",
      "network",
      "keys",
    ]);
  });

  test("stage overrides then stack overrides are merged onto the defaults", () => {
    const p = new UsageProfiles({
      stages: { prod: { warehouse: { hoursPerDay: 12 }, storage: { gold: { storedGb: 9 } } } },
      stacks: { "aws-prod": { usage: { warehouse: { sessionsPerDay: 1 } } } },
    });
    const r = p.forStack("aws-prod");
    expect(r.profile.warehouse).toEqual({
      ...DEFAULT_USAGE.prod.warehouse,
      hoursPerDay: 12,
      sessionsPerDay: 1,
    });
    expect(r.profile.storage.gold.storedGb).toBe(9);
    expect(r.profile.storage.gold.retainedDays).toBe(DEFAULT_USAGE.prod.storage.gold.retainedDays);
    expect(r.overridden).toEqual([
      "storage.gold.storedGb",
      "warehouse.hoursPerDay",
      "warehouse.sessionsPerDay",
    ]);
    expect(p.forStack("azure-prod").profile.warehouse.sessionsPerDay).toBe(
      DEFAULT_USAGE.prod.warehouse.sessionsPerDay,
    );
  });

  test.each([
    [
      { stages: { prod: { warehouse: { hoursPerDay: -1 } } } },
      /stages.prod.warehouse.hoursPerDay: -1 is negative/,
    ],
    [
      { stages: { prod: { warehouse: { hoursPerDay: "ten" } } } },
      /stages.prod.warehouse.hoursPerDay: "ten" is not a number/,
    ],
    [
      { stages: { prod: { warehouse: { hoursPerDay: 25 } } } },
      /hoursPerDay: 25 hours per day is more than 24/,
    ],
    [
      { stages: { prod: { storage: { gold: { retainedDays: 0 } } } } },
      /storage.gold.retainedDays: must be greater than 0/,
    ],
    [
      { stages: { prod: { warehouse: { hoursPerDy: 2 } } } },
      /stages.prod.warehouse.hoursPerDy: unknown field \(expected one of hoursPerDay/,
    ],
    [{ stages: { qa: {} } }, /stages.qa: unknown stage/],
    [
      { stacks: { "aws-prod": { stage: "live" } } },
      /stacks.aws-prod.stage: "live" is not one of dev, staging, prod/,
    ],
    [{ profiles: {} }, /unknown key 'profiles'/],
    [[1, 2], /must be a JSON object/],
  ])("rejects %j", (file, message) => {
    expect(() => validateUsageFile(file, "usage.json")).toThrow(CostReviewError);
    expect(() => validateUsageFile(file, "usage.json")).toThrow(message);
  });
});

describe("price catalog", () => {
  const catalogs = new CatalogSet(CATALOG_DIR);

  test("has aws us-east-1, us-west-2, eu-west-1, azure eastus and westeurope; every priced entry has unit, currency, source, date", () => {
    expect(
      catalogs
        .list()
        .map((c) => `${c.cloud}/${c.region}`)
        .sort(),
    ).toEqual(["aws/eu-west-1", "aws/us-east-1", "aws/us-west-2", "azure/eastus", "azure/westeurope"]);
    for (const c of catalogs.list()) {
      for (const e of Object.values(c.prices)) {
        if (e.amount === null) expect(e.unpricedReason).toBeTruthy();
        else
          expect(e).toEqual(
            expect.objectContaining({
              unit: expect.any(String),
              currency: "USD",
              asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
            }),
          );
      }
    }
  });

  test("rejects a catalog entry without a source", () => {
    const bad = {
      schemaVersion: 1,
      version: "x",
      cloud: "aws",
      region: "eu-west-1",
      currency: "USD",
      hoursPerMonth: 730,
      sources: {},
      prices: { "kms.key": { amount: 1, unit: "key-month", currency: "USD", asOf: "2024-01-01" } },
      databricks: { dbuRates: {}, photonMultipliers: {}, nodeTypeDbuPerHour: {}, sqlWarehouseDbuPerHour: {} },
    };
    const path = tempFile("aws-eu-west-1.json", bad);
    expect(() => new CatalogSet(path.replace(/\/[^/]+$/, ""))).toThrow(
      /prices.kms.key: source 'undefined' is not in sources/,
    );
  });
});
