/**
 * One test per config rule: each feeds the example config with one field broken to `loadConfig` and
 * checks the single reported issue names the environment, the exact field path, the offending value
 * and the rule it broke.
 */
import { ConfigValidationError, EXAMPLE_CONFIG, loadConfig } from "../../config";
import { exampleConfig, loose, withConfig, withEnvironment, withProject } from "../fixtures/config";
import { issuesOf as issuesOfLoad, onlyIssueOf, pathOf } from "../support/config-issues";

const issuesOf = (input: unknown) => issuesOfLoad(() => loadConfig(input));
const onlyIssue = (input: unknown, path: string) => onlyIssueOf(() => loadConfig(input), path);

describe("the example config", () => {
  test("loads without error", () => {
    expect(() => loadConfig(EXAMPLE_CONFIG)).not.toThrow();
  });

  test("loads all six environments", () => {
    expect(loadConfig(exampleConfig()).environments).toHaveLength(6);
  });
});

describe("ConfigValidationError", () => {
  test("is an Error whose message lists every issue", () => {
    const input = withEnvironment("aws-prod", (env) => {
      env.region = "us-east1";
    });
    let error: unknown;
    try {
      loadConfig(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ConfigValidationError);
    const { name, message, issues } = error as ConfigValidationError;
    expect(name).toBe("ConfigValidationError");
    expect(message).toMatch(/^Invalid lakehouse config \(1 problem\):/);
    expect(message).toContain(issues[0]);
  });

  test("reports several cross-field problems in one error", () => {
    const input = withEnvironment(
      "aws-prod",
      (env) => {
        env.storage.bucketPrefix = "Bad_Name";
      },
      withEnvironment("azure-dev", (env) => {
        env.region = "westeurope1";
      }),
    );
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.map(pathOf)).toEqual(
      expect.arrayContaining(["environments.azure-dev.region", "environments.aws-prod.storage.bucketPrefix"]),
    );
  });

  test("reports several schema problems in one error", () => {
    const input = withEnvironment(
      "azure-staging",
      (env) => {
        env.storage.softDeleteDays = 0;
      },
      withProject((project) => {
        project.prefix = "Bad_Pfx";
      }),
    );
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.map(pathOf)).toEqual(
      expect.arrayContaining(["project.prefix", "environments.azure-staging.storage.softDeleteDays"]),
    );
  });

  test("counts the problems in its message", () => {
    const input = withEnvironment("azure-dev", (env) => {
      env.storage.softDeleteDays = 0;
      env.streaming.sources[0]!.retentionHours = -1;
    });
    let error: unknown;
    try {
      loadConfig(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues).toHaveLength(2);
    expect((error as ConfigValidationError).message).toMatch(/^Invalid lakehouse config \(2 problems\):/);
  });
});

describe("project", () => {
  test.each(["Bad_Pfx", "lakehouse1", "1frd", "f"])("prefix '%s' is rejected", (prefix) => {
    const issue = onlyIssue(
      withProject((project) => {
        project.prefix = prefix;
      }),
      "project.prefix",
    );
    expect(issue).toContain(`'${prefix}'`);
    expect(issue).toMatch(/must be 2–8 lowercase letters or digits, starting with a letter/);
  });

  test("name with uppercase is rejected", () => {
    const issue = onlyIssue(
      withProject((project) => {
        project.name = "Fraud-Lakehouse";
      }),
      "project.name",
    );
    expect(issue).toContain("'Fraud-Lakehouse'");
    expect(issue).toMatch(/must be 3–40 lowercase letters, digits or hyphens/);
  });

  test("empty owner is rejected", () => {
    const issue = onlyIssue(
      withProject((project) => {
        project.owner = "";
      }),
      "project.owner",
    );
    expect(issue).toMatch(/must not be empty/);
  });

  test("tag key with a space is rejected", () => {
    const issue = onlyIssue(
      withProject((project) => {
        project.tags = { "data classification": "confidential" };
      }),
      "project.tags.data classification",
    );
    expect(issue).toContain("'data classification'");
    expect(issue).toMatch(/must be a tag key/);
  });
});

