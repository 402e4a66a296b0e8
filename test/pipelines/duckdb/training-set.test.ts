/**
 * The generated training-set view, run on DuckDB end to end: bronze change events → silver by the AUTO
 * CDC reference (test/support/cdc-reference.ts) → gold feature table by the generated query → the
 * generated training-set query. Checks the as-of join to an SCD type 2 dimension across a change and
 * a delete, the latest feature row before each label, and that no training row sees an event at or
 * after its label's time. Dialect shim: test/support/duckdb.ts.
 */
import { INGESTED_AT_COLUMN, loadDatasets, silverColumns, type DatasetSpec } from "../../../pipelines";
import { CONTEXT, files } from "../../support/pipeline-sql";
import { example, table } from "../../support/datasets";
import { cdcReferenceQuery } from "../../support/cdc-reference";
import { DuckDbLakehouse, queryOf, statementOf, toDuckDb, type Row } from "../../support/duckdb";

function specWith(currentEvent: "include" | "exclude"): DatasetSpec {
  const input = example();
  input.features[0].currentEvent = currentEvent;
  input.features[0].onlineServing = currentEvent === "include";
  return loadDatasets(input, "azure");
}

function queries(spec: DatasetSpec): { features: string; trainingSet: string } {
  const gold = files("azure", CONTEXT.azure, spec)["gold.sql"]!;
  return {
    features: queryOf(statementOf(gold, "`fraud_prod`.`gold`.`customer_features`")),
    trainingSet: queryOf(statementOf(gold, "`fraud_prod`.`gold`.`fraud_training_set`")),
  };
}

interface Transaction {
  transaction_id: string;
  customer_id: string;
  merchant_id: string;
  amount: number;
  event_time: string;
}

/**
 * c1: a1, a2, then a3 tied with a4 (500) at 01-25 10:00, then a5 (9999) the next morning.
 * c2: b1 exactly when merchant m1 changes category. c3: d1, its first transaction.
 */
const TRANSACTIONS: Transaction[] = [
  {
    transaction_id: "a1",
    customer_id: "c1",
    merchant_id: "m1",
    amount: 10,
    event_time: "2026-01-05 10:00:00",
  },
  {
    transaction_id: "a2",
    customer_id: "c1",
    merchant_id: "m1",
    amount: 20,
    event_time: "2026-01-15 10:00:00",
  },
  {
    transaction_id: "a3",
    customer_id: "c1",
    merchant_id: "m1",
    amount: 30,
    event_time: "2026-01-25 10:00:00",
  },
  {
    transaction_id: "a4",
    customer_id: "c1",
    merchant_id: "m2",
    amount: 500,
    event_time: "2026-01-25 10:00:00",
  },
  {
    transaction_id: "a5",
    customer_id: "c1",
    merchant_id: "m2",
    amount: 9999,
    event_time: "2026-01-26 09:00:00",
  },
  {
    transaction_id: "b1",
    customer_id: "c2",
    merchant_id: "m1",
    amount: 7,
    event_time: "2026-01-20 00:00:00",
  },
  {
    transaction_id: "d1",
    customer_id: "c3",
    merchant_id: "m2",
    amount: 3,
    event_time: "2026-01-10 00:00:00",
  },
];

let db: DuckDbLakehouse;
const base = specWith("include");

async function loadTransactions(transactions: readonly Transaction[]): Promise<void> {
  await db.table(
    "fraud_prod.silver.transactions",
    silverColumns(table(base, "transactions")),
    transactions.map((t) => ({
      ...t,
      currency: "EUR",
      card_present: false,
      _ingested_at: "2026-03-01 00:00:00",
    })),
  );
}

/**
 * Loads `events` (change events of the CDC table `name`) into bronze and builds its silver table from
 * them with the AUTO CDC reference query.
 */
async function loadChangeEvents(name: string, events: readonly Record<string, unknown>[]): Promise<void> {
  const cdcTable = table(base, name);
  const bronze = `fraud_prod.bronze.${name}`;
  await db.table(bronze, [...cdcTable.columns, { name: INGESTED_AT_COLUMN, type: "TIMESTAMP" }], events);
  await db.materialize(`fraud_prod.silver.${name}`, cdcReferenceQuery(cdcTable, bronze));
}

/** Builds gold from silver with the generated queries and returns the training set, by transaction. */
async function trainingSet(spec: DatasetSpec, mutate = (query: string) => query): Promise<Row[]> {
  const q = queries(spec);
  await db.materialize("fraud_prod.gold.customer_features", q.features);
  return db.rows(`SELECT * FROM (${toDuckDb(mutate(q.trainingSet))}) ORDER BY transaction_id`);
}

