/**
 * The generated feature-table query, run on DuckDB over hand-made silver transactions: window bounds,
 * the current event included or excluded, ties at one timestamp, one entity never seeing another's
 * events. Expected values are worked out by hand below each case. Dialect shim: test/support/duckdb.ts.
 */
import { loadDatasets, silverColumns, type DatasetSpec } from "../../../pipelines";
import { CONTEXT, files } from "../../support/pipeline-sql";
import { example, table } from "../../support/datasets";
import { DIALECT_SHIM, DuckDbLakehouse, queryOf, statementOf, type Row } from "../../support/duckdb";

const FEATURES = "`fraud_prod`.`gold`.`customer_features`";

/** The example spec, plus a distinct count; `exclude` switches the current event out (and online serving off). */
function specWith(currentEvent: "include" | "exclude"): DatasetSpec {
  const input = example();
  const feature = input.features[0];
  feature.currentEvent = currentEvent;
  feature.onlineServing = currentEvent === "include";
  feature.windows.push({
    name: "merchant_count_30d",
    function: "count_distinct",
    column: "merchant_id",
    days: 30,
  });
  return loadDatasets(input, "azure");
}

/** The query of customer_features exactly as gold.sql defines it. */
function featureQuery(spec: DatasetSpec): string {
  return queryOf(statementOf(files("azure", CONTEXT.azure, spec)["gold.sql"]!, FEATURES));
}

/**
 * Customer c1: t0 one microsecond more than 30 days before t2; t1 exactly 30 days before t2; t4 and t5
 * tied at one timestamp. Customer c2: one large transaction at t2's time, which c1 must never see.
 * Customer c4 pins the 7-day bound: y0 one microsecond more than 7 days before y2, y1 exactly 7 days.
 */
const TRANSACTIONS = [
  {
    transaction_id: "t0",
    customer_id: "c1",
    merchant_id: "m1",
    amount: 1,
    event_time: "2025-12-31 23:59:59.999999",
  },
  {
    transaction_id: "t1",
    customer_id: "c1",
    merchant_id: "m1",
    amount: 10,
    event_time: "2026-01-01 00:00:00",
  },
  {
    transaction_id: "t2",
    customer_id: "c1",
    merchant_id: "m2",
    amount: 20,
    event_time: "2026-01-31 00:00:00",
  },
  {
    transaction_id: "t4",
    customer_id: "c1",
    merchant_id: "m2",
    amount: 40,
    event_time: "2026-02-05 12:00:00",
  },
  {
    transaction_id: "t5",
    customer_id: "c1",
    merchant_id: "m3",
    amount: 50,
    event_time: "2026-02-05 12:00:00",
  },
  {
    transaction_id: "x1",
    customer_id: "c2",
    merchant_id: "m9",
    amount: 1000,
    event_time: "2026-01-31 00:00:00",
  },
  {
    transaction_id: "y0",
    customer_id: "c4",
    merchant_id: "m1",
    amount: 9,
    event_time: "2026-01-23 23:59:59.999999",
  },
  {
    transaction_id: "y1",
    customer_id: "c4",
    merchant_id: "m1",
    amount: 7,
    event_time: "2026-01-24 00:00:00",
  },
  {
    transaction_id: "y2",
    customer_id: "c4",
    merchant_id: "m1",
    amount: 3,
    event_time: "2026-01-31 00:00:00",
  },
];

const ORDER = "ORDER BY customer_id, feature_timestamp";

let db: DuckDbLakehouse;
let spec: DatasetSpec;

beforeAll(async () => {
  spec = specWith("include");
  db = await DuckDbLakehouse.create("fraud_prod");
  const transactions = table(spec, "transactions");
  await db.table(
    "fraud_prod.silver.transactions",
    silverColumns(transactions),
    TRANSACTIONS.map((t) => ({
      ...t,
      currency: "EUR",
      card_present: true,
      _ingested_at: "2026-03-01 00:00:00",
    })),
  );
});

