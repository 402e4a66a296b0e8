/**
 * Silver on DuckDB: the generated append query of a table without CDC, and, for AUTO CDC tables, the
 * reference implementation (test/support/cdc-reference.ts) that the as-of join tests build their
 * silver tables with — out-of-order events, SCD type 1 latest-wins, SCD type 2 versions, deletes.
 */
import { INGESTED_AT_COLUMN, loadDatasets, silverColumns, type DatasetSpec } from "../../../pipelines";
import { files } from "../../support/pipeline-sql";
import { example, table } from "../../support/datasets";
import { cdcReferenceQuery } from "../../support/cdc-reference";
import { DuckDbLakehouse, queryOf, statementOf } from "../../support/duckdb";

let db: DuckDbLakehouse;
const spec: DatasetSpec = loadDatasets(example(), "azure");
const silver = files("azure")["silver.sql"]!;

beforeAll(async () => {
  db = await DuckDbLakehouse.create("fraud_prod");
});

afterAll(() => db.close());

/** Bronze columns of a CDC table as the reference reads them: the payload plus `_ingested_at`. */
function bronzeColumns(name: string) {
  return [...table(spec, name).columns, { name: INGESTED_AT_COLUMN, type: "TIMESTAMP" }];
}

test("the generated append query keeps the silver columns of bronze rows (STREAM(x) read as x)", async () => {
  const transactions = table(spec, "transactions");
  await db.table(
    "fraud_prod.bronze.transactions",
    [
      ...transactions.columns,
      { name: "_raw_payload", type: "STRING" },
      { name: INGESTED_AT_COLUMN, type: "TIMESTAMP" },
    ],
    [
      {
        transaction_id: "t1",
        customer_id: "c1",
        merchant_id: "m1",
        amount: 12.5,
        currency: "EUR",
        card_present: true,
        event_time: "2026-01-01 10:00:00",
        _raw_payload: "{}",
        _ingested_at: "2026-01-01 10:00:05",
      },
    ],
  );
  const query = queryOf(statementOf(silver, "`fraud_prod`.`silver`.`transactions`"));
  expect(query).toContain("FROM STREAM(`fraud_prod`.`bronze`.`transactions`)");
  await db.materialize("fraud_prod.silver.transactions", query);
  const rows = await db.rows("SELECT * FROM fraud_prod.silver.transactions");
  expect(Object.keys(rows[0]!)).toEqual(silverColumns(transactions).map((c) => c.name));
  expect(rows).toEqual([
    {
      transaction_id: "t1",
      customer_id: "c1",
      merchant_id: "m1",
      amount: 12.5,
      currency: "EUR",
      card_present: true,
      event_time: "2026-01-01 10:00:00",
      _ingested_at: "2026-01-01 10:00:05",
    },
  ]);
});

describe("SCD type 1 (customers): the latest event by sequence wins, deletes remove the row", () => {
  test("the generated flow is built from the fields the reference reads", () => {
    expect(silver).toContain(
      "CREATE FLOW `customers_cdc` AS AUTO CDC INTO `fraud_prod`.`silver`.`customers`\n" +
        "FROM STREAM(`fraud_prod`.`bronze`.`customers`)\n" +
        "KEYS (`customer_id`)\n" +
        "APPLY AS DELETE WHEN operation = 'DELETE'\n" +
        "SEQUENCE BY `updated_at`",
    );
    expect(silver).toContain("STORED AS SCD TYPE 1;");
  });

  test("out-of-order updates, a delete overtaken by a late update, a re-insert after a delete", async () => {
    const event = (customer_id: string, risk_segment: string, operation: string, updated_at: string) => ({
      customer_id,
      full_name: `name ${customer_id}`,
      email: `${customer_id}@example.com`,
      country: "NL",
      risk_segment,
      operation,
      updated_at,
      _ingested_at: "2026-02-01 00:00:00",
    });
    // Rows in arrival order, which is not sequence order.
    await db.table("fraud_prod.bronze.customers", bronzeColumns("customers"), [
      event("c1", "high", "UPDATE", "2026-01-10 00:00:00"), // arrives before the insert it follows
      event("c1", "low", "INSERT", "2026-01-01 00:00:00"),
      event("c2", "low", "INSERT", "2026-01-01 00:00:00"),
      event("c2", "", "DELETE", "2026-01-05 00:00:00"),
      event("c2", "medium", "UPDATE", "2026-01-03 00:00:00"), // late, sequenced before the delete
      event("c3", "", "DELETE", "2026-01-02 00:00:00"),
      event("c3", "medium", "INSERT", "2026-01-04 00:00:00"),
    ]);
    const rows = await db.rows(
      `SELECT customer_id, risk_segment, updated_at FROM (${cdcReferenceQuery(table(spec, "customers"), "fraud_prod.bronze.customers")}) ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      { customer_id: "c1", risk_segment: "high", updated_at: "2026-01-10 00:00:00" },
      { customer_id: "c3", risk_segment: "medium", updated_at: "2026-01-04 00:00:00" },
    ]);
  });

  test("the excluded operation column is not in silver", async () => {
    const rows = await db.rows(
      `SELECT * FROM (${cdcReferenceQuery(table(spec, "customers"), "fraud_prod.bronze.customers")}) LIMIT 1`,
    );
    expect(Object.keys(rows[0]!)).not.toContain("operation");
  });
});

describe("SCD type 2 (merchants): versions open and close by sequence, deletes close the last one", () => {
  test("out-of-order changes give the same history as ordered ones", async () => {
    const event = (merchant_id: string, category_code: string, operation: string, updated_at: string) => ({
      merchant_id,
      merchant_name: `merchant ${merchant_id}`,
      category_code,
      country: "NL",
      operation,
      updated_at,
      _ingested_at: "2026-03-01 00:00:00",
    });
    await db.table("fraud_prod.bronze.merchants", bronzeColumns("merchants"), [
      event("m1", "5732", "UPDATE", "2026-01-20 00:00:00"), // electronics, arrives first
      event("m2", "", "DELETE", "2026-02-01 00:00:00"), // arrives before the insert it closes
      event("m1", "5411", "INSERT", "2026-01-01 00:00:00"), // grocery
      event("m2", "5812", "INSERT", "2026-01-01 00:00:00"),
    ]);
    const rows = await db.rows(
      `SELECT merchant_id, category_code, "__START_AT", "__END_AT" FROM (${cdcReferenceQuery(table(spec, "merchants"), "fraud_prod.bronze.merchants")}) ORDER BY merchant_id, "__START_AT"`,
    );
    expect(rows).toEqual([
      {
        merchant_id: "m1",
        category_code: "5411",
        __START_AT: "2026-01-01 00:00:00",
        __END_AT: "2026-01-20 00:00:00",
      },
      { merchant_id: "m1", category_code: "5732", __START_AT: "2026-01-20 00:00:00", __END_AT: null },
      {
        merchant_id: "m2",
        category_code: "5812",
        __START_AT: "2026-01-01 00:00:00",
        __END_AT: "2026-02-01 00:00:00",
      },
    ]);
  });
});