beforeAll(async () => {
  db = await DuckDbLakehouse.create("fraud_prod");
  await loadTransactions(TRANSACTIONS);

  // Merchants (SCD type 2), events out of order: m1 is grocery (5411) until 01-20 00:00, then
  // electronics (5732); m2 (5812) is deleted on 01-26 00:00.
  const merchant = (merchant_id: string, category_code: string, operation: string, updated_at: string) => ({
    merchant_id,
    merchant_name: merchant_id,
    category_code,
    country: merchant_id === "m1" ? "NL" : "BE",
    operation,
    updated_at,
    [INGESTED_AT_COLUMN]: "2026-03-01 00:00:00",
  });
  await loadChangeEvents("merchants", [
    merchant("m2", "", "DELETE", "2026-01-26 00:00:00"),
    merchant("m1", "5732", "UPDATE", "2026-01-20 00:00:00"),
    merchant("m1", "5411", "INSERT", "2026-01-01 00:00:00"),
    merchant("m2", "5812", "INSERT", "2026-01-01 00:00:00"),
  ]);

  // Labels (SCD type 1): a3's decision is revised from false to true; the revision arrives first.
  const label = (t: string, is_fraud: boolean, labelled_at: string) => {
    const txn = TRANSACTIONS.find((x) => x.transaction_id === t)!;
    return {
      transaction_id: t,
      customer_id: txn.customer_id,
      merchant_id: txn.merchant_id,
      event_time: txn.event_time,
      is_fraud,
      labelled_at,
      [INGESTED_AT_COLUMN]: "2026-03-01 00:00:00",
    };
  };
  await loadChangeEvents("fraud_labels", [
    label("a3", true, "2026-02-10 00:00:00"),
    label("a3", false, "2026-02-01 00:00:00"),
    label("a2", false, "2026-02-01 00:00:00"),
    label("a5", false, "2026-02-01 00:00:00"),
    label("b1", true, "2026-02-01 00:00:00"),
    label("d1", false, "2026-02-01 00:00:00"),
  ]);
});

afterAll(() => db.close());

const FEATURE_COLUMNS = [
  "customer_features_feature_timestamp",
  "avg_transaction_amount_30d",
  "transaction_count_30d",
  "total_transaction_amount_30d",
  "max_transaction_amount_7d",
] as const;

function features(row: Row): Row {
  return Object.fromEntries(FEATURE_COLUMNS.map((c) => [c, row[c]!]));
}

const NOTHING_KNOWN = {
  customer_features_feature_timestamp: null,
  avg_transaction_amount_30d: null,
  transaction_count_30d: null,
  total_transaction_amount_30d: null,
  max_transaction_amount_7d: null,
};

describe("currentEvent: include, joined strictly before each label", () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await trainingSet(base);
  });

  test("one row per label with the label table's columns, the latest decision per transaction", () => {
    expect(
      rows.map((r) => [r.transaction_id, r.customer_id, r.merchant_id, r.event_time, r.is_fraud]),
    ).toEqual([
      ["a2", "c1", "m1", "2026-01-15 10:00:00", false],
      ["a3", "c1", "m1", "2026-01-25 10:00:00", true],
      ["a5", "c1", "m2", "2026-01-26 09:00:00", false],
      ["b1", "c2", "m1", "2026-01-20 00:00:00", true],
      ["d1", "c3", "m2", "2026-01-10 00:00:00", false],
    ]);
  });

  test("each label gets the latest feature row before its time", () => {
    const byId = Object.fromEntries(rows.map((r) => [r.transaction_id, features(r)]));
    // a2: the row at a1 (01-05 10:00): a1 only.
    expect(byId.a2).toEqual({
      customer_features_feature_timestamp: "2026-01-05 10:00:00",
      avg_transaction_amount_30d: 10,
      transaction_count_30d: 1,
      total_transaction_amount_30d: 10,
      max_transaction_amount_7d: 10,
    });
    // a3: the row at a2 (01-15 10:00): a1, a2 — not a3 itself, not a4 tied with it.
    expect(byId.a3).toEqual({
      customer_features_feature_timestamp: "2026-01-15 10:00:00",
      avg_transaction_amount_30d: 15,
      transaction_count_30d: 2,
      total_transaction_amount_30d: 30,
      max_transaction_amount_7d: 20,
    });
    // a5: the tie row at 01-25 10:00: a1..a4 (avg 140, max 500), not a5's 9999.
    expect(byId.a5).toEqual({
      customer_features_feature_timestamp: "2026-01-25 10:00:00",
      avg_transaction_amount_30d: 140,
      transaction_count_30d: 4,
      total_transaction_amount_30d: 560, // 10 + 20 + 30 + 500
      max_transaction_amount_7d: 500,
    });
  });

  test("a label with nothing before it keeps its row, with null features", () => {
    const byId = Object.fromEntries(rows.map((r) => [r.transaction_id, features(r)]));
    // b1 and d1 are their customers' first transactions: their own rows are at, not before, their time.
    expect(byId.b1).toEqual(NOTHING_KNOWN);
    expect(byId.d1).toEqual(NOTHING_KNOWN);
  });

  test("the merchant as it was at the label's time, across a change and a delete", () => {
    const merchant = Object.fromEntries(rows.map((r) => [r.transaction_id, [r.category_code, r.country]]));
    expect(merchant).toEqual({
      a2: ["5411", "NL"], // before m1's change on 01-20
      a3: ["5732", "NL"], // after it
      b1: ["5732", "NL"], // exactly at it: the new version is valid from its __START_AT
      d1: ["5812", "BE"], // m2 before its delete
      a5: [null, null], // m2 was deleted on 01-26 00:00, before a5
    });
  });
});