afterAll(() => db.close());

async function features(s: DatasetSpec): Promise<Row[]> {
  await db.materialize("fraud_prod.gold.customer_features", featureQuery(s));
  return db.rows(`SELECT * FROM fraud_prod.gold.customer_features ${ORDER}`);
}

test("the shim is the listed rewrites only", () => {
  expect(DIALECT_SHIM).toEqual([
    "backtick identifiers → double-quoted identifiers",
    "STREAM(x) → x",
    "size(collect_set(x) OVER w) → count(DISTINCT x) OVER w",
  ]);
});

describe("currentEvent: include (at or before the row's timestamp)", () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await features(specWith("include"));
  });

  test("one row per customer and event time; tied events share one row", () => {
    expect(rows.map((r) => [r.customer_id, r.feature_timestamp])).toEqual([
      ["c1", "2025-12-31 23:59:59.999999"],
      ["c1", "2026-01-01 00:00:00"],
      ["c1", "2026-01-31 00:00:00"],
      ["c1", "2026-02-05 12:00:00"],
      ["c2", "2026-01-31 00:00:00"],
      ["c4", "2026-01-23 23:59:59.999999"],
      ["c4", "2026-01-24 00:00:00"],
      ["c4", "2026-01-31 00:00:00"],
    ]);
  });

  test("an event exactly 7 days before is in the 7-day window, one microsecond more is out", () => {
    // Row at y2 (2026-01-31): the frame starts at 2026-01-24 00:00:00 → y1 (7) and y2 (3); y0 (9) is out.
    expect(rows[7]).toMatchObject({ max_transaction_amount_7d: 7, transaction_count_30d: 3 });
  });

  test("an event exactly 30 days before is in the window, one microsecond more is out", () => {
    // Row at t2 (2026-01-31): the frame starts at 2026-01-01 00:00:00, so t1 (10) is in and t0 is out.
    const atT2 = rows[2]!;
    expect(atT2.transaction_count_30d).toBe(2); // t1, t2
    expect(atT2.avg_transaction_amount_30d).toBeCloseTo(15); // (10 + 20) / 2
    expect(atT2.merchant_count_30d).toBe(2); // m1, m2
  });

  test("the row's own events and its ties are in", () => {
    // Row at t4/t5 (2026-02-05 12:00): 30 days back is 2026-01-06 12:00 → t2, t4, t5.
    const tie = rows[3]!;
    expect(tie.transaction_count_30d).toBe(3);
    expect(tie.avg_transaction_amount_30d).toBeCloseTo((20 + 40 + 50) / 3);
    // 7 days back is 2026-01-29 12:00 → t2, t4, t5; the largest is t5's own 50.
    expect(tie.max_transaction_amount_7d).toBe(50);
    expect(tie.merchant_count_30d).toBe(2); // m2, m3
    // The first event sees itself.
    expect(rows[0]).toMatchObject({
      transaction_count_30d: 1,
      avg_transaction_amount_30d: 1,
      max_transaction_amount_7d: 1,
    });
  });

  test("the 7-day window is its own frame", () => {
    // Row at t2: 7 days back is 2026-01-24 → only t2.
    expect(rows[2]!.max_transaction_amount_7d).toBe(20);
    // Row at t1: 7 days back is 2025-12-25 → t0 and t1.
    expect(rows[1]).toMatchObject({ transaction_count_30d: 2, max_transaction_amount_7d: 10 });
  });

  test("a customer never sees another customer's events", () => {
    expect(rows[4]).toMatchObject({
      customer_id: "c2",
      transaction_count_30d: 1,
      max_transaction_amount_7d: 1000,
    });
    expect(
      rows.filter((r) => r.customer_id === "c1").every((r) => (r.max_transaction_amount_7d as number) < 1000),
    ).toBe(true);
  });
});