describe("schema shape", () => {
  test("an unknown field in an environment section is rejected (strict objects)", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        loose(env.storage).bronzeObjectLock = { days: 365 };
      }),
      "environments.aws-prod.storage",
    );
    expect(issue).toMatch(/unknown field 'bronzeObjectLock'/);
  });

  test("an unknown field in the project is rejected", () => {
    const issue = onlyIssue(
      withProject((project) => {
        loose(project).region = "eastus";
      }),
      "project",
    );
    expect(issue).toMatch(/unknown field 'region'/);
  });

  test("an unknown top-level field is rejected", () => {
    const issue = onlyIssue(
      withConfig((config) => {
        loose(config).version = 2;
      }),
      "(root)",
    );
    expect(issue).toMatch(/unknown field 'version'/);
  });

  test("a missing required field is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        const storage: Partial<typeof env.storage> = env.storage;
        delete storage.noncurrentVersionDays;
      }),
      "environments.aws-prod.storage.noncurrentVersionDays",
    );
    expect(issue).toMatch(/is required \(number\)/);
  });

  test("a field of the wrong type is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        loose(env.storage).softDeleteDays = "7";
      }),
      "environments.azure-dev.storage.softDeleteDays",
    );
    expect(issue).toMatch(/'7' must be a number, got string/);
  });

  test("an invalid stage is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        loose(env).stage = "production";
      }),
      "environments.aws-prod.stage",
    );
    expect(issue).toContain("'production'");
    expect(issue).toMatch(/must be one of dev, staging, prod/);
  });

  test("an invalid enum value names the value and the options", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        loose(env.storage).replication = "LRS2";
      }),
      "environments.azure-dev.storage.replication",
    );
    expect(issue).toContain("'LRS2'");
    expect(issue).toMatch(/must be one of LRS, ZRS, GRS, GZRS, RAGRS, RAGZRS/);
  });

  test("an unknown cloud is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        loose(env).cloud = "gcp";
      }),
      "environments.gcp-prod.cloud",
    );
    expect(issue).toMatch(/must be one of azure, aws/);
  });

  test("an empty environment list is rejected", () => {
    const issue = onlyIssue(
      withConfig((config) => {
        config.environments = [];
      }),
      "environments",
    );
    expect(issue).toMatch(/must list at least one environment/);
  });

  test.each(["Prod", "production1", "p", "prod-1"])("environment name '%s' is rejected", (name) => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.name = name;
      }),
      `environments.aws-${name}.name`,
    );
    expect(issue).toContain(`'${name}'`);
    expect(issue).toMatch(/must be 2–10 lowercase letters or digits, starting with a letter/);
  });
});

describe("environments", () => {
  test("the same cloud and name twice is rejected", () => {
    const input = withConfig((config) => {
      const copy = structuredClone(config.environments[5]!);
      copy.network.cidr = "10.140.0.0/20";
      copy.network.subnets = { privateA: "10.140.0.0/22" };
      config.environments.push(copy);
    });
    const issue = onlyIssue(input, "environments.aws-prod.name");
    expect(issue).toContain("'prod'");
    expect(issue).toMatch(/is used by environments\[5\] and environments\[6\] on aws/);
    expect(issue).toMatch(/each \(cloud, name\) pair must be unique/);
  });

  test("the same name on different clouds is allowed", () => {
    // The example already has dev, staging and prod on both clouds.
    const ids = loadConfig(exampleConfig()).environments.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("derived names", () => {
  test("the longest prefix and environment names still derive valid names on both clouds", () => {
    // prefix ≤ 8 and environment name ≤ 10 characters keep `<prefix><env>lake` ≤ 24, `<prefix>-<env>-kv`
    // ≤ 24 and `<prefix>-<env>-checkpoints-<account id>-<region>` ≤ 63 even in the longest region.
    const input = withEnvironment(
      "aws-prod",
      (env) => {
        env.name = "production";
        env.region = "ap-northeast-1";
        env.databricks.availabilityZones = ["ap-northeast-1a", "ap-northeast-1c"];
      },
      withEnvironment(
        "azure-prod",
        (env) => {
          env.name = "production";
        },
        withProject((project) => {
          project.prefix = "abcdefgh";
        }),
      ),
    );
    const byId = new Map(loadConfig(input).environments.map((env) => [env.id, env]));
    expect(byId.get("azure-production")).toMatchObject({
      storage: { accountName: "abcdefghproductionlake", keyVaultName: "abcdefgh-production-kv" },
      streaming: { namespaceName: "abcdefgh-production-ingest" },
    });
    expect(byId.get("aws-production")).toMatchObject({ storage: { bucketPrefix: "abcdefgh-production" } });
  });
});

describe("regions", () => {
  test("an unknown Azure region is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.region = "eastus1";
      }),
      "environments.azure-prod.region",
    );
    expect(issue).toContain("'eastus1'");
    expect(issue).toMatch(/is not an Azure region with Azure Databricks/);
  });

  test("an AWS region name is rejected on Azure", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.region = "eu-west-1";
      }),
      "environments.azure-prod.region",
    );
    expect(issue).toContain("'eu-west-1'");
    expect(issue).toMatch(/is not an Azure region/);
  });

  test("an unknown AWS region is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.region = "us-east1";
      }),
      "environments.aws-prod.region",
    );
    expect(issue).toContain("'us-east1'");
    expect(issue).toMatch(/is not an AWS region with Databricks/);
  });
});

