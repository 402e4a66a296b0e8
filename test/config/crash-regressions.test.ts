/**
 * Inputs that used to crash synth with a stack trace (issue 14): each is now a config error naming
 * path, value and rule, or, where the input is valid, synthesizes.
 */
import { Testing } from "cdktf";
import { prepareStacks } from "../support/layers";
import { loadConfig } from "../../config";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { withConfig, withEnvironment, withProject } from "../fixtures/config";
import { issuesOf, onlyIssueOf } from "../support/config-issues";

describe("group roles named like Object.prototype members", () => {
  test.each(["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__"])(
    "a grant to the undefined role '%s' is a config error, not a TypeError",
    (role) => {
      const issue = onlyIssueOf(
        () =>
          loadConfig(
            withEnvironment("azure-dev", (env) => {
              // The example shares one grants array between environments: replace, do not mutate.
              // An extra grant, so the example's grants keep their USE_* parents (grant sanity).
              env.databricks.grants = [
                { group: role, on: "catalog", privileges: ["USE_CATALOG"] },
                ...env.databricks.grants,
              ];
            }),
          ),
        "environments.azure-dev.databricks.grants[0].group",
      );
      expect(issue).toContain(`'${role}' is not a key of databricks.groups`);
    },
  );

  test("adminGroup 'constructor' is a config error", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-prod", (env) => {
            env.databricks.adminGroup = "constructor";
          }),
        ),
      "environments.azure-prod.databricks.adminGroup",
    );
    expect(issue).toContain("'constructor' is not a key of databricks.groups");
  });

  test("warehouse users 'toString' is a config error", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-dev", (env) => {
            env.databricks.warehouse.users = ["toString"];
          }),
        ),
      "environments.azure-dev.databricks.warehouse.users[0]",
    );
    expect(issue).toContain("'toString' is not a key of databricks.groups");
  });

  test("cluster policy users 'hasOwnProperty' is a config error", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("aws-dev", (env) => {
            env.databricks.clusterPolicy.users = {
              jobs: ["hasOwnProperty"],
              interactive: ["engineers"],
              pipelines: ["engineers"],
            };
          }),
        ),
      "environments.aws-dev.databricks.clusterPolicy.users.jobs[0]",
    );
    expect(issue).toContain("'hasOwnProperty' is not a key of databricks.groups");
  });

  test("a role that is really called 'constructor' works: grants and ACLs name its group", () => {
    const config = loadConfig(
      withConfig((c) => {
        c.environments = c.environments.filter((env) => env.cloud === "azure" && env.name === "dev");
        const env = c.environments[0]!;
        env.databricks.groups = { ...env.databricks.groups, constructor: "builders" };
        env.databricks.grants.push(
          { group: "constructor", on: "catalog", privileges: ["USE_CATALOG"] },
          { group: "constructor", on: "schema:gold", privileges: ["USE_SCHEMA", "SELECT"] },
        );
        env.databricks.warehouse.users = ["constructor"];
      }),
    );
    // The ACLs are in the workspace layer, which reads the environment layer's outputs.
    const stacks = addLakehouseStacks(Testing.app(), config);
    prepareStacks(stacks);
    const json = stacks.map((stack) => Testing.synth(stack)).join("\n");
    expect(json).toContain('"principal": "builders"');
    expect(json).toContain('"group_name": "builders"');
  });
});

describe("construct errors that config now reports first", () => {
  test("a node type listed twice", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-dev", (env) => {
            env.databricks.clusterPolicy.allowedNodeTypes = ["Standard_D4ds_v5", "Standard_D4ds_v5"];
          }),
        ),
      "environments.azure-dev.databricks.clusterPolicy.allowedNodeTypes[1]",
    );
    expect(issue).toContain("'Standard_D4ds_v5' is listed twice");
  });

  test("a blank node type", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-dev", (env) => {
            env.databricks.clusterPolicy.allowedNodeTypes = [" "];
          }),
        ),
      "environments.azure-dev.databricks.clusterPolicy.allowedNodeTypes[0]",
    );
    expect(issue).toContain("' ' must be a node type id");
  });

  test("a blank group name", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-dev", (env) => {
            env.databricks.groups = { ...env.databricks.groups, engineers: " " };
          }),
        ),
      "environments.azure-dev.databricks.groups.engineers",
    );
    expect(issue).toContain("' ' must not be blank");
  });

  test("the built-in 'account users' group as a role's group", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-dev", (env) => {
            env.databricks.groups = { ...env.databricks.groups, analysts: "Account Users" };
          }),
        ),
      "environments.azure-dev.databricks.groups.analysts",
    );
    expect(issue).toContain("'Account Users' is every user of the account");
  });

  test("a reserved Databricks tag key such as Vendor", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withProject((project) => {
            project.tags = { Vendor: "acme" };
          }),
        ),
      "project.tags.Vendor",
    );
    expect(issue).toContain("'Vendor' is a tag Databricks sets on compute itself");
  });

  test("an empty pipelines.schedule.timezone", () => {
    const issue = onlyIssueOf(
      () =>
        loadConfig(
          withEnvironment("azure-dev", (env) => {
            env.pipelines!.schedule!.timezone = "";
          }),
        ),
      "environments.azure-dev.pipelines.schedule.timezone",
    );
    expect(issue).toContain("'' is not an IANA time zone name");
  });
});

test("a self-referencing YAML alias is a config error, not a stack overflow", () => {
  const project: Record<string, unknown> = { name: "x" };
  project.self = project;
  const issues = issuesOf(() => loadConfig({ project, environments: [] }));
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatch(/^project(\.self)+: is nested more than 64 levels deep$/);
});
