/**
 * The Databricks section's rules: each test breaks one field of the example and checks the single issue
 * names the environment, the field, the value and the rule.
 */
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { exampleDatasets } from "../../config/example-datasets";
import type { DatasetSpecInput } from "../../pipelines";
import { exampleConfig, withConfig, withEnvironment } from "../fixtures/config";
import { issuesOf, onlyIssueOf } from "../support/config-issues";

const onlyIssue = (input: unknown, path: string) => onlyIssueOf(() => loadConfig(input), path);

describe("databricks config", () => {
  test("a workspace name with spaces is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.databricks.workspaceName = "my workspace";
      }),
      "environments.azure-dev.databricks.workspaceName",
    );
    expect(issue).toContain("'my workspace' must be 3–64 letters, digits, hyphens or underscores");
  });

  test("an environment that asks to create the metastore is told where creation moved", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.databricks.metastore = { mode: "create" };
      }),
      "environments.azure-prod.databricks.metastore.mode",
    );
    expect(issue).toContain(
      `'create' is not an environment's choice: add { cloud: "azure", region: "westeurope" } to metastores`,
    );
  });

  test("the metastore defaults to the region's, looked up", () => {
    const config = loadConfig(EXAMPLE_CONFIG);
    expect(config.metastores).toEqual([]);
    for (const env of config.environments) expect(env.databricks.metastore).toEqual({ mode: "region" });
  });

  test("a metastore the config creates gets a stack id and a name from the prefix", () => {
    const config = loadConfig({ ...exampleConfig(), metastores: [{ cloud: "aws", region: "us-east-1" }] });
    expect(config.metastores).toEqual([
      expect.objectContaining({
        id: "aws-us-east-1-metastore",
        name: "frdlh-us-east-1",
        backend: { type: "local" },
      }),
    ]);
  });

  test("one created metastore per cloud and region, in a region of its cloud", () => {
    const issues = issuesOf(() =>
      loadConfig({
        ...exampleConfig(),
        metastores: [
          { cloud: "azure", region: "westeurope" },
          { cloud: "azure", region: "westeurope", name: "second" },
          { cloud: "aws", region: "westeurope" },
        ],
      }),
    );
    expect(issues).toEqual([
      "metastores[1].region: 'westeurope' already has a azure metastore in this list (azure-westeurope-metastore); Databricks allows one metastore per region per account",
      "metastores[2].region: 'westeurope' is not a aws region with Databricks",
    ]);
  });

  test("an existing metastore id where the config creates the region's metastore is rejected", () => {
    const input = withEnvironment("azure-dev", (env) => {
      env.databricks.metastore = { mode: "existing", id: "11111111-2222-3333-4444-555555555555" };
    });
    const issue = onlyIssue(
      { ...input, metastores: [{ cloud: "azure", region: "westeurope" }] },
      "environments.azure-dev.databricks.metastore.mode",
    );
    expect(issue).toContain("'existing' in westeurope, where metastores creates the region's metastore");
  });

  test("a bring-your-own private DNS zone must be a privatelink.azuredatabricks.net zone id, with private endpoints", () => {
    const zone =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azuredatabricks.net";
    const wrongZone = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.databricks.privateDnsZoneId = zone.replace("azuredatabricks", "blob.core.windows");
      }),
      "environments.azure-prod.databricks.privateDnsZoneId",
    );
    expect(wrongZone).toContain(
      "must be the resource id of a privatelink.azuredatabricks.net private DNS zone",
    );
    const withoutEndpoints = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.databricks.privateDnsZoneId = zone;
      }),
      "environments.azure-dev.databricks.privateDnsZoneId",
    );
    expect(withoutEndpoints).toContain("is set but databricks.privateEndpoints is false");
    expect(
      loadConfig(
        withEnvironment("azure-prod", (env) => {
          env.databricks.privateDnsZoneId = zone;
        }),
      ).environments.find((e) => e.id === "azure-prod")!.databricks,
    ).toMatchObject({ privateDnsZoneId: zone });
  });

  test("a metastore id that is not a UUID is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.metastore = { mode: "existing", id: "metastore-1" };
      }),
      "environments.aws-dev.databricks.metastore.id",
    );
    expect(issue).toContain("'metastore-1' must be a metastore id (a lowercase UUID)");
  });

  test("a grant to a group role that is not defined is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.databricks.grants = [
          ...env.databricks.grants,
          { group: "auditors", on: "schema:gold", privileges: ["SELECT"] },
        ];
      }),
      "environments.aws-staging.databricks.grants[15].group",
    );
    expect(issue).toContain(
      "'auditors' is not a key of databricks.groups (admins, engineers, analysts, dataScientists, mlServing)",
    );
  });

  test("a privilege that does not exist on the securable is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-staging", (env) => {
        env.databricks.grants = [{ group: "mlServing", on: "model:fraud_model", privileges: ["SELECT"] }];
      }),
      "environments.azure-staging.databricks.grants[0].privileges[0]",
    );
    expect(issue).toContain(
      "'SELECT' is not a model privilege; use one of ALL_PRIVILEGES, APPLY_TAG, EXECUTE",
    );
  });

  test("an unknown grant target is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-staging", (env) => {
        // The example shares one grants array between environments: replace it, don't edit it.
        env.databricks.grants = [
          { group: "analysts", on: "schema:platinum" as "schema:gold", privileges: ["SELECT"] },
        ];
      }),
      "environments.azure-staging.databricks.grants[0].on",
    );
    expect(issue).toBe(
      "environments.azure-staging.databricks.grants[0].on: 'schema:platinum' must be one of catalog, schema:bronze, schema:silver, schema:gold, schema:ml, model:<name> (a name of databricks.models)",
    );
  });

  test("a grant on a model that databricks.models does not declare is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.grants = [{ group: "mlServing", on: "model:churn_model", privileges: ["EXECUTE"] }];
      }),
      "environments.aws-dev.databricks.grants[0].on",
    );
    expect(issue).toBe(
      "environments.aws-dev.databricks.grants[0].on: 'model:churn_model' names no model of databricks.models (fraud_model)",
    );
  });

  test("a model listed twice is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.models = [{ name: "fraud_model" }, { name: "fraud_model" }];
      }),
      "environments.aws-dev.databricks.models",
    );
    expect(issue).toContain("'fraud_model' is listed more than once");
  });

  test("the same group granted twice on one securable is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.grants = [
          { group: "analysts", on: "catalog", privileges: ["USE_CATALOG"] },
          { group: "analysts", on: "schema:gold", privileges: ["USE_SCHEMA"] },
          { group: "analysts", on: "schema:gold", privileges: ["SELECT"] },
        ];
      }),
      "environments.aws-dev.databricks.grants[2]",
    );
    expect(issue).toContain("'analysts' on 'schema:gold' is granted twice");
  });

  test("a classic warehouse that stops after under 10 minutes is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.warehouse = { size: "Small", serverless: false, autoStopMinutes: 5 };
      }),
      "environments.aws-dev.databricks.warehouse.autoStopMinutes",
    );
    expect(issue).toContain("5 is under 10, the minimum auto-stop of a classic");
  });

  test("an unknown warehouse size is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        (env.databricks.warehouse as { size: string }).size = "Huge";
      }),
      "environments.aws-dev.databricks.warehouse.size",
    );
    expect(issue).toContain("'Huge' must be one of 2X-Small");
  });
});