describe("Azure resource names", () => {
  test.each(["Frdlh_Prod", "frdlh-prod-lake", "frdlhproductionlakehouse1", "ab"])(
    "storage account name '%s' is rejected",
    (accountName) => {
      const issue = onlyIssue(
        withEnvironment("azure-prod", (env) => {
          env.storage.accountName = accountName;
        }),
        "environments.azure-prod.storage.accountName",
      );
      expect(issue).toContain(`'${accountName}'`);
      expect(issue).toMatch(/must be 3–24 lowercase letters or digits/);
    },
  );

  test("a 24-character storage account name is accepted", () => {
    const input = withEnvironment("azure-prod", (env) => {
      env.storage.accountName = "a".repeat(24);
    });
    expect(() => loadConfig(input)).not.toThrow();
  });

  test.each(["frdlh--prod-kv", "1frdlh-prod-kv", "frdlh-prod-kv-", "frdlh-production-keyvault"])(
    "Key Vault name '%s' is rejected",
    (keyVaultName) => {
      const issue = onlyIssue(
        withEnvironment("azure-prod", (env) => {
          env.storage.keyVaultName = keyVaultName;
        }),
        "environments.azure-prod.storage.keyVaultName",
      );
      expect(issue).toContain(`'${keyVaultName}'`);
      expect(issue).toMatch(
        /must be 3–24 letters, digits or hyphens, start with a letter, end with a letter or digit, and have no '--'/,
      );
    },
  );

  test("the Key Vault name is not checked when no customer-managed key (so no Key Vault) is used", () => {
    const input = withEnvironment("azure-dev", (env) => {
      env.storage.keyVaultName = "frdlh--dev-kv";
    });
    expect(loadConfig(input).environments[0]).toMatchObject({
      storage: { customerManagedKey: false, keyVaultName: "frdlh--dev-kv" },
    });
  });

  test("an Event Hubs namespace name that is too short is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.streaming.namespaceName = "ehns1";
      }),
      "environments.azure-prod.streaming.namespaceName",
    );
    expect(issue).toContain("'ehns1'");
    expect(issue).toMatch(/must be 6–50 letters, digits or hyphens/);
  });

  test.each(["frdlh-prod-sb", "frdlh-prod-mgmt"])("Event Hubs namespace name '%s' is rejected", (name) => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.streaming.namespaceName = name;
      }),
      "environments.azure-prod.streaming.namespaceName",
    );
    expect(issue).toContain(`'${name}'`);
    expect(issue).toMatch(/not end in -sb or -mgmt/);
  });

  test("an Event Hubs namespace name longer than 50 characters is rejected", () => {
    const name = `frdlh-${"x".repeat(45)}`;
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.streaming.namespaceName = name;
      }),
      "environments.azure-prod.streaming.namespaceName",
    );
    expect(issue).toContain(`'${name}'`);
    expect(issue).toMatch(/must be 6–50 letters/);
  });
});

describe("S3 bucket prefix", () => {
  test.each([
    ["frdlh.prod", /contain no dots/],
    ["Frdlh-Prod", /must be lowercase letters, digits and single hyphens/],
    ["frdlh--prod", /single hyphens/],
    ["frdlh-prod-", /start and end with a letter or digit/],
    ["xn--frdlh", /not start with xn--, sthree- or amzn-s3-demo-/],
  ])("'%s' is rejected", (bucketPrefix, rule) => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.bucketPrefix = bucketPrefix;
      }),
      "environments.aws-prod.storage.bucketPrefix",
    );
    expect(issue).toContain(`'${bucketPrefix}'`);
    expect(issue).toMatch(rule);
  });

  test("a prefix that makes bucket names longer than 63 characters is rejected", () => {
    // 29 + "-checkpoints-123456789012-".length (26) + "us-east-1".length (9) = 64
    const bucketPrefix = "a".repeat(29);
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.bucketPrefix = bucketPrefix;
      }),
      "environments.aws-prod.storage.bucketPrefix",
    );
    expect(issue).toContain(`'${bucketPrefix}'`);
    expect(issue).toMatch(/makes bucket names of 64 characters/);
    expect(issue).toContain(`'${bucketPrefix}-checkpoints-<account id>-us-east-1'`);
    expect(issue).toMatch(/S3 allows 63/);
  });

  test("the longest prefix that keeps bucket names at 63 characters is accepted", () => {
    const input = withEnvironment("aws-prod", (env) => {
      env.storage.bucketPrefix = "a".repeat(28);
    });
    expect(() => loadConfig(input)).not.toThrow();
  });

  test("the length limit counts the region", () => {
    // ap-southeast-1 is 5 characters longer than us-east-1.
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.region = "ap-southeast-1";
        env.databricks.availabilityZones = ["ap-southeast-1a", "ap-southeast-1b"];
        env.storage.bucketPrefix = "a".repeat(24);
      }),
      "environments.aws-prod.storage.bucketPrefix",
    );
    expect(issue).toMatch(/makes bucket names of 64 characters/);
  });
});

