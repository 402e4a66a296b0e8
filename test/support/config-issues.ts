/** Assertions on config validation: the issues a loader reports, and the single issue a bad input causes. */
import { ConfigValidationError } from "../../vocabulary/config-issues";

/** Runs `load`, expecting a ConfigValidationError, and returns its issues. */
export function issuesOf(load: () => unknown): readonly string[] {
  let error: unknown;
  try {
    load();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigValidationError);
  return (error as ConfigValidationError).issues;
}

/** The field path an issue starts with (`<path>: <message>`). */
export function pathOf(issue: string): string {
  return issue.slice(0, issue.indexOf(": "));
}

/** Asserts `load` fails with exactly one issue, at exactly `path`, and returns that issue. */
export function onlyIssueOf(load: () => unknown, path: string): string {
  const issues = issuesOf(load);
  expect(issues.map(pathOf)).toEqual([path]);
  return issues[0]!;
}
