import { clusterPolicyElements, jobClusterSpecs, jsonObject } from "../../terraform-json/values";
import { policyDefinition } from "../../cost/pricing/databricks-cluster";
import type { TerraformElement } from "../../terraform-json/model";

describe("jobClusterSpecs", () => {
  it("lists the shared job clusters' and the tasks' own new_cluster blocks, as they are", () => {
    const shared = { spark_version: "15.4.x-scala2.12" };
    const own = { num_workers: 2 };
    const job = {
      job_cluster: [{ job_cluster_key: "main", new_cluster: shared }, { job_cluster_key: "none" }],
      task: [
        { task_key: "a", job_cluster_key: "main" },
        { task_key: "b", new_cluster: [own] },
      ],
    };
    const specs = jobClusterSpecs(job);
    expect(specs).toEqual([{ spark_version: "15.4.x-scala2.12" }, { num_workers: 2 }]);
    // The blocks themselves: the cost levers edit them in place.
    expect(specs[0]).toBe(shared);
    expect(specs[1]).toBe(own);
  });

  it("is empty for a job on serverless or existing compute", () => {
    expect(jobClusterSpecs({ task: { task_key: "a", existing_cluster_id: "x" } })).toEqual([]);
    expect(jobClusterSpecs({})).toEqual([]);
  });
});

describe("jsonObject", () => {
  it("reads the JSON object an attribute holds as text", () => {
    expect(jsonObject('{"Version":"2012-10-17","Statement":[]}')).toEqual({
      Version: "2012-10-17",
      Statement: [],
    });
  });

  it("is undefined for text that is not JSON, or JSON that is not an object", () => {
    for (const text of ["${data.aws_iam_policy_document.x.json}", "", "[1,2]", "null", "5", '"{}"', "true"])
      expect(jsonObject(text)).toBeUndefined();
  });
});

describe("policyDefinition (cost) reads a cluster policy as the guardrails do", () => {
  const policy = (definition: unknown) => ({ attributes: { definition } }) as unknown as TerraformElement;

  it("reads the definition text, or the object a hand-written fixture gives", () => {
    const rules = { node_type_id: { type: "fixed", value: "Standard_D4ds_v5" } };
    expect(policyDefinition(policy(JSON.stringify(rules)))).toEqual(rules);
    expect(policyDefinition(policy(rules))).toEqual(rules);
  });

  it("has no definition for a reference, or for JSON that is not an object (no policy the API accepts)", () => {
    for (const definition of ["${var.policy}", "[1,2]", "null", [{ node_type_id: {} }], null, undefined])
      expect(policyDefinition(policy(definition))).toBeUndefined();
  });
});

describe("clusterPolicyElements", () => {
  it("keeps the elements that are objects: a null or a number in their place constrains nothing", () => {
    const text =
      '{"node_type_id":{"type":"fixed","value":"m6i.xlarge"},"num_workers":5,"spark_version":null}';
    expect(clusterPolicyElements(text)).toEqual({ node_type_id: { type: "fixed", value: "m6i.xlarge" } });
    expect(clusterPolicyElements({ a: { type: "unlimited" }, b: [] })).toEqual({ a: { type: "unlimited" } });
  });

  it("is undefined for a reference, an array or other JSON that is not an object", () => {
    for (const definition of ["${jsonencode(local.p)}", "[]", "5", "null", [], 5, null, undefined])
      expect(clusterPolicyElements(definition)).toBeUndefined();
  });
});