describe("currentEvent: exclude (strictly before the row's timestamp)", () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await features(specWith("exclude"));
  });

  test("the first event sees nothing: counts 0, averages and maxima null", () => {
    expect(rows[0]).toMatchObject({
      feature_timestamp: "2025-12-31 23:59:59.999999",
      transaction_count_30d: 0,
      avg_transaction_amount_30d: null,
      max_transaction_amount_7d: null,
      merchant_count_30d: 0,
    });
  });

  test("an event exactly 30 days before is still in the window", () => {
    // Row at t2: [2026-01-01 00:00:00, 2026-01-31 00:00:00) → t1 only; t2 itself is out.
    expect(rows[2]).toMatchObject({ transaction_count_30d: 1, avg_transaction_amount_30d: 10 });
    // 7 days back from t2 there is nothing before t2.
    expect(rows[2]!.max_transaction_amount_7d).toBeNull();
  });

  test("a transaction never sees itself, nor an event tied with it", () => {
    // Row at t4/t5: [2026-01-06 12:00, 2026-02-05 12:00) → t2 only; neither t4 nor t5.
    expect(rows[3]).toMatchObject({
      transaction_count_30d: 1,
      avg_transaction_amount_30d: 20,
      max_transaction_amount_7d: 20,
      merchant_count_30d: 1,
    });
  });

  test("the 7-day window of an exclude row starts exactly 7 days before it", () => {
    // Row at y2: [2026-01-24 00:00:00, 2026-01-31 00:00:00) → y1 (7); y0 is one microsecond too early.
    expect(rows[7]).toMatchObject({ max_transaction_amount_7d: 7, transaction_count_30d: 2 });
  });

  test("the event one microsecond before is seen", () => {
    // Row at t1 (2026-01-01 00:00:00): t0, one microsecond earlier, is in.
    expect(rows[1]).toMatchObject({
      transaction_count_30d: 1,
      avg_transaction_amount_30d: 1,
      max_transaction_amount_7d: 1,
    });
  });
});

/**
 * The tests above fail when a window bound or the current-event end changes: the values they check, as
 * one hand-computed table per mode (rows in ORDER order: c1 t0, t1, t2, t4/t5, c2 x1, c4 y0, y1, y2),
 * match the generated query and differ for each mutant of its frames — a bound moved by one
 * microsecond either way, or the current event's end flipped, widened to its ties or narrowed.
 */
describe("mutants of the window frames are caught", () => {
  const EXPECTED = {
    include: {
      transaction_count_30d: [1, 2, 2, 3, 1, 1, 2, 3],
      max_transaction_amount_7d: [1, 10, 20, 50, 1000, 9, 9, 7],
    },
    exclude: {
      transaction_count_30d: [0, 1, 1, 1, 0, 0, 1, 2],
      max_transaction_amount_7d: [null, 1, null, 20, null, null, 9, 7],
    },
  };
  async function observed(query: string) {
    await db.materialize("fraud_prod.gold.customer_features", query);
    const rows = await db.rows(`SELECT * FROM fraud_prod.gold.customer_features ${ORDER}`);
    return {
      transaction_count_30d: rows.map((r) => r.transaction_count_30d),
      max_transaction_amount_7d: rows.map((r) => r.max_transaction_amount_7d),
    };
  }
  const earlier = (days: number) => `(INTERVAL ${days} DAYS + INTERVAL 1 MICROSECOND) PRECEDING`;
  const later = (days: number) => `(INTERVAL ${days} DAYS - INTERVAL 1 MICROSECOND) PRECEDING`;
  const bounds: [string, string, string][] = [
    ["the 30-day window starts 1 µs earlier", "INTERVAL 30 DAYS PRECEDING", earlier(30)],
    ["the 30-day window starts 1 µs later", "INTERVAL 30 DAYS PRECEDING", later(30)],
    ["the 7-day window starts 1 µs earlier", "INTERVAL 7 DAYS PRECEDING", earlier(7)],
    ["the 7-day window starts 1 µs later", "INTERVAL 7 DAYS PRECEDING", later(7)],
  ];
  const MUTANTS: ["include" | "exclude", string, string, string][] = [
    ...bounds.map(([what, from, to]): ["include", string, string, string] => ["include", what, from, to]),
    ...bounds.map(([what, from, to]): ["exclude", string, string, string] => ["exclude", what, from, to]),
    ["include", "the current event left out", "AND CURRENT ROW", "AND INTERVAL 1 MICROSECOND PRECEDING"],
    ["exclude", "the current event let in", "AND INTERVAL 1 MICROSECOND PRECEDING", "AND CURRENT ROW"],
    [
      "exclude",
      "the end at 0 PRECEDING (ties let in)",
      "AND INTERVAL 1 MICROSECOND PRECEDING",
      "AND INTERVAL 0 DAYS PRECEDING",
    ],
    [
      "exclude",
      "the end 2 µs before (the event 1 µs earlier left out)",
      "AND INTERVAL 1 MICROSECOND PRECEDING",
      "AND INTERVAL 2 MICROSECOND PRECEDING",
    ],
  ];

  test.each(["include", "exclude"] as const)("the generated %s query gives the table", async (mode) => {
    expect(await observed(featureQuery(specWith(mode)))).toEqual(EXPECTED[mode]);
  });

  test.each(MUTANTS)("%s: %s is caught", async (mode, _what, from, to) => {
    const query = featureQuery(specWith(mode));
    const mutant = query.split(from).join(to);
    expect(mutant).not.toBe(query);
    expect(await observed(mutant)).not.toEqual(EXPECTED[mode]);
  });
});