describe("network CIDRs", () => {
  test.each([
    ["300.10.0.0/20", "a bad octet"],
    ["10.10.0.1/20", "host bits set"],
    ["10.10.0.0/33", "a prefix over 32"],
    ["10.10.0.0", "no prefix"],
  ])("network.cidr '%s' (%s) is rejected", (cidr) => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.network.cidr = cidr;
      }),
      "environments.azure-dev.network.cidr",
    );
    expect(issue).toContain(`'${cidr}'`);
    expect(issue).toMatch(/must be an IPv4 CIDR .*no host bits set/);
  });

  test("a malformed subnet CIDR is reported at the subnet", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.network.subnets.privateA = "10.130.0.0/222";
      }),
      "environments.aws-prod.network.subnets.privateA",
    );
    expect(issue).toContain("'10.130.0.0/222'");
    expect(issue).toMatch(/must be an IPv4 CIDR/);
  });

  test("a malformed allowed public range is reported at its index", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.network.allowedPublicIpRanges = ["203.0.113.0/24", "203.0.113.1/24"];
      }),
      "environments.aws-prod.network.allowedPublicIpRanges[1]",
    );
    expect(issue).toContain("'203.0.113.1/24'");
    expect(issue).toMatch(/must be an IPv4 CIDR/);
  });

  test("a subnet outside the network cidr is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.network.subnets.privateEndpoints = "10.11.0.0/24";
      }),
      "environments.azure-dev.network.subnets.privateEndpoints",
    );
    expect(issue).toContain("'10.11.0.0/24'");
    expect(issue).toMatch(/must lie inside network.cidr '10\.10\.0\.0\/20'/);
  });

  test("overlapping subnets are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.network.subnets.container = "10.10.2.0/23";
      }),
      "environments.azure-dev.network.subnets.container",
    );
    expect(issue).toContain("'10.10.2.0/23'");
    expect(issue).toMatch(/overlaps subnet 'host' \(10\.10\.0\.0\/22\); subnets must not overlap/);
  });

  test.each([
    "192.168.1.0/24",
    "10.0.0.0/8",
    "172.20.0.0/16",
    "100.64.0.0/10",
    "127.0.0.1/32",
    "169.254.0.0/16",
  ])("private range '%s' in allowedPublicIpRanges is rejected", (cidr) => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.network.allowedPublicIpRanges = ["203.0.113.0/24", cidr];
      }),
      "environments.aws-prod.network.allowedPublicIpRanges[1]",
    );
    expect(issue).toContain(`'${cidr}'`);
    expect(issue).toMatch(/is not a public range; firewall IP rules take public egress ranges only/);
  });

  test("a public range that contains private space is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.network.allowedPublicIpRanges = ["0.0.0.0/0"];
      }),
      "environments.aws-prod.network.allowedPublicIpRanges[0]",
    );
    expect(issue).toContain("'0.0.0.0/0'");
    expect(issue).toMatch(/is not a public range/);
  });

  test("a /31 in allowedPublicIpRanges is rejected on Azure", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.network.allowedPublicIpRanges = ["203.0.113.10/31"];
      }),
      "environments.azure-prod.network.allowedPublicIpRanges[0]",
    );
    expect(issue).toContain("'203.0.113.10/31'");
    expect(issue).toMatch(/is a \/31, which Azure IP rules reject/);
  });

  test("a /31 in allowedPublicIpRanges is accepted on AWS", () => {
    const input = withEnvironment("aws-prod", (env) => {
      env.network.allowedPublicIpRanges = ["203.0.113.10/31"];
    });
    expect(loadConfig(input).environments[5]!.network.allowedPublicIpRanges).toEqual(["203.0.113.10/31"]);
  });
});

