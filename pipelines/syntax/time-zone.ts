/** IANA time zones, as job schedules (`timezone_id`) take them. */

/** True when the runtime knows `zone` as an IANA time zone (e.g. `UTC`, `Europe/Berlin`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
