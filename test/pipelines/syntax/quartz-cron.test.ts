/** The one Quartz cron validator (dataset spec, environment config and job constructs use it). */
import { quartzCronError } from "../../../pipelines/syntax/quartz-cron";

describe("Quartz cron", () => {
  test.each([
    "0 0 3 ? * SUN",
    "0 30 2 * * ?",
    "0 0/15 * * * ?",
    "0 0 1 ? * MON-FRI",
    "0 0 4 L * ?",
    "0 0 4 15W * ?",
    "0 0 4 ? * 6L",
    "0 0 4 ? * MON#2",
    "0 0 4 ? JAN,JUL SUN 2030",
    "*/30 * * * * ?",
  ])("schedule %j is valid Quartz", (schedule) => {
    expect(quartzCronError(schedule)).toBeUndefined();
  });
});