describe("retention and counts", () => {
  test("softDeleteDays 0 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.storage.softDeleteDays = 0;
      }),
      "environments.azure-dev.storage.softDeleteDays",
    );
    expect(issue).toMatch(/: 0 must be a whole number of days from 1 to 365/);
  });

  test("Event Hubs retentionHours -1 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.sources[0]!.retentionHours = -1;
      }),
      "environments.azure-dev.streaming.sources[0].retentionHours",
    );
    expect(issue).toMatch(/: -1 must be a whole number of hours from 1 to 2160/);
  });

  test("Kinesis retentionHours under 24 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.streaming.sources[0]!.retentionHours = 12;
      }),
      "environments.aws-dev.streaming.sources[0].retentionHours",
    );
    expect(issue).toMatch(/: 12 must be a whole number of hours from 24 to 8760/);
  });

  test("noncurrentVersionDays 0 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.storage.noncurrentVersionDays = 0;
      }),
      "environments.aws-dev.storage.noncurrentVersionDays",
    );
    expect(issue).toMatch(/: 0 must be a whole number of days from 1 to 3650/);
  });

  test("kmsDeletionWindowDays under 7 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.storage.kmsDeletionWindowDays = 5;
      }),
      "environments.aws-dev.storage.kmsDeletionWindowDays",
    );
    expect(issue).toMatch(/: 5 must be a whole number of days from 7 to 30/);
  });

  test("a negative tiering step is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.storage.tiering = { landing: { coolAfterDays: -30 } };
      }),
      "environments.aws-dev.storage.tiering.landing.coolAfterDays",
    );
    expect(issue).toMatch(/: -30 must be a whole number of days from 1 to 36500/);
  });

  test("softDeleteDays 7.5 (not an integer) is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.storage.softDeleteDays = 7.5;
      }),
      "environments.azure-dev.storage.softDeleteDays",
    );
    expect(issue).toMatch(/: 7\.5 must be a whole number of days/);
  });

  test("partitions 2.5 (not an integer) is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.sources[0]!.partitions = 2.5;
      }),
      "environments.azure-dev.streaming.sources[0].partitions",
    );
    expect(issue).toMatch(/: 2\.5 must be a whole number of partitions from 1 to 100/);
  });

  test("shards 1.5 (not an integer) is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.streaming.sources[0]!.shards = 1.5;
      }),
      "environments.aws-staging.streaming.sources[0].shards",
    );
    expect(issue).toMatch(/: 1\.5 must be a whole number of shards from 1 to 10000/);
  });

  test("immutability days 36.5 (not an integer) is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.storage.immutability = { days: 36.5 };
      }),
      "environments.azure-prod.storage.immutability.days",
    );
    expect(issue).toMatch(/: 36\.5 must be a whole number of days from 1 to 146000/);
  });
});

describe("stream sources", () => {
  test("duplicate Kinesis source names are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.streaming.sources.push({ name: "card-transactions", retentionHours: 48 });
      }),
      "environments.aws-dev.streaming.sources",
    );
    expect(issue).toContain("'card-transactions'");
    expect(issue).toMatch(/is listed more than once; stream source names must be unique/);
  });

  test("duplicate Event Hubs source names are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.sources.push({ name: "card-transactions", partitions: 2, retentionHours: 48 });
      }),
      "environments.azure-dev.streaming.sources",
    );
    expect(issue).toContain("'card-transactions'");
    expect(issue).toMatch(/is listed more than once/);
  });

  test("an invalid source name is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.streaming.sources[0]!.name = "Card_Transactions";
      }),
      "environments.aws-prod.streaming.sources[0].name",
    );
    expect(issue).toContain("'Card_Transactions'");
    expect(issue).toMatch(/must be 2–50 lowercase letters, digits or hyphens/);
  });
});

describe("tiering (both clouds)", () => {
  test("a step not after the previous one is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.storage.tiering = { landing: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 60 } };
      }),
      "environments.azure-dev.storage.tiering.landing.expireAfterDays",
    );
    expect(issue).toMatch(/: 60 must be greater than archiveAfterDays \(90\)/);
    expect(issue).toMatch(/tiering steps go cool < cold < archive < expire/);
  });

  test("equal steps are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.storage.tiering = { bronze: { coolAfterDays: 90, coldAfterDays: 90 } };
      }),
      "environments.azure-prod.storage.tiering.bronze.coldAfterDays",
    );
    expect(issue).toMatch(/: 90 must be greater than coolAfterDays \(90\)/);
  });

  test.each([
    ["azure-dev", "bronze", "archiveAfterDays"],
    ["azure-dev", "gold", "expireAfterDays"],
    ["aws-prod", "silver", "archiveAfterDays"],
    ["aws-prod", "checkpoints", "expireAfterDays"],
  ] as const)("%s: %s.%s is rejected (only landing may be archived or expired)", (id, layer, step) => {
    const issue = onlyIssue(
      withEnvironment(id, (env) => {
        env.storage.tiering = { [layer]: { [step]: 400 } };
      }),
      `environments.${id}.storage.tiering.${layer}.${step}`,
    );
    expect(issue).toContain(`: 400 is not allowed on ${layer}`);
    expect(issue).toMatch(/only landing may be archived or expired/);
  });
});

