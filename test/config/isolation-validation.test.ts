/**
 * Isolation settings: the admin group that owns Unity Catalog objects and the service principal the
 * pipelines run as, both required outside dev; one run-as principal per environment.
 */
import { loadConfig } from "../../config";
import { withEnvironment } from "../fixtures/config";
import { onlyIssueOf } from "../support/config-issues";

const onlyIssue = (input: unknown, path: string) => onlyIssueOf(() => loadConfig(input), path);

describe("databricks.adminGroup", () => {
  test("the example names the admin group in every environment", () => {
    const envs = loadConfig(withEnvironment("aws-dev", () => {})).environments;
    expect(envs.map((e) => [e.id, e.databricks.adminGroup])).toEqual([
      ["azure-dev", "admins"],
      ["azure-staging", "admins"],
      ["azure-prod", "admins"],
      ["aws-dev", "admins"],
      ["aws-staging", "admins"],
      ["aws-prod", "admins"],
    ]);
  });

  test("is required outside dev", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        delete env.databricks.adminGroup;
      }),
      "environments.azure-prod.databricks.adminGroup",
    );
    expect(issue).toBe(
      "environments.azure-prod.databricks.adminGroup: is required outside dev (stage prod): the Unity Catalog objects need an owning admin group, and only that group may manage pipelines and jobs; name a key of databricks.groups (admins, engineers, analysts, dataScientists, mlServing)",
    );
  });

  test("may be left out in dev (the deployer owns dev's objects)", () => {
    expect(() =>
      loadConfig(
        withEnvironment("aws-dev", (env) => {
          delete env.databricks.adminGroup;
        }),
      ),
    ).not.toThrow();
  });

  test("must be a key of databricks.groups", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        env.databricks.adminGroup = "owners";
      }),
      "environments.aws-staging.databricks.adminGroup",
    );
    expect(issue).toBe(
      "environments.aws-staging.databricks.adminGroup: 'owners' is not a key of databricks.groups (admins, engineers, analysts, dataScientists, mlServing)",
    );
  });
});

describe("pipelines.runAsServicePrincipal", () => {
  test("is required outside dev", () => {
    const issue = onlyIssue(
      withEnvironment("aws-staging", (env) => {
        delete env.pipelines!.runAsServicePrincipal;
      }),
      "environments.aws-staging.pipelines.runAsServicePrincipal",
    );
    expect(issue).toBe(
      "environments.aws-staging.pipelines.runAsServicePrincipal: is required outside dev (stage staging): the pipeline and its jobs must run as this environment's service principal, not as the deployer; give its application id (a lowercase UUID)",
    );
  });

  test("may be left out in dev", () => {
    const dev = loadConfig(withEnvironment("azure-dev", () => {})).environments.find(
      (e) => e.id === "azure-dev",
    )!;
    expect(dev.pipelines?.runAsServicePrincipal).toBeUndefined();
  });

  test("one principal per environment: a second environment using it is rejected", () => {
    const issue = onlyIssue(
      withEnvironment("azure-prod", (env) => {
        env.pipelines!.runAsServicePrincipal = "6b1f2c7e-4d3a-4e8b-9a1c-5f0e2d3c4b21";
      }),
      "environments.azure-prod.pipelines.runAsServicePrincipal",
    );
    expect(issue).toBe(
      "environments.azure-prod.pipelines.runAsServicePrincipal: '6b1f2c7e-4d3a-4e8b-9a1c-5f0e2d3c4b21' is also the run-as principal of environments.azure-staging; each environment needs its own service principal, so one environment's pipelines cannot use another's grants",
    );
  });

  test("must be an application id", () => {
    const issue = onlyIssue(
      withEnvironment("aws-prod", (env) => {
        env.pipelines!.runAsServicePrincipal = "Pipeline-Bot";
      }),
      "environments.aws-prod.pipelines.runAsServicePrincipal",
    );
    expect(issue).toContain("'Pipeline-Bot' must be a service principal application id (a lowercase UUID)");
  });
});