describe("workspace network", () => {
  test("a missing Databricks subnet is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        delete (env.network.subnets as Record<string, string>).host;
      }),
      "environments.azure-dev.network.subnets.host",
    );
    expect(issue).toContain("is required: the Databricks workspace network uses subnets host, container");
  });

  test("an Azure Databricks subnet smaller than /26 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.network.subnets.container = "10.10.4.0/27";
      }),
      "environments.azure-dev.network.subnets.container",
    );
    expect(issue).toContain("'10.10.4.0/27' must be between /16 and /26");
  });

  test("an AWS private subnet larger than /17 is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.network.cidr = "10.0.0.0/8";
        env.network.subnets.privateA = "10.64.0.0/16";
      }),
      "environments.aws-dev.network.subnets.privateA",
    );
    expect(issue).toContain("'10.64.0.0/16' must be between /17 and /26");
  });

  test("Azure private endpoints without their subnet are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        delete (env.network.subnets as Record<string, string>).privateEndpoints;
        env.storage.publicNetworkAccess = true;
      }),
      "environments.azure-prod.databricks.privateEndpoints",
    );
    expect(issue).toContain("true needs network.subnets.privateEndpoints");
  });

  test("workspace CMKs without the storage Key Vault are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-staging", (env) => {
        env.databricks.customerManagedKeys = true;
      }),
      "environments.azure-staging.databricks.customerManagedKeys",
    );
    expect(issue).toContain("true needs storage.customerManagedKey");
  });

  test("an availability zone of another region is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.availabilityZones = ["us-east-1a", "us-west-2b"];
      }),
      "environments.aws-dev.databricks.availabilityZones[1]",
    );
    expect(issue).toContain("'us-west-2b' is not an availability zone of us-east-1");
  });

  test("the same availability zone twice is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.availabilityZones = ["us-east-1a", "us-east-1a"];
      }),
      "environments.aws-dev.databricks.availabilityZones",
    );
    expect(issue).toContain("must be two different zones");
  });

  test("PrivateLink without its subnet is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.databricks.pricingTier = "ENTERPRISE";
        env.databricks.privateLink = {
          workspaceServiceName: "com.amazonaws.vpce.x",
          relayServiceName: "com.amazonaws.vpce.y",
        };
      }),
      "environments.aws-staging.databricks.privateLink",
    );
    expect(issue).toContain(
      "network.subnets.privateLink, the subnet for the PrivateLink endpoints, is missing",
    );
  });

  test("PrivateLink on the Premium tier is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.network.subnets.privateLink = "10.120.9.0/28";
        env.databricks.privateLink = {
          workspaceServiceName: "com.amazonaws.vpce.x",
          relayServiceName: "com.amazonaws.vpce.y",
        };
      }),
      "environments.aws-staging.databricks.pricingTier",
    );
    expect(issue).toContain("'PREMIUM' does not include PrivateLink");
  });
});

