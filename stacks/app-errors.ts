/**
 * How the app ends when building or synthesizing it throws. What a user can cause (a config error,
 * including an unreadable or malformed config file, or a guardrail failure at synth) is printed once as
 * the message it already is, `<path>: <value> <rule>` per line, with no stack trace. Anything else is a
 * bug in the toolkit: it says so and keeps the stack trace, which is what a bug report needs.
 */
import { ConfigValidationError } from "../config";

/** cdktf's error when a construct has an error annotation (guardrail failures are reported that way). */
const ANNOTATION_ERRORS = /^Encountered Annotations with level "ERROR"/;

/** What to print, and how to exit. */
export interface AppErrorReport {
  readonly message: string;
  /** 1: the user can fix it (config, guardrails); 2: a bug in the toolkit. */
  readonly exitCode: 1 | 2;
}

export function describeAppError(error: unknown): AppErrorReport {
  if (error instanceof ConfigValidationError) return { message: error.message, exitCode: 1 };
  if (error instanceof Error && ANNOTATION_ERRORS.test(error.message)) {
    return { message: error.message.trim(), exitCode: 1 };
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return {
    message: `Internal error in cdktf-lakehouse (a bug, not a problem with your config; please report it with the config that caused it):\n${detail}`,
    exitCode: 2,
  };
}

/** Where {@link exitOnAppError} writes and how it exits (the process by default; tests pass fakes). */
export interface AppErrorOutput {
  readonly error: (message: string) => void;
  readonly exit: (code: number) => never;
}

/** Prints `error` as {@link describeAppError} words it and exits with its code. */
export function exitOnAppError(
  error: unknown,
  output: AppErrorOutput = { error: (message) => console.error(message), exit: (code) => process.exit(code) },
): never {
  const report = describeAppError(error);
  output.error(report.message);
  return output.exit(report.exitCode);
}
