/** Gold: feature tables and their layout. */
import { files } from "../../support/pipeline-sql";

describe("gold", () => {
  test("clustered tables get CLUSTER BY, ZORDER tables nothing in DDL", () => {
    const out = files("azure");
    expect(out["gold.sql"]).toContain("CLUSTER BY (`customer_id`)");
    expect(out["silver.sql"]).not.toMatch(/CLUSTER BY|ZORDER/);
  });
});