describe("compute users", () => {
  test("a warehouse user role that is not defined is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.databricks.warehouse = { ...env.databricks.warehouse, users: ["analysts", "finance"] };
      }),
      "environments.azure-dev.databricks.warehouse.users[1]",
    );
    expect(issue).toContain("'finance' is not a key of databricks.groups");
  });

  test("a cluster policy user role that is not defined is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.clusterPolicy = {
          ...env.databricks.clusterPolicy,
          users: { jobs: ["engineers"], interactive: ["interns"], pipelines: ["engineers"] },
        };
      }),
      "environments.aws-dev.databricks.clusterPolicy.users.interactive[0]",
    );
    expect(issue).toContain("'interns' is not a key of databricks.groups");
  });
});

describe("pipelines", () => {
  test("a triggered pipeline without a schedule is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        delete env.pipelines!.schedule;
      }),
      "environments.aws-dev.pipelines.schedule",
    );
    expect(issue).toContain("is required for a triggered pipeline");
  });

  test("a continuous pipeline with a schedule is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.pipelines!.continuous = true;
      }),
      "environments.aws-dev.pipelines.schedule",
    );
    expect(issue).toContain("the pipeline is continuous");
  });

  test("online serving needs a triggered pipeline: its syncs are tasks of the orchestration job", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.pipelines!.continuous = true;
        delete env.pipelines!.schedule;
        (env.pipelines as { onlineServing?: boolean }).onlineServing = true;
      }),
      "environments.aws-dev.pipelines.onlineServing",
    );
    expect(issue).toContain(
      "is true but the pipeline is continuous: the online store's syncs run as tasks of the orchestration job after each update",
    );
  });

  test("with predictive optimization, a Z-ordered AUTO CDC table would never be Z-ordered", () => {
    // One spec serves both clouds: both prod environments (predictive optimization on) report it.
    const issues = issuesOf(() =>
      loadConfig(
        withConfig((config) => {
          const spec = config.datasets as DatasetSpecInput;
          const merchants = spec.tables.find((t) => t.name === "merchants")!;
          merchants.layout = { zorderBy: ["country"] };
        }),
      ),
    );
    expect(issues.map((issue) => issue.slice(0, issue.indexOf(": ")))).toEqual([
      "environments.azure-prod.databricks.predictiveOptimization",
      "environments.aws-prod.databricks.predictiveOptimization",
    ]);
    expect(issues[0]).toContain(
      "is on, so nothing would Z-order datasets table 'merchants' (layout.zorderBy): predictive optimization never Z-orders and OPTIMIZE is not allowed on AUTO CDC tables; use layout.clusterBy",
    );
  });

  test("database sources need a triggered pipeline: their ingestion runs in the orchestration job", () => {
    const issue = onlyIssue(
      withConfig((config) => {
        const spec = config.datasets as DatasetSpecInput;
        spec.sources[1] = {
          type: "database",
          name: "customer_changes",
          engine: "sqlserver",
          connection: "core",
          host: "sql.internal",
          database: "core",
          schema: "dbo",
          table: "customers",
        };
        const customers = spec.tables.find((t) => t.name === "customers")!;
        customers.silver!.cdc = { keys: ["customer_id"], sequenceBy: "updated_at", scdType: 1 };
        const env = config.environments.find((e) => e.cloud === "aws" && e.name === "dev")!;
        env.pipelines!.continuous = true;
        delete env.pipelines!.schedule;
      }),
      "environments.aws-dev.pipelines.continuous",
    );
    expect(issue).toContain(
      "is true but datasets has database sources: their Lakeflow Connect ingestion pipelines are triggered by the orchestration job",
    );
  });

  test("a feature refreshed INCREMENTAL STRICT on a classic pipeline is rejected (classic never refreshes incrementally)", () => {
    const issue = onlyIssue(
      withConfig((config) => {
        (config.datasets as DatasetSpecInput).features![0]!.refreshPolicy = "incrementalStrict";
        const env = config.environments.find((e) => e.cloud === "aws" && e.name === "dev")!;
        env.pipelines!.compute = { kind: "classic", minWorkers: 1, maxWorkers: 2 };
        for (const other of config.environments.filter((e) => e !== env)) {
          other.pipelines!.compute = { kind: "serverless" };
        }
      }),
      "environments.aws-dev.pipelines.compute.kind",
    );
    expect(issue).toContain(
      "'classic' cannot run datasets feature 'customer_features' (refreshPolicy 'incrementalStrict'): classic pipelines never refresh materialized views incrementally",
    );
  });

  test("an invalid Quartz cron is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.pipelines!.schedule = { cron: "0 6 * * *" };
      }),
      "environments.azure-dev.pipelines.schedule.cron",
    );
    expect(issue).toContain("'0 6 * * *'");
  });

  test("pipelines without failure emails are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.pipelines!.failureEmails = [];
      }),
      "environments.aws-prod.pipelines.failureEmails",
    );
    expect(issue).toContain("is empty: failed pipeline updates and job runs must notify someone");
  });

  test("classic workers above the cluster policy's limit are rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.pipelines!.compute = { kind: "classic", minWorkers: 1, maxWorkers: 10 };
      }),
      "environments.azure-dev.pipelines.compute.maxWorkers",
    );
    expect(issue).toContain("10 exceeds the cluster policy's maxWorkers (4)");
  });

  test("serverless Azure pipelines that read Event Hubs are accepted (a private endpoint lets them in)", () => {
    const config = loadConfig(
      withEnvironment("azure-staging", (env) => {
        env.pipelines!.compute = { kind: "serverless" };
      }),
    );
    expect(config.environments.find((e) => e.id === "azure-staging")!.pipelines!.compute.kind).toBe(
      "serverless",
    );
  });

  test("a spec stream that the environment does not ingest is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.streaming.sources = [{ name: "card-authorizations", shards: 1, retentionHours: 24 }];
      }),
      "environments.aws-staging.pipelines",
    );
    expect(issue).toContain("read 'card-transactions'");
  });

  test("a dataset spec problem is reported once, although the spec is loaded for both clouds", () => {
    const input = structuredClone(EXAMPLE_CONFIG);
    const spec = input.datasets as { maintenance: { schedule: string } };
    spec.maintenance.schedule = "every day";
    // Only the spec's own issue: the environments' pipelines are not also reported as lacking a spec.
    expect(issuesOf(() => loadConfig(input))).toEqual([
      expect.stringMatching(/^datasets\.maintenance\.schedule: 'every day'/),
    ]);
  });

  test("the deprecated per-cloud shape is still read, and its issues name the cloud's spec", () => {
    const azure = exampleDatasets("azure") as { maintenance: { schedule: string } };
    const perCloud = withConfig((config) => {
      config.datasets = { azure, aws: exampleDatasets("aws") };
    });
    const loaded = loadConfig(perCloud);
    expect(loaded.datasets.azure!.sources[0]).toMatchObject({
      type: "event-hubs",
      eventHub: "card-transactions",
    });
    azure.maintenance.schedule = "every day";
    expect(issuesOf(() => loadConfig(perCloud))).toEqual([
      expect.stringMatching(/^datasets\.azure\.maintenance\.schedule: 'every day'/),
    ]);
  });

  test("pipelines without a dataset spec are rejected", () => {
    const issues = issuesOf(() =>
      loadConfig(
        withConfig((config) => {
          delete config.datasets;
        }),
      ),
    );
    expect(issues).toContain(
      "environments.aws-dev.pipelines: are configured but datasets is missing: there is nothing to deploy",
    );
  });
});

