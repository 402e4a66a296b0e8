import { jobClusterSpecs } from "../../terraform-json/values";

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