describe("a sum declared DECIMAL(38,2) keeps every cent", () => {
  // Customer c3 spends the largest DECIMAL(18,2) amount twice, then one cent, on three days in a row.
  const BIG = "9999999999999999.99";
  let exact: DuckDbLakehouse;
  beforeAll(async () => {
    exact = await DuckDbLakehouse.create("fraud_prod");
    await exact.table(
      "fraud_prod.silver.transactions",
      silverColumns(table(spec, "transactions")),
      [
        ["d1", BIG, "2026-03-01 00:00:00"],
        ["d2", BIG, "2026-03-02 00:00:00"],
        ["d3", "0.01", "2026-03-03 00:00:00"],
      ].map(([id, amount, at]) => ({
        transaction_id: id,
        customer_id: "c3",
        merchant_id: "m1",
        amount,
        currency: "EUR",
        card_present: true,
        event_time: at,
        _ingested_at: "2026-03-04 00:00:00",
      })),
    );
  });
  afterAll(() => exact.close());

  async function totals(s: DatasetSpec): Promise<Row[]> {
    await exact.materialize("fraud_prod.gold.customer_features", featureQuery(s));
    return exact.rows(
      `SELECT CAST(total_transaction_amount_30d AS VARCHAR) AS total, typeof(total_transaction_amount_30d) AS type FROM fraud_prod.gold.customer_features ${ORDER}`,
    );
  }

  test("the running 30-day sum, to the cent, beyond DECIMAL(18,2) and beyond a DOUBLE's precision", async () => {
    expect(await totals(spec)).toEqual([
      { total: "9999999999999999.99", type: "DECIMAL(38,2)" },
      { total: "19999999999999999.98", type: "DECIMAL(38,2)" }, // 2 × 9999999999999999.99
      { total: "19999999999999999.99", type: "DECIMAL(38,2)" }, // + 0.01
    ]);
  });

  test("without the declared type the sum is a DOUBLE, which cannot tell those totals apart", async () => {
    const input = example();
    delete input.features[0].windows[2].type;
    const rows = await totals(loadDatasets(input, "azure"));
    expect(rows.map((r) => r.type)).toEqual(["DOUBLE", "DOUBLE", "DOUBLE"]);
    // A DOUBLE has 53 bits (about 16 digits): 19999999999999999.98 and .99 are the same number, 2e16.
    expect(rows[1]!.total).toBe(rows[2]!.total);
  });
});
