import {
  EXAMPLE_CONFIG,
  loadConfig,
  type LakehouseConfigInput,
  type ResolvedAwsEnvironment,
  type ResolvedAzureEnvironment,
  type ResolvedEnvironment,
} from "../../config";
import { environmentId, resolveConfig } from "../../config/resolve";
import { LAKEHOUSE_CONFIG_SCHEMA } from "../../config/schema";
import { exampleConfig, withEnvironment, withProject } from "../fixtures/config";

function environment(input: LakehouseConfigInput, id: string): ResolvedEnvironment {
  const env = loadConfig(input).environments.find((e) => e.id === id);
  if (!env) throw new Error(`test setup: no environment '${id}'`);
  return env;
}

function azure(input: LakehouseConfigInput, id: `azure-${string}`): ResolvedAzureEnvironment {
  const env = environment(input, id);
  if (env.cloud !== "azure") throw new Error(`test setup: '${id}' is not an Azure environment`);
  return env;
}

function aws(input: LakehouseConfigInput, id: `aws-${string}`): ResolvedAwsEnvironment {
  const env = environment(input, id);
  if (env.cloud !== "aws") throw new Error(`test setup: '${id}' is not an AWS environment`);
  return env;
}

describe("environment ids", () => {
  test("are `<cloud>-<name>`, in config order", () => {
    expect(loadConfig(EXAMPLE_CONFIG).environments.map((e) => e.id)).toEqual([
      "azure-dev",
      "azure-staging",
      "azure-prod",
      "aws-dev",
      "aws-staging",
      "aws-prod",
    ]);
  });

  test("environmentId joins cloud and name", () => {
    expect(environmentId({ cloud: "aws", name: "prod" })).toBe("aws-prod");
    expect(environmentId({ cloud: "azure", name: "dev2" })).toBe("azure-dev2");
  });
});

describe("derived Azure names", () => {
  test("default from the project prefix and environment name", () => {
    const env = azure(EXAMPLE_CONFIG, "azure-staging");
    expect(env.storage.accountName).toBe("frdlhstaginglake");
    expect(env.storage.keyVaultName).toBe("frdlh-staging-kv");
    expect(env.streaming.namespaceName).toBe("frdlh-staging-ingest");
  });

  test("follow a changed project prefix", () => {
    const env = azure(
      withProject((project) => {
        project.prefix = "acme";
      }),
      "azure-prod",
    );
    expect(env.storage.accountName).toBe("acmeprodlake");
    expect(env.storage.keyVaultName).toBe("acme-prod-kv");
    expect(env.streaming.namespaceName).toBe("acme-prod-ingest");
  });

  test("explicit names are kept as written", () => {
    const env = azure(
      withEnvironment("azure-prod", (e) => {
        e.storage.accountName = "contosolake01";
        e.storage.keyVaultName = "contoso-lake-kv";
        e.streaming.namespaceName = "contoso-ingest";
      }),
      "azure-prod",
    );
    expect(env.storage.accountName).toBe("contosolake01");
    expect(env.storage.keyVaultName).toBe("contoso-lake-kv");
    expect(env.streaming.namespaceName).toBe("contoso-ingest");
  });
});

describe("derived AWS names", () => {
  test("bucketPrefix defaults to `<prefix>-<env>`", () => {
    expect(aws(EXAMPLE_CONFIG, "aws-dev").storage.bucketPrefix).toBe("frdlh-dev");
    expect(aws(EXAMPLE_CONFIG, "aws-prod").storage.bucketPrefix).toBe("frdlh-prod");
  });

  test("an explicit bucketPrefix is kept as written", () => {
    const env = aws(
      withEnvironment("aws-prod", (e) => {
        e.storage.bucketPrefix = "acme-lake";
      }),
      "aws-prod",
    );
    expect(env.storage.bucketPrefix).toBe("acme-lake");
  });
});

describe("customerManagedKey default", () => {
  test("is true in prod when not set", () => {
    const input = withEnvironment("azure-prod", (e) => {
      delete e.storage.customerManagedKey;
    });
    expect(azure(input, "azure-prod").storage.customerManagedKey).toBe(true);
  });

  test.each(["azure-dev", "azure-staging"] as const)("is false in %s when not set", (id) => {
    expect(azure(EXAMPLE_CONFIG, id).storage.customerManagedKey).toBe(false);
  });

  test("an explicit false in prod is kept", () => {
    const input = withEnvironment("azure-prod", (e) => {
      e.storage.customerManagedKey = false;
      e.databricks.customerManagedKeys = false;
    });
    expect(azure(input, "azure-prod").storage.customerManagedKey).toBe(false);
  });

  test("an explicit true in dev is kept", () => {
    const input = withEnvironment("azure-dev", (e) => {
      e.storage.customerManagedKey = true;
    });
    expect(azure(input, "azure-dev").storage.customerManagedKey).toBe(true);
  });

  test("follows the stage, not the environment name", () => {
    const input = withEnvironment("azure-staging", (e) => {
      e.stage = "prod";
    });
    expect(azure(input, "azure-staging").storage.customerManagedKey).toBe(true);
  });
});