describe("budgets and guardrail suppressions", () => {
  test("a budget start date that is not the first of a month is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.budget = { monthlyLimit: 100, emailRecipients: ["finops@example.com"], startDate: "2026-12-15" };
      }),
      "environments.aws-dev.budget.startDate",
    );
    expect(issue).toContain("'2026-12-15' must be the first day of a month, YYYY-MM-01");
  });

  test("a budget without recipients is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.budget = { monthlyLimit: 100, emailRecipients: [], startDate: "2026-12-01" };
      }),
      "environments.azure-dev.budget.emailRecipients",
    );
    expect(issue).toContain("[0 items] array must contain at least 1 element(s)");
  });

  test("a suppression of an unknown rule is rejected before synth", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.guardrails = { suppressions: [{ ruleId: "LH-NOPE-001", reason: "testing" }] };
      }),
      "environments.aws-staging.guardrails.suppressions[0].ruleId",
    );
    expect(issue).toContain("'LH-NOPE-001' is not a guardrail rule");
  });

  test("a suppression without a reason is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.guardrails = { suppressions: [{ ruleId: "LH-KMS-001", reason: "  " }] };
      }),
      "environments.aws-staging.guardrails.suppressions[0].reason",
    );
    expect(issue).toContain("must say why the exception is acceptable");
  });
});

