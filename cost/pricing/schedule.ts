/**
 * Runs per day of a Quartz cron expression (Databricks job schedules): `sec min hour day-of-month month
 * day-of-week [year]`. Seconds, minutes and hours multiply; day-of-week lists count n/7 of the days,
 * day-of-month lists n × 12/365 (≈ n per month), month lists n/12. Enough for costing a schedule, not
 * for firing it (L, W and # count as one day).
 */
const RANGES: ReadonlyArray<[number, number]> = [
  [0, 59], // seconds
  [0, 59], // minutes
  [0, 23], // hours
  [1, 31], // day of month
  [1, 12], // month
  [1, 7], // day of week
];

const NAMES: Readonly<Record<string, number>> = {
  SUN: 1,
  MON: 2,
  TUE: 3,
  WED: 4,
  THU: 5,
  FRI: 6,
  SAT: 7,
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

/** How many values of [lo, hi] a field matches, or undefined when it cannot be read. */
function count(field: string, lo: number, hi: number): number | undefined {
  let total = 0;
  for (const part of field.split(",")) {
    const [rangePart, stepPart] = part.split("/");
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) return undefined;
    const value = (v: string) => NAMES[v.toUpperCase()] ?? Number(v);
    let from: number;
    let to: number;
    if (rangePart === "*" || rangePart === "?") [from, to] = [lo, hi];
    else if (rangePart!.includes("-")) {
      const [a, b] = rangePart!.split("-");
      [from, to] = [value(a!), value(b!)];
    } else {
      from = value(rangePart!.replace(/[LW#].*$/, "") || String(lo));
      to = stepPart === undefined ? from : hi;
    }
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return undefined;
    total += Math.floor((to - from) / step) + 1;
  }
  return total;
}

export function quartzRunsPerDay(expression: string): number | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) return undefined;
  const counts = RANGES.map(([lo, hi], i) => count(fields[i]!, lo, hi));
  if (counts.some((c) => c === undefined)) return undefined;
  const [sec, min, hour, , month] = counts as number[];
  const dom = fields[3]!;
  const dow = fields[5]!;
  const every = (f: string) => f === "*" || f === "?";
  let dayShare = 1;
  if (!every(dow)) dayShare = counts[5]! / 7;
  else if (!every(dom)) dayShare = (counts[3]! * 12) / 365;
  return sec! * min! * hour! * dayShare * (month! / 12);
}