describe("Azure tiering", () => {
  test.each(["ZRS", "GZRS", "RAGZRS"] as const)("archive on a %s account is rejected", (replication) => {
    const issue = onlyIssue(
      withEnvironment("azure-staging", (env) => {
        env.storage.replication = replication;
        env.storage.tiering = { landing: { coolAfterDays: 30, archiveAfterDays: 180 } };
      }),
      "environments.azure-staging.storage.tiering.landing.archiveAfterDays",
    );
    expect(issue).toContain(`: 180 needs the Archive tier, which ${replication} accounts do not support`);
  });

  test("archive on an LRS account is accepted", () => {
    // azure-dev is LRS and archives landing after 90 days.
    expect(loadConfig(exampleConfig()).environments[0]!.storage.tiering.landing?.archiveAfterDays).toBe(90);
  });

  test("cool before 30 days is allowed on Azure (the 30-day rule is S3's)", () => {
    const input = withEnvironment("azure-dev", (env) => {
      env.storage.tiering = { bronze: { coolAfterDays: 7, coldAfterDays: 10 } };
    });
    expect(() => loadConfig(input)).not.toThrow();
  });
});

describe("S3 tiering", () => {
  test("coolAfterDays under 30 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.storage.tiering = { bronze: { coolAfterDays: 7 } };
      }),
      "environments.aws-dev.storage.tiering.bronze.coolAfterDays",
    );
    expect(issue).toMatch(/: 7 is under 30: S3 moves objects to Standard-IA no earlier than 30 days/);
  });

  test("coldAfterDays under coolAfterDays + 30 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.tiering = { bronze: { coolAfterDays: 90, coldAfterDays: 100 } };
      }),
      "environments.aws-prod.storage.tiering.bronze.coldAfterDays",
    );
    expect(issue).toMatch(/: 100 must be at least coolAfterDays \+ 30 \(120\)/);
  });

  test("archiveAfterDays under coolAfterDays + 30 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.storage.tiering = { landing: { coolAfterDays: 30, archiveAfterDays: 45 } };
      }),
      "environments.aws-staging.storage.tiering.landing.archiveAfterDays",
    );
    expect(issue).toMatch(/: 45 must be at least coolAfterDays \+ 30 \(60\)/);
  });

  test("cold exactly 30 days after cool is accepted", () => {
    const input = withEnvironment("aws-prod", (env) => {
      env.storage.tiering = { bronze: { coolAfterDays: 90, coldAfterDays: 120 } };
    });
    expect(() => loadConfig(input)).not.toThrow();
  });
});

describe("Kinesis", () => {
  test("a provisioned stream without shards is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        delete env.streaming.sources[0]!.shards;
      }),
      "environments.aws-staging.streaming.sources[0].shards",
    );
    expect(issue).toMatch(/is required for 'card-transactions' because streaming.mode is provisioned/);
  });

  test("an on-demand stream with shards is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.streaming.sources[0]!.shards = 4;
      }),
      "environments.aws-dev.streaming.sources[0].shards",
    );
    expect(issue).toMatch(/: 4 is set for 'card-transactions' but streaming.mode is on-demand/);
  });

  test("a stream's own mode overrides the environment's: a provisioned hot stream in an on-demand environment", () => {
    const config = loadConfig(
      withEnvironment("aws-dev", (env) => {
        env.streaming.sources.push({
          name: "card-authorizations",
          mode: "provisioned",
          shards: 4,
          retentionHours: 24,
        });
      }),
    );
    const env = config.environments.find((e) => e.id === "aws-dev")!;
    expect(
      env.cloud === "aws" && env.streaming.sources.map((s) => [s.name, s.mode ?? env.streaming.mode]),
    ).toEqual([
      ["card-transactions", "on-demand"],
      ["card-authorizations", "provisioned"],
    ]);
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.streaming.sources.push({ name: "card-authorizations", mode: "provisioned", retentionHours: 24 });
      }),
      "environments.aws-dev.streaming.sources[1].shards",
    );
    expect(issue).toContain(
      "is required for 'card-authorizations' because streaming.sources[1].mode is provisioned",
    );
  });

  test("the environment's stream mode defaults to on-demand, and an error about it says it is a default", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        delete (env.streaming as { mode?: string }).mode;
        env.streaming.sources[0]!.shards = 2;
      }),
      "environments.aws-prod.streaming.sources[0].shards",
    );
    expect(issue).toBe(
      "environments.aws-prod.streaming.sources[0].shards: 2 is set for 'card-transactions' but streaming.mode is on-demand, which scales shards itself; remove it or use provisioned",
    );
  });
});

