/**
 * Production posture settings: private storage and Key Vault need the private-endpoint subnet, and a
 * Key Vault must be reachable by the runner from a stable range or through its private endpoint.
 */
import { EXAMPLE_CONFIG, loadConfig, type ResolvedAzureEnvironment } from "../../config";
import { withEnvironment } from "../fixtures/config";
import { onlyIssueOf } from "../support/config-issues";

const onlyIssue = (input: unknown, path: string) => onlyIssueOf(() => loadConfig(input), path);
const withoutPeSubnet = (env: { network: { subnets: Record<string, string> } }) => {
  delete env.network.subnets.privateEndpoints;
};

test("the example's azure-prod keeps storage private, landing WORM locked, the vault reachable from the runner range", () => {
  const prod = loadConfig(EXAMPLE_CONFIG).environments.find(
    (e) => e.id === "azure-prod",
  ) as ResolvedAzureEnvironment;
  expect(prod.storage.publicNetworkAccess).toBe(false);
  expect(prod.storage.keyVaultPublicNetworkAccess).toBe(true);
  expect(prod.storage.immutability).toEqual({ layers: ["landing"], days: 365, locked: true });
  expect(prod.network.allowedPublicIpRanges).toEqual(["203.0.113.0/28"]);
});

test("private storage without the private-endpoint subnet is rejected", () => {
  const issue = onlyIssue(
    withEnvironment("azure-staging", (env) => {
      env.storage.publicNetworkAccess = false;
      withoutPeSubnet(env);
    }),
    "environments.azure-staging.storage.publicNetworkAccess",
  );
  expect(issue).toBe(
    "environments.azure-staging.storage.publicNetworkAccess: false needs network.subnets.privateEndpoints, the subnet for the storage account's blob and dfs private endpoints (clusters would lose the lake)",
  );
});

test("a private-only Key Vault without the private-endpoint subnet is rejected", () => {
  const issue = onlyIssue(
    withEnvironment("azure-staging", (env) => {
      env.storage.customerManagedKey = true;
      env.storage.keyVaultPublicNetworkAccess = false;
      env.network.allowedPublicIpRanges = ["203.0.113.0/28"];
      withoutPeSubnet(env);
    }),
    "environments.azure-staging.storage.keyVaultPublicNetworkAccess",
  );
  expect(issue).toContain("false needs network.subnets.privateEndpoints");
});

test("keyVaultPublicNetworkAccess false without a Key Vault is rejected as having no effect", () => {
  const issue = onlyIssue(
    withEnvironment("azure-dev", (env) => {
      env.storage.keyVaultPublicNetworkAccess = false;
    }),
    "environments.azure-dev.storage.keyVaultPublicNetworkAccess",
  );
  expect(issue).toBe(
    "environments.azure-dev.storage.keyVaultPublicNetworkAccess: false has no effect: without storage.customerManagedKey there is no Key Vault",
  );
});

test("a Key Vault no runner can reach (no ranges, no private-endpoint subnet) is rejected", () => {
  const issue = onlyIssue(
    withEnvironment("azure-staging", (env) => {
      env.storage.customerManagedKey = true;
      withoutPeSubnet(env);
    }),
    "environments.azure-staging.network.allowedPublicIpRanges",
  );
  expect(issue).toBe(
    "environments.azure-staging.network.allowedPublicIpRanges: is empty and there is no network.subnets.privateEndpoints, so no runner can reach the Key Vault to create the storage key (a data-plane call); list the runner's stable egress range, or add the subnet and run from the VNet (this value is a default: environments.azure-staging.network.allowedPublicIpRanges is not in your config; set it to override the default)",
  );
});

describe("AWS production options", () => {
  test("prod defaults to a NAT gateway per zone and STS/Kinesis endpoints; other stages to neither", () => {
    const envs = loadConfig(EXAMPLE_CONFIG).environments.filter((e) => e.cloud === "aws");
    expect(
      envs.map((e) => [
        e.id,
        e.cloud === "aws" && e.databricks.natGateways,
        e.cloud === "aws" && e.databricks.interfaceEndpoints,
      ]),
    ).toEqual([
      ["aws-dev", "single", false],
      ["aws-staging", "single", false],
      ["aws-prod", "per-zone", true],
    ]);
  });

  test("per-zone NAT without the second public subnet is rejected, saying it is the prod default", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        delete env.network.subnets.publicB;
      }),
      "environments.aws-prod.network.subnets.publicB",
    );
    expect(issue).toBe(
      "environments.aws-prod.network.subnets.publicB: is required: databricks.natGateways is 'per-zone' (the prod default), which puts a second NAT gateway in a public subnet in us-east-1b; add the subnet or set natGateways 'single'",
    );
  });

  test("workspace CMKs on the Premium tier are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.databricks.customerManagedKeys = true;
      }),
      "environments.aws-staging.databricks.customerManagedKeys",
    );
    expect(issue).toBe(
      "environments.aws-staging.databricks.customerManagedKeys: true needs pricingTier ENTERPRISE (workspace customer-managed keys are an Enterprise feature), got 'PREMIUM'",
    );
  });

  test("a private-only front end with no client networks is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.databricks.privateLink!.frontEndClientCidrs = [];
      }),
      "environments.aws-prod.databricks.privateLink.frontEndClientCidrs",
    );
    expect(issue).toContain(
      "is empty but privateLink.publicAccess is false: nobody could reach the workspace",
    );
  });

  test("Delta noncurrent versions are capped at 7 days and 3 versions", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.storage.deltaNoncurrentVersions = { days: 30, newerVersions: 3 };
      }),
      "environments.aws-dev.storage.deltaNoncurrentVersions.days",
    );
    expect(issue).toBe(
      "environments.aws-dev.storage.deltaNoncurrentVersions.days: 30 must be a whole number of days from 1 to 7",
    );
  });
});
