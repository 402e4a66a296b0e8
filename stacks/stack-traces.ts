/**
 * cdktf's stack traces, off unless `LAKEHOUSE_STACK_TRACES=1`. Nobody reads them (cdktf prints them
 * only for a token that fails to resolve, or next to an error annotation), the annotation traces wrote
 * absolute checkout paths into `cdktf.out/manifest.json`, and capturing one per token is a large part
 * of construct time (under jest, whose stack formatting maps sources, most of a stack test's time).
 * Kept free of other imports: the jest setup loads it before every test file.
 */
// `import = require`, not `import * as`: a bundler's namespace object for a CommonJS module is a copy
// with read-only getters, and disableTokenStackTraces must write to the module's real exports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import tokenStackTrace = require("cdktf/lib/tokens/private/stack-trace");

/** Set to `1` to keep cdktf's stack traces (annotations and tokens) when debugging a synth error. */
export const STACK_TRACES_ENV = "LAKEHOUSE_STACK_TRACES";

export function stackTracesWanted(): boolean {
  return process.env[STACK_TRACES_ENV] === "1";
}

/**
 * Every Lazy, Intrinsic and dynamic-block token captures a full stack trace when it is created
 * (cdktf 0.21 `lib/tokens/private/stack-trace.js`, called from `lazy.js`, `intrinsic.js`, … with no
 * switch). Those modules look the function up on this module's exports at each call, so replacing
 * it here turns the capture off for the whole process. cdktf is pinned and archived: this private
 * module will not move under us.
 */
export function disableTokenStackTraces(): void {
  (tokenStackTrace as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
}
