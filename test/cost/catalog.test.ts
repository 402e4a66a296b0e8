/**
 * The price catalogs: which regions and tiers they price, the lookups other code uses (dbuRateOf,
 * vmPriceOf), and the validation that makes a typo in a catalog file fail loudly, naming the file and path.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { readConfigFile } from "../../config/source";
import { CatalogSet, dbuRateOf, vmPriceOf, type PriceCatalog } from "../../cost/catalog";
import { CATALOG_DIR, catalogs } from "./helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cat = (cloud: "aws" | "azure", region: string): PriceCatalog => catalogs.get(cloud, region);
const AWS_USE1 = cat("aws", "us-east-1");
const AWS_USW2 = cat("aws", "us-west-2");
const AWS_EUW1 = cat("aws", "eu-west-1");
const AZ_EUS = cat("azure", "eastus");
const AZ_WEU = cat("azure", "westeurope");

describe("catalogs", () => {
  test("five catalogs load, all at the same version", () => {
    expect(
      catalogs
        .list()
        .map((c) => `${c.cloud}/${c.region} ${c.version}`)
        .sort(),
    ).toEqual([
      "aws/eu-west-1 2026.11.29-1",
      "aws/us-east-1 2026.11.29-1",
      "aws/us-west-2 2026.11.29-1",
      "azure/eastus 2026.11.29-1",
      "azure/westeurope 2026.11.29-1",
    ]);
  });

  test("the new AWS regions say what they price and what stays unpriced", () => {
    expect(AWS_USW2.regionNote).toMatch(/S3, KMS, Kinesis and interface VPC endpoint prices for us-west-2/);
    expect(AWS_USW2.prices["s3.storage.STANDARD"]).toMatchObject({ amount: null, unit: "GB-month" });
    expect(AWS_USW2.prices["s3.storage.STANDARD"]!.unpricedReason).toMatch(/no dated us-west-2 list price/);
    expect(AWS_EUW1.prices["kms.key"]!.amount).toBeNull();
    expect(AWS_USW2.prices["nat.hour"]).toMatchObject({ amount: 0.045, source: "cloudpipelines-nat-2026" });
    expect(AWS_USW2.prices["nat.hour"]!.note).toMatch(/approximate/);
    expect(AWS_EUW1.prices["nat.hour"]!.amount).toBeNull();
    expect(AWS_EUW1.prices["publicIpv4.hour"]!.amount).toBe(0.005);
    expect(AWS_EUW1.prices["vpcEndpoint.gateway.hour"]!.amount).toBe(0);
  });

  test("us-east-1 Glacier classes are priced from the cited third-party tables", () => {
    const s3 = (cls: string) => AWS_USE1.prices[`s3.storage.${cls}`]!;
    expect([s3("GLACIER_IR").amount, s3("GLACIER").amount, s3("DEEP_ARCHIVE").amount]).toEqual([
      0.004, 0.0036, 0.00099,
    ]);
    expect(s3("GLACIER")).toMatchObject({ source: "aws-s3-thirdparty-2026", asOf: "2026-06-05" });
    expect(s3("GLACIER").note).toMatch(/^third-party table stated as US East \(N\. Virginia\)/);
    expect(AWS_USE1.sources["aws-s3-thirdparty-2026"]!.url).toBe(
      "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing",
    );
    expect(s3("INTELLIGENT_TIERING").amount).toBeNull();
  });

  test("westeurope: real DBU rates; NAT and public IP from the West Europe golden file", () => {
    expect(dbuRateOf(AZ_WEU, "SQL_PRO", "PREMIUM").amount).toBe(0.72);
    expect(dbuRateOf(AZ_WEU, "SQL_SERVERLESS", "PREMIUM").amount).toBe(0.91);
    expect(dbuRateOf(AZ_WEU, "SERVERLESS_JOBS", "PREMIUM").amount).toBe(0.5);
    expect(dbuRateOf(AZ_WEU, "JOBS", "PREMIUM")).toMatchObject({
      amount: 0.3,
      source: "lakemeter-dbu-2026-04-10",
      asOf: "2026-04-10",
    });
    expect(JSON.stringify(AZ_WEU.databricks)).not.toContain("TAKEN FROM EASTUS");
    expect(AZ_WEU.prices["nat.dataGb"]).toMatchObject({
      amount: 0.045,
      source: "infracost-golden-2024-07-01",
    });
    expect(AZ_WEU.regionNote).toMatch(/Still taken from elsewhere/);
    // eastus keeps its own (lower) serverless rates.
    expect(dbuRateOf(AZ_EUS, "SQL_SERVERLESS", "PREMIUM").amount).toBe(0.7);
  });
});

describe("dbuRateOf", () => {
  test.each([
    ["us-east-1", "JOBS", "ENTERPRISE", 0.2],
    ["us-east-1", "JOBS", "PREMIUM", 0.15],
    ["us-east-1", "ALL_PURPOSE", "ENTERPRISE", 0.65],
    ["us-east-1", "DLT_ADVANCED", "ENTERPRISE", 0.36],
    ["us-west-2", "JOBS_LIGHT", "ENTERPRISE", 0.13],
    ["us-west-2", "SQL_SERVERLESS", "PREMIUM", 0.7],
    ["eu-west-1", "SQL_SERVERLESS", "PREMIUM", 0.91],
    ["eu-west-1", "SQL_PRO", "ENTERPRISE", 0.72],
    ["eu-west-1", "SERVERLESS_JOBS", "PREMIUM", 0.39],
    ["eu-west-1", "SERVERLESS_JOBS", "ENTERPRISE", 0.5],
    ["eu-west-1", "ALL_PURPOSE_SERVERLESS", "ENTERPRISE", 1.0],
  ] as const)("aws %s %s %s = %p $/DBU", (region, sku, tier, expected) => {
    expect(dbuRateOf(cat("aws", region), sku, tier)).toMatchObject({ amount: expected, currency: "USD" });
  });

  test("the tier is matched in any case", () => {
    expect(dbuRateOf(AWS_USE1, "JOBS", "enterprise").amount).toBe(0.2);
  });

  test("Azure ENTERPRISE is unpriced: Azure Databricks has no Enterprise tier", () => {
    const rate = dbuRateOf(AZ_WEU, "JOBS", "ENTERPRISE");
    expect(rate.amount).toBeNull();
    expect(rate.unpricedReason).toBe(
      "Azure Databricks has no Enterprise tier: every Azure row of the Databricks list prices is PREMIUM (lakemeter dbu-rates.csv, 2026-04-10); catalog azure/westeurope has PREMIUM DBU rates, the workspace is ENTERPRISE",
    );
    expect(dbuRateOf(AZ_EUS, "SQL_PRO", "ENTERPRISE").unpricedReason).toMatch(
      /^Azure Databricks has no Enterprise tier/,
    );
  });

  test("a tier or SKU the catalog lacks is unpriced with the reason", () => {
    expect(dbuRateOf(AWS_USE1, "JOBS", "STANDARD")).toEqual({
      amount: null,
      unit: "DBU",
      unpricedReason: "no STANDARD DBU rates in catalog aws/us-east-1 (it has PREMIUM, ENTERPRISE)",
    });
    const noSku = { ...AWS_USW2, databricks: { ...AWS_USW2.databricks, dbuRates: {} } };
    expect(dbuRateOf(noSku, "JOBS", "PREMIUM").unpricedReason).toBe(
      "no JOBS DBU rate at PREMIUM in catalog aws/us-west-2",
    );
  });
});

describe("vmPriceOf", () => {
  test("m5d.xlarge in us-east-1: on-demand list price and the observed spot average", () => {
    const { onDemand, spot } = vmPriceOf(AWS_USE1, "m5d.xlarge");
    expect(onDemand).toMatchObject({
      amount: 0.226,
      unit: "USD/hour",
      currency: "USD",
      source: "lakemeter-vm-aws-2025-11-30",
      asOf: "2025-11-30",
    });
    expect(spot).toMatchObject({ amount: 0.1164, unit: "USD/hour", source: "lakemeter-vm-aws-2025-11-30" });
    expect(spot.note).toMatch(/90-day average .* not a list price/);
  });

  test.each([
    ["aws", "us-west-2", "m5d.large", 0.113, 0.0488],
    ["aws", "eu-west-1", "i3.xlarge", 0.344, 0.1654],
    ["aws", "eu-west-1", "r5d.xlarge", 0.32, 0.1881],
    ["azure", "eastus", "Standard_D8ds_v5", 0.452, 0.1143],
    ["azure", "westeurope", "Standard_D4ds_v5", 0.272, 0.0503],
    ["azure", "westeurope", "Standard_E8ds_v5", 0.692, 0.1279],
  ] as const)("%s %s %s: %p on demand, %p spot", (cloud, region, node, onDemand, spot) => {
    const vm = vmPriceOf(cat(cloud, region), node);
    expect([vm.onDemand.amount, vm.spot.amount]).toEqual([onDemand, spot]);
  });

  test("an unknown node type is unpriced with the reason", () => {
    expect(vmPriceOf(AWS_EUW1, "x9.mega")).toEqual({
      onDemand: {
        amount: null,
        unit: "USD/hour",
        unpricedReason: "no VM price for node type x9.mega in catalog aws/eu-west-1",
      },
      spot: {
        amount: null,
        unit: "USD/hour",
        unpricedReason: "no VM price for node type x9.mega in catalog aws/eu-west-1",
      },
    });
  });

  test("DS*_v2: estimated in eastus (no spot), unpriced in westeurope (the source's figure is synthetic)", () => {
    const eastus = vmPriceOf(AZ_EUS, "Standard_DS3_v2");
    expect(eastus.onDemand.amount).toBe(0.293);
    expect(eastus.onDemand.note).toMatch(/^estimated \(lakemeter, deprecated SKU\)/);
    expect(eastus.spot).toEqual({
      amount: null,
      unit: "USD/hour",
      unpricedReason: "no spot figure for node type Standard_DS3_v2 in catalog azure/eastus",
    });
    const weu = vmPriceOf(AZ_WEU, "Standard_DS4_v2");
    expect(weu.onDemand.amount).toBeNull();
    expect(weu.onDemand.unpricedReason).toMatch(/eastus estimate × 1\.05 \(synthetic/);
    expect(weu.spot.amount).toBeNull();
  });

  test("every node type the cluster policies of both examples allow has a VM price in its region", () => {
    const retail = readConfigFile(join(__dirname, "..", "..", "examples", "retail-demand.yaml"), "test");
    const allowed = [loadConfig(EXAMPLE_CONFIG), loadConfig(retail)].flatMap((config) =>
      config.environments.flatMap((env) =>
        env.databricks.clusterPolicy.allowedNodeTypes.map((node) => {
          const price = vmPriceOf(cat(env.cloud, env.region), node).onDemand.amount;
          return `${env.cloud}/${env.region} ${node}: ${price === null ? "unpriced" : "priced"}`;
        }),
      ),
    );
    expect([...new Set(allowed)].sort()).toEqual([
      "aws/us-east-1 i3.xlarge: priced",
      "aws/us-east-1 m5d.large: priced",
      "aws/us-east-1 m5d.xlarge: priced",
      "aws/us-west-2 m5d.large: priced",
      "aws/us-west-2 m5d.xlarge: priced",
      "azure/eastus Standard_D4ds_v5: priced",
      "azure/eastus Standard_D8ds_v5: priced",
      "azure/westeurope Standard_D4ds_v5: priced",
      "azure/westeurope Standard_D8ds_v5: priced",
    ]);
  });
});

describe("validation: a malformed catalog is rejected, naming the file and the path", () => {
  const base = (): Json => JSON.parse(readFileSync(join(CATALOG_DIR, "aws-us-west-2.json"), "utf8"));
  const load = (catalog: unknown): CatalogSet => {
    const dir = mkdtempSync(join(tmpdir(), "catalog-"));
    writeFileSync(join(dir, "aws-us-west-2.json"), JSON.stringify(catalog));
    return new CatalogSet(dir);
  };

  test("the shipped file itself is valid", () => {
    expect(load(base()).get("aws", "us-west-2").version).toBe("2026.11.29-1");
  });

  test.each([
    [
      "a VM price with a missing source",
      (c: Json) => void (c.databricks.vmPrices["m5d.large"].source = "nowhere"),
      "databricks.vmPrices.m5d.large: source 'nowhere' is not in sources",
    ],
    [
      "a VM price in the wrong unit",
      (c: Json) => void (c.databricks.vmPrices["m5d.large"].unit = "USD/h"),
      "databricks.vmPrices.m5d.large: unit must be USD/hour, got USD/h",
    ],
    [
      "a misspelt VM price field",
      (c: Json) => void (c.databricks.vmPrices["i3.xlarge"].spotAmout = 0.1),
      "databricks.vmPrices.i3.xlarge: unknown field spotAmout",
    ],
    [
      "a spot figure without the note saying what it is",
      (c: Json) => void delete c.databricks.vmPrices["i3.xlarge"].spotNote,
      "databricks.vmPrices.i3.xlarge: spotAmount needs a spotNote",
    ],
    [
      "the old single vmPrices entry",
      (c: Json) =>
        void (c.databricks.vmPrices = { amount: null, unit: "USD/hour per node", unpricedReason: "n/a" }),
      "databricks.vmPrices.amount: must be an object with amount and unit",
    ],
    ["no vmPrices", (c: Json) => void delete c.databricks.vmPrices, "databricks.vmPrices missing"],
    [
      "a DBU rate without a source",
      (c: Json) => void delete c.databricks.dbuRatesByTier.ENTERPRISE.JOBS.source,
      "databricks.dbuRatesByTier.ENTERPRISE.JOBS: source 'undefined' is not in sources",
    ],
    [
      "a misspelt SKU",
      (c: Json) => void (c.databricks.dbuRates.JOB = c.databricks.dbuRates.JOBS),
      "databricks.dbuRates.JOB: unknown DBU SKU",
    ],
    [
      "a tier not in upper case",
      (c: Json) =>
        void (c.databricks.dbuRatesByTier = { Enterprise: c.databricks.dbuRatesByTier.ENTERPRISE }),
      "databricks.dbuRatesByTier.Enterprise: tier names are upper case",
    ],
  ])("%s", (_name, edit, message) => {
    const catalog = base();
    edit(catalog);
    expect(() => load(catalog)).toThrow(/price catalog \/.*\/aws-us-west-2\.json: /);
    expect(() => load(catalog)).toThrow(message);
  });
});