test("a run-as service principal that is not an application id is rejected", () => {
  const issue = onlyIssue(
    withEnvironment("aws-dev", (env) => {
      env.pipelines!.runAsServicePrincipal = "pipeline-bot";
    }),
    "environments.aws-dev.pipelines.runAsServicePrincipal",
  );
  expect(issue).toContain("'pipeline-bot' must be a service principal application id");
});

describe("grant sanity: a privilege needs its parents' USE_* privileges", () => {
  const withGrants = (grants: { group: string; on: string; privileges: string[] }[]) =>
    withEnvironment("aws-dev", (env) => {
      env.databricks.grants = grants as typeof env.databricks.grants;
    });

  test("SELECT on gold without USE_SCHEMA on gold and USE_CATALOG is rejected, naming both", () => {
    const issue = onlyIssue(
      withGrants([{ group: "analysts", on: "schema:gold", privileges: ["SELECT"] }]),
      "environments.aws-dev.databricks.grants[0].privileges",
    );
    expect(issue).toBe(
      "environments.aws-dev.databricks.grants[0].privileges: 'SELECT' for 'analysts' on 'schema:gold' cannot be used without USE_SCHEMA on schema:gold and USE_CATALOG on catalog: Unity Catalog checks every parent securable; grant them to 'analysts' too",
    );
  });

  test("USE_SCHEMA alone still needs USE_CATALOG", () => {
    const issue = onlyIssue(
      withGrants([{ group: "analysts", on: "schema:gold", privileges: ["USE_SCHEMA", "SELECT"] }]),
      "environments.aws-dev.databricks.grants[0].privileges",
    );
    expect(issue).toContain("cannot be used without USE_CATALOG on catalog: ");
  });

  test("a model grant needs USE_SCHEMA on ml", () => {
    const issue = onlyIssue(
      withGrants([
        { group: "mlServing", on: "catalog", privileges: ["USE_CATALOG"] },
        { group: "mlServing", on: "model:fraud_model", privileges: ["EXECUTE"] },
      ]),
      "environments.aws-dev.databricks.grants[1].privileges",
    );
    expect(issue).toContain(
      "'EXECUTE' for 'mlServing' on 'model:fraud_model' cannot be used without USE_SCHEMA on schema:ml: ",
    );
  });

  test("a catalog privilege other than BROWSE needs USE_CATALOG", () => {
    const issue = onlyIssue(
      withGrants([{ group: "engineers", on: "catalog", privileges: ["BROWSE", "CREATE_SCHEMA"] }]),
      "environments.aws-dev.databricks.grants[0].privileges",
    );
    expect(issue).toContain(
      "'CREATE_SCHEMA' for 'engineers' on 'catalog' cannot be used without USE_CATALOG",
    );
  });

  test("parents may come from ALL_PRIVILEGES or from catalog-level USE_SCHEMA (inherited)", () => {
    expect(() =>
      loadConfig(
        withGrants([
          { group: "engineers", on: "catalog", privileges: ["ALL_PRIVILEGES"] },
          { group: "analysts", on: "catalog", privileges: ["USE_CATALOG", "USE_SCHEMA"] },
          { group: "analysts", on: "schema:gold", privileges: ["SELECT"] },
        ]),
      ),
    ).not.toThrow();
    expect(() =>
      loadConfig(withGrants([{ group: "analysts", on: "catalog", privileges: ["BROWSE"] }])),
    ).not.toThrow();
  });
});

