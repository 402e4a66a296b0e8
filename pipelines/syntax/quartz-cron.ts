/**
 * Quartz cron expressions, as Databricks job schedules use them. The one validator of schedules: the
 * dataset spec's maintenance schedule, the environment config's pipeline schedule and the job constructs
 * all check with {@link quartzCronError}.
 */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS },
  { name: "year", min: 1970, max: 2099 },
];

function cronValue(token: string, field: CronField): number | undefined {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    return value >= field.min && value <= field.max ? value : undefined;
  }
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}

/** Why one comma-separated item of a cron field is invalid, or undefined. */
function cronItemError(item: string, field: CronField): string | undefined {
  const range = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}`;
  if (field.name === "day-of-month") {
    if (item === "L" || item === "LW" || /^L-([1-9]|[12]\d|30)$/.test(item)) return undefined;
    const weekday = /^(\d+)W$/.exec(item);
    if (weekday)
      return cronValue(weekday[1]!, field) === undefined ? `'${item}' needs a day 1-31 before W` : undefined;
  }
  if (field.name === "day-of-week") {
    const last = /^(\w+)L$/.exec(item);
    if (item === "L") return undefined;
    if (last)
      return cronValue(last[1]!, field) === undefined ? `'${item}' needs a weekday before L` : undefined;
    const nth = /^(\w+)#(\d)$/.exec(item);
    if (nth) {
      return cronValue(nth[1]!, field) === undefined || Number(nth[2]) < 1 || Number(nth[2]) > 5
        ? `'${item}' must be <weekday>#<1-5>`
        : undefined;
    }
  }
  const [base, step, extra] = item.split("/");
  if (extra !== undefined || base === undefined || base === "")
    return `'${item}' is not a valid ${field.name} item`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > field.max)) {
    return `'${item}' has an invalid step '${step}'`;
  }
  if (base === "*") return undefined;
  const bounds = base.split("-");
  if (bounds.length > 2) return `'${item}' is not a valid ${field.name} range`;
  const values = bounds.map((b) => cronValue(b, field));
  if (values.some((v) => v === undefined)) return `'${item}' is outside ${range}`;
  return undefined;
}

/**
 * Why `expression` is not a valid Quartz cron expression (as Databricks job schedules use), or undefined:
 * 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), each a list of values,
 * ranges and steps, `?` in exactly one of day-of-month and day-of-week, and L / W / # where Quartz allows.
 */
export function quartzCronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    return `has ${fields.length} field${fields.length === 1 ? "" : "s"}; a Quartz cron expression has 6 or 7: seconds minutes hours day-of-month month day-of-week [year]`;
  }
  for (let i = 0; i < fields.length; i++) {
    const field = CRON_FIELDS[i]!;
    const text = fields[i]!;
    if (text === "?") {
      if (i !== 3 && i !== 5) return `uses '?' in ${field.name}; only day-of-month and day-of-week accept it`;
      continue;
    }
    for (const item of text.split(",")) {
      const error = cronItemError(item, field);
      if (error) return `${field.name}: ${error}`;
    }
  }
  const domAny = fields[3] === "?";
  const dowAny = fields[5] === "?";
  if (domAny === dowAny) {
    return "must have '?' in exactly one of day-of-month and day-of-week (Quartz cannot combine them)";
  }
  return undefined;
}