describe("protectStatefulResources", () => {
  test.each([
    ["azure-dev", false],
    ["azure-staging", true],
    ["azure-prod", true],
    ["aws-dev", false],
    ["aws-staging", true],
    ["aws-prod", true],
  ])("%s → %s", (id, expected) => {
    expect(environment(EXAMPLE_CONFIG, id).protectStatefulResources).toBe(expected);
  });

  test("follows the stage, not the environment name", () => {
    const input = withEnvironment("aws-prod", (e) => {
      e.stage = "dev";
    });
    expect(environment(input, "aws-prod").protectStatefulResources).toBe(false);
  });
});

describe("tags", () => {
  test("carry the project, environment, owner and cost center", () => {
    expect(environment(EXAMPLE_CONFIG, "aws-staging").tags).toEqual({
      project: "fraud-lakehouse",
      environment: "staging",
      owner: "data-platform@example.com",
      costCenter: "cc-4410",
      extra: { "data-classification": "confidential" },
    });
  });

  test("merge project and environment tags, the environment's winning", () => {
    const input = withEnvironment("azure-prod", (e) => {
      e.tags = { "data-classification": "restricted", "business-unit": "payments" };
    });
    expect(environment(input, "azure-prod").tags.extra).toEqual({
      "data-classification": "restricted",
      "business-unit": "payments",
    });
    // Other environments keep the project tags only.
    expect(environment(input, "azure-dev").tags.extra).toEqual({ "data-classification": "confidential" });
  });

  test("extra is empty when neither project nor environment has tags", () => {
    const input = withProject((project) => {
      delete project.tags;
    });
    expect(environment(input, "aws-dev").tags.extra).toEqual({});
  });
});

describe("schema defaults", () => {
  test("fill in backend, firewall, consumer group and KMS defaults", () => {
    const azureDev = azure(EXAMPLE_CONFIG, "azure-dev");
    expect(azureDev.backend).toEqual({ type: "local" });
    expect(azureDev.network.allowedPublicIpRanges).toEqual([]);
    expect(azureDev.streaming.consumerGroup).toBe("databricks");
    expect(azureDev.storage.publicNetworkAccess).toBe(true);
    expect(azureDev.storage.immutability).toBeUndefined();

    const awsDev = aws(EXAMPLE_CONFIG, "aws-dev");
    expect(awsDev.storage.kmsDeletionWindowDays).toBe(30);
    expect(awsDev.storage.objectLock).toBeUndefined();
  });

  test("Object Lock defaults to landing only, in GOVERNANCE mode", () => {
    const input = withEnvironment("aws-prod", (e) => {
      e.storage.objectLock = { days: 90 };
    });
    expect(aws(input, "aws-prod").storage.objectLock).toEqual({
      layers: ["landing"],
      days: 90,
      mode: "GOVERNANCE",
    });
  });

  test("tiering defaults to no rules", () => {
    const input = withEnvironment("aws-dev", (e) => {
      delete e.storage.tiering;
    });
    expect(aws(input, "aws-dev").storage.tiering).toEqual({});
  });
});

describe("resolveConfig", () => {
  test("matches what loadConfig returns for valid config, given the validated dataset specs", () => {
    const parsed = LAKEHOUSE_CONFIG_SCHEMA.parse(exampleConfig());
    const loaded = loadConfig(exampleConfig());
    expect(Object.keys(loaded.datasets).sort()).toEqual(["aws", "azure"]);
    expect(resolveConfig(parsed, loaded.datasets)).toEqual(loaded);
  });

  test("keeps the project section as parsed", () => {
    expect(loadConfig(EXAMPLE_CONFIG).project).toEqual(EXAMPLE_CONFIG.project);
  });

  test("does not modify its input", () => {
    const input = exampleConfig();
    loadConfig(input);
    expect(input).toEqual(EXAMPLE_CONFIG);
  });
});
