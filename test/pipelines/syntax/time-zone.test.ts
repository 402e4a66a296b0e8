/** IANA time zone names as Databricks job schedules (Java ZoneId) take them. */
import { isTimeZone } from "../../../pipelines/syntax/time-zone";

test.each([
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "America/Argentina/Buenos_Aires",
  "Europe/Kyiv",
  "Etc/GMT+5",
])("%s is a time zone", (zone) => {
  expect(isTimeZone(zone)).toBe(true);
});

test.each(["", " ", "Mars/Olympus", "europe/berlin", "utc", "UTC+1", "+01:00", "Europe/Berlin ", "Z"])(
  "%j is not",
  (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  },
);