describe("currentEvent: exclude, joined at or before each label", () => {
  test("a label gets the row at its own time, which leaves out the events at that time", async () => {
    const rows = await trainingSet(specWith("exclude"));
    const byId = Object.fromEntries(rows.map((r) => [r.transaction_id, features(r)]));
    // a3's own row (01-25 10:00) sees [12-26 10:00, 01-25 10:00): a1, a2; nothing in the last 7 days.
    expect(byId.a3).toEqual({
      customer_features_feature_timestamp: "2026-01-25 10:00:00",
      avg_transaction_amount_30d: 15,
      transaction_count_30d: 2,
      total_transaction_amount_30d: 30,
      max_transaction_amount_7d: null,
    });
    // b1's own row: nothing before it, count 0.
    expect(byId.b1).toEqual({
      customer_features_feature_timestamp: "2026-01-20 00:00:00",
      avg_transaction_amount_30d: null,
      transaction_count_30d: 0,
      total_transaction_amount_30d: null,
      max_transaction_amount_7d: null,
    });
  });
});

describe("no leakage: nothing at or after a label's time reaches its row", () => {
  test.each(["include", "exclude"] as const)(
    "%s: changing or adding events at or after a label's time leaves its training row unchanged",
    async (mode) => {
      const spec = specWith(mode);
      await loadTransactions(TRANSACTIONS);
      const original = await trainingSet(spec);
      try {
        for (const row of original) {
          const at = row.event_time as string;
          // Every event at or after the label's time becomes enormous, and two more appear: one tied
          // with the label, one after it. Anything that leaked would change the row.
          const altered = [
            ...TRANSACTIONS.map((t) => (t.event_time >= at ? { ...t, amount: t.amount * 1000 } : t)),
            {
              ...TRANSACTIONS[0]!,
              transaction_id: "z1",
              customer_id: row.customer_id as string,
              amount: 77777,
              event_time: at,
            },
            {
              ...TRANSACTIONS[0]!,
              transaction_id: "z2",
              customer_id: row.customer_id as string,
              amount: 88888,
              event_time: "2026-12-31 00:00:00",
            },
          ];
          await loadTransactions(altered);
          const after = (await trainingSet(spec)).find((r) => r.transaction_id === row.transaction_id)!;
          expect([row.transaction_id, features(after)]).toEqual([row.transaction_id, features(row)]);
          // And the row it took is from before the label (at it, for rows that leave out their own time).
          const featureTime = after.customer_features_feature_timestamp as string | null;
          if (featureTime !== null)
            expect(mode === "include" ? featureTime < at : featureTime <= at).toBe(true);
        }
      } finally {
        await loadTransactions(TRANSACTIONS);
      }
    },
  );
});

describe("the as-of join's bound is pinned", () => {
  const include = "AND f.`feature_timestamp` < l.`event_time`";
  const exclude = "AND f.`feature_timestamp` <= l.`event_time`";

  test("include: a join at or before the label's time would hand a3 its own row (a3 and a4 in it)", async () => {
    const rows = await trainingSet(specWith("include"), (q) => {
      expect(q).toContain(include);
      return q.replace(include, exclude);
    });
    const a3 = rows.find((r) => r.transaction_id === "a3")!;
    // What the leakage test rejects: a row at the label's own time, counting a3 itself and its tie a4.
    expect(a3.customer_features_feature_timestamp).toBe("2026-01-25 10:00:00");
    expect(a3.transaction_count_30d).toBe(4);
  });

  test("exclude: a join strictly before the label's time would skip the row made for it", async () => {
    const rows = await trainingSet(specWith("exclude"), (q) => {
      expect(q).toContain(exclude);
      return q.replace(exclude, include);
    });
    const a3 = rows.find((r) => r.transaction_id === "a3")!;
    // The expected row is a3's own (01-25 10:00, without a3 and a4); the mutant falls back to a2's.
    expect(a3.customer_features_feature_timestamp).toBe("2026-01-15 10:00:00");
  });
});