/** The example's prod namespace is Standard with auto-inflate: the Premium cases switch it to Premium. */
function premium(env: { streaming: Record<string, unknown> }): void {
  env.streaming.sku = "Premium";
  delete env.streaming.autoInflateMaxThroughputUnits;
}

describe("Event Hubs", () => {
  test("partitions over the Standard limit are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.sources[0]!.partitions = 33;
      }),
      "environments.azure-dev.streaming.sources[0].partitions",
    );
    expect(issue).toMatch(/: 33 exceeds the Standard tier's 32 partitions per event hub/);
  });

  test("partitions up to 100 are accepted on Premium", () => {
    const input = withEnvironment("azure-prod", (env) => {
      premium(env);
      env.streaming.sources[0]!.partitions = 100;
    });
    expect(() => loadConfig(input)).not.toThrow();
  });

  test("retention over the Standard limit is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.sources[0]!.retentionHours = 192;
      }),
      "environments.azure-dev.streaming.sources[0].retentionHours",
    );
    expect(issue).toMatch(/: 192 exceeds the Standard tier's 168-hour retention/);
  });

  test("retention over 168 hours is accepted on Premium", () => {
    const input = withEnvironment("azure-prod", (env) => {
      premium(env);
      env.streaming.sources[0]!.retentionHours = 2160;
    });
    expect(() => loadConfig(input)).not.toThrow();
  });

  test("retention that is not a multiple of 24 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.sources[0]!.retentionHours = 36;
      }),
      "environments.azure-dev.streaming.sources[0].retentionHours",
    );
    expect(issue).toMatch(/: 36 must be a multiple of 24: Event Hubs retention is set in whole days/);
  });

  test.each([3, 5, 32])("Premium capacity %i is rejected", (capacity) => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        premium(env);
        env.streaming.capacity = capacity;
      }),
      "environments.azure-prod.streaming.capacity",
    );
    expect(issue).toContain(`: ${capacity} is not valid for Premium; use 1, 2, 4, 8 or 16 processing units`);
  });

  test("Standard capacity 41 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.streaming.capacity = 41;
      }),
      "environments.azure-dev.streaming.capacity",
    );
    expect(issue).toMatch(/: 41 must be a whole number of capacity units from 1 to 40/);
  });

  test("auto-inflate on Premium is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.streaming.sku = "Premium"; // the example's Standard namespace auto-inflates to 4
      }),
      "environments.azure-prod.streaming.autoInflateMaxThroughputUnits",
    );
    expect(issue).toMatch(/: 4 is set but auto-inflate exists only on the Standard tier/);
  });

  test("an auto-inflate maximum below capacity is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-staging", (env) => {
        env.streaming.capacity = 4;
        env.streaming.autoInflateMaxThroughputUnits = 2;
      }),
      "environments.azure-staging.streaming.autoInflateMaxThroughputUnits",
    );
    expect(issue).toMatch(/: 2 must be between capacity \(4\) and 40/);
  });

  test("an auto-inflate maximum over 40 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-staging", (env) => {
        env.streaming.autoInflateMaxThroughputUnits = 41;
      }),
      "environments.azure-staging.streaming.autoInflateMaxThroughputUnits",
    );
    expect(issue).toMatch(/: 41 must be a whole number of throughput units from 1 to 40/);
  });
});

