/**
 * Every resource type the example stacks synthesize — both examples as configured, and the built-in one
 * with every opt-in switched on (online serving, AWS PrivateLink, Azure private endpoints and
 * customer-managed keys, serverless Azure pipelines) — is priced, known to be free, or known to be
 * unpriced with a reason. A new construct that adds a type fails here until the review knows what it costs.
 */
import { Testing } from "cdktf";
import { join } from "node:path";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { readConfigFile } from "../../config/source";
import { FREE, KNOWN_UNPRICED, PRICING, priceResource } from "../../cost/estimator";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { readSynthesizedStack } from "../../terraform-json/synthesized-stack";

type Input = typeof EXAMPLE_CONFIG;

function everyOptIn(input: Input): Input {
  const all = structuredClone(input) as Input & { environments: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const env of all.environments) {
    if (env.pipelines) env.pipelines.onlineServing = true;
    if (env.cloud === "azure") {
      // Serverless pipelines reach Event Hubs through an NCC private endpoint.
      if (env.pipelines) env.pipelines.compute = { kind: "serverless" };
      env.databricks.privateEndpoints = true;
      env.databricks.customerManagedKeys = true;
      env.storage.customerManagedKey = true;
    }
    if (env.cloud === "aws" && env.name === "prod") {
      env.network.subnets.privateLink = "10.130.9.0/28";
      env.databricks.pricingTier = "ENTERPRISE";
      env.databricks.privateLink = {
        workspaceServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-00000000000000001",
        relayServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-00000000000000002",
      };
    }
  }
  return all;
}

/** Resource types of every stack the config synthesizes. */
function synthesizedTypes(input: Input): Set<string> {
  const types = new Set<string>();
  for (const stack of addLakehouseStacks(Testing.app(), loadConfig(input))) {
    for (const r of readSynthesizedStack(JSON.parse(Testing.synth(stack))).resources) types.add(r.type);
  }
  return types;
}

const RETAIL = readConfigFile(join(__dirname, "..", "..", "examples", "retail-demand.yaml"), "test") as Input;

const types = [
  ...new Set([
    ...synthesizedTypes(EXAMPLE_CONFIG),
    ...synthesizedTypes(everyOptIn(EXAMPLE_CONFIG)),
    ...synthesizedTypes(RETAIL),
  ]),
].sort();

test("the opt-ins add the online-serving and PrivateLink types", () => {
  expect(types).toEqual(
    expect.arrayContaining([
      "databricks_online_store",
      "databricks_database_synced_database_table",
      "databricks_mws_private_access_settings",
      "databricks_mws_vpc_endpoint",
      "databricks_mws_ncc_private_endpoint_rule",
    ]),
  );
});

test("every synthesized resource type is priced, free or knowingly unpriced", () => {
  const unknown = types.filter((t) => !(t in PRICING) && !(t in FREE) && !(t in KNOWN_UNPRICED));
  expect(unknown).toEqual([]);
});

test("a type is in one table only", () => {
  const tables = [PRICING, FREE, KNOWN_UNPRICED].map((t) => new Set(Object.keys(t)));
  const twice = [...new Set(tables.flatMap((t) => [...t]))].filter(
    (type) => tables.filter((t) => t.has(type)).length > 1,
  );
  expect(twice).toEqual([]);
});

test("time_sleep and databricks_directory are free; the online store is unpriced with its reason", () => {
  const price = (type: string) =>
    priceResource({ mode: "managed", type, name: "X", address: `${type}.X`, attributes: {} }, undefined);
  expect(price("time_sleep")).toMatchObject({ status: "free", monthlyCost: 0 });
  expect(price("databricks_connection")).toMatchObject({ status: "free", monthlyCost: 0 });
  expect(price("databricks_directory")).toMatchObject({
    status: "free",
    reason: "no charge (a workspace folder)",
  });
  expect(price("databricks_online_store")).toMatchObject({
    status: "unpriced",
    reason: "online store (Lakebase) capacity-unit rates are not in the catalog",
  });
  expect(price("databricks_database_synced_database_table").reason).toMatch(/sync pipeline's DBUs/);
});
