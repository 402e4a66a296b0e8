/** IANA time zones, as job schedules (`timezone_id`, a Java `ZoneId`) take them. */

/** Canonical IANA names this runtime knows (`Intl.supportedValuesOf`, which leaves out `UTC` and links). */
const CANONICAL_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

/**
 * `Area/Location` as the tz database spells it: each part starts with a capital letter. Intl accepts any
 * letter case (`europe/berlin`), Java's `ZoneId.of` does not, so the spelling is checked here.
 */
const TZDB_SPELLING = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*){0,2}$/;

/**
 * True when `zone` is an IANA time zone name spelled as the tz database spells it (e.g. `UTC`,
 * `Europe/Berlin`, `America/Argentina/Buenos_Aires`): a canonical name, or a link the runtime resolves
 * (`Europe/Kyiv`, `Etc/GMT+5`). Empty strings, unknown names and wrong letter case are refused.
 */
export function isTimeZone(zone: string): boolean {
  if (CANONICAL_ZONES.has(zone)) return true;
  if (!TZDB_SPELLING.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The rule a time zone field states in its messages. */
export const TIME_ZONE_RULE =
  "is not an IANA time zone name (exact spelling, e.g. UTC, Europe/Berlin, America/New_York)";