describe("immutability and Object Lock", () => {
  test("immutability on a non-landing layer is rejected on Azure", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.storage.immutability = { layers: ["landing", "bronze"], days: 365 };
      }),
      "environments.azure-prod.storage.immutability.layers[1]",
    );
    expect(issue).toContain("'bronze'");
    expect(issue).toMatch(/cannot be immutable on ADLS/);
  });

  test("immutability defaults to landing only", () => {
    const input = withEnvironment("azure-prod", (env) => {
      env.storage.immutability = { days: 30 };
    });
    expect(loadConfig(input).environments[2]).toMatchObject({
      id: "azure-prod",
      storage: { immutability: { layers: ["landing"], days: 30, locked: false } },
    });
  });

  test("an empty immutability layer list is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.storage.immutability = { layers: [], days: 365 };
      }),
      "environments.azure-prod.storage.immutability.layers",
    );
    expect(issue).toMatch(/at least 1 element/);
  });

  test("Object Lock on silver is rejected on AWS", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.objectLock = { layers: ["landing", "silver"], days: 365 };
      }),
      "environments.aws-prod.storage.objectLock.layers[1]",
    );
    expect(issue).toContain("'silver'");
    expect(issue).toMatch(/cannot take Object Lock: only raw data \(landing, bronze\) is kept immutable/);
  });

  test("Object Lock on checkpoints is rejected on AWS", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.objectLock = { layers: ["checkpoints"], days: 365 };
      }),
      "environments.aws-prod.storage.objectLock.layers[0]",
    );
    expect(issue).toContain("'checkpoints'");
    expect(issue).toMatch(/cannot take Object Lock/);
  });

  test("an unknown layer name is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        loose(env.storage).objectLock = { layers: ["raw"], days: 365 };
      }),
      "environments.aws-prod.storage.objectLock.layers[0]",
    );
    expect(issue).toContain("'raw'");
    expect(issue).toMatch(/must be one of landing, bronze, silver, gold, checkpoints/);
  });
});

describe("backends", () => {
  test("an azurerm backend with an invalid storage account name is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.backend = {
          type: "azurerm",
          resourceGroupName: "tfstate",
          storageAccountName: "TfState",
          containerName: "tfstate",
        };
      }),
      "environments.azure-prod.backend.storageAccountName",
    );
    expect(issue).toContain("'TfState'");
    expect(issue).toMatch(/must be 3–24 lowercase letters or digits/);
  });

  test("an s3 backend on Azure is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        loose(env).backend = { type: "s3", bucket: "tfstate" };
      }),
      "environments.azure-prod.backend.type",
    );
    expect(issue).toMatch(/must be one of local, azurerm/);
  });
});

describe("rules added after review", () => {
  test("an environment without a usable cloud is named by index, without a stray dot", () => {
    const input = withConfig((config) => {
      delete loose(config.environments[2]!).cloud;
    });
    expect(issuesOf(input)).toEqual(["environments[2].cloud: must be one of azure, aws"]);
  });

  test("a CIDR with leading zeros is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.network.cidr = "010.010.000.000/20";
      }),
      "environments.azure-dev.network.cidr",
    );
    expect(issue).toContain("'010.010.000.000/20' must be an IPv4 CIDR");
  });

  test("every tiering step out of order is reported, not only the first", () => {
    const issues = issuesOf(
      withEnvironment("azure-dev", (env) => {
        env.storage.tiering = { landing: { coolAfterDays: 30, coldAfterDays: 20, archiveAfterDays: 25 } };
      }),
    );
    expect(issues.map(pathOf)).toEqual([
      "environments.azure-dev.storage.tiering.landing.coldAfterDays",
      "environments.azure-dev.storage.tiering.landing.archiveAfterDays",
    ]);
    expect(issues[1]).toContain("25 must be greater than coolAfterDays (30)");
  });

  test("two Azure environments with the same storage account name are rejected", () => {
    const input = withEnvironment("azure-staging", (env) => {
      env.storage.accountName = "frdlhdevlake";
    });
    const issue = onlyIssue(input, "environments.azure-staging.storage.accountName");
    expect(issue).toContain("'frdlhdevlake' is already used by environments.azure-dev");
  });

  test("two AWS environments with the same bucket prefix are rejected", () => {
    const input = withEnvironment("aws-prod", (env) => {
      env.storage.bucketPrefix = "frdlh-staging";
    });
    const issue = onlyIssue(input, "environments.aws-prod.storage.bucketPrefix");
    expect(issue).toContain("'frdlh-staging' is already used by environments.aws-staging");
  });

  test("landing expiry shorter than its WORM retention is rejected on Azure", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.storage.tiering!.landing = { coolAfterDays: 30, expireAfterDays: 200 };
      }),
      "environments.azure-prod.storage.tiering.landing.expireAfterDays",
    );
    expect(issue).toContain("200 is shorter than the 365-day immutability retention on landing");
  });

  test("landing expiry shorter than its Object Lock retention is rejected on AWS", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.tiering!.landing = { coolAfterDays: 30, expireAfterDays: 100 };
      }),
      "environments.aws-prod.storage.tiering.landing.expireAfterDays",
    );
    expect(issue).toContain("100 is shorter than the 365-day Object Lock retention on landing");
  });

  test("zod's own size rules still name the offending value", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.storage.objectLock!.layers = [];
      }),
      "environments.aws-prod.storage.objectLock.layers",
    );
    expect(issue).toContain("[0 items] array must contain at least 1 element(s)");
  });
});