describe("no example leftovers", () => {
  /** aws-dev with its own roles, no models, and no warehouse users: nothing of the example's roles. */
  const ownRoles = withEnvironment("aws-dev", (env) => {
    env.databricks.groups = { platform: "acme-platform", readers: "acme-readers" };
    env.databricks.adminGroup = "platform";
    env.databricks.grants = [
      { group: "platform", on: "catalog", privileges: ["USE_CATALOG"] },
      { group: "readers", on: "catalog", privileges: ["USE_CATALOG"] },
      { group: "readers", on: "schema:gold", privileges: ["USE_SCHEMA", "SELECT"] },
    ];
    env.databricks.models = undefined;
    env.databricks.warehouse = { size: "Small", serverless: true, autoStopMinutes: 10 };
    env.databricks.clusterPolicy.users = { jobs: ["platform"], interactive: [], pipelines: ["platform"] };
  });

  test("a config with other group roles loads; the warehouse defaults to every role; no model", () => {
    const env = loadConfig(ownRoles).environments.find((e) => e.id === "aws-dev")!;
    expect(env.databricks.warehouse.users).toEqual(["platform", "readers"]);
    expect(env.databricks.models).toEqual([]);
  });

  test("the example declares its model instead of the library defaulting it", () => {
    const env = loadConfig(EXAMPLE_CONFIG).environments[0]!;
    expect(env.databricks.models).toEqual([{ name: "fraud_model", comment: "Fraud scoring model" }]);
  });

  test("cluster policy users are required: who may start compute is written down", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        delete (env.databricks.clusterPolicy as { users?: unknown }).users;
      }),
      "environments.aws-dev.databricks.clusterPolicy.users",
    );
    expect(issue).toBe("environments.aws-dev.databricks.clusterPolicy.users: is required (object)");
  });

  test("an error about a derived default says it is a default and which field overrides it", () => {
    // azure-dev takes the name azure-prod would derive: the clash is reported on azure-prod's default.
    const issue = onlyIssue(
      withEnvironment("azure-dev", (env) => {
        env.storage.accountName = "frdlhprodlake";
      }),
      "environments.azure-prod.storage.accountName",
    );
    expect(issue).toBe(
      "environments.azure-prod.storage.accountName: 'frdlhprodlake' is already used by environments.azure-dev; these names are global and must differ per environment (this value is a default: environments.azure-prod.storage.accountName is not in your config; set it to override the default)",
    );
  });

  test("an error about a value the user wrote carries no default note", () => {
    const issue = onlyIssue(
      withEnvironment("aws-dev", (env) => {
        env.databricks.warehouse.users = ["auditors"];
      }),
      "environments.aws-dev.databricks.warehouse.users[0]",
    );
    expect(issue).not.toContain("default");
  });
});
