/**
 * How large V8 lets its young generation grow during a synth: pinned by the launcher (app-launcher.ts)
 * from the start; for a large app, let grow by main.ts while the config is validated, then pinned again.
 *
 * V8 makes new objects in two semi-spaces and doubles them whenever many objects survive a scavenge, up
 * to 16 MiB each: ~32 MiB of memory touched for the first time. On this machine (a Firecracker guest)
 * a page touched for the first time costs ~14 µs, 3.6 ms per MiB: ~115 ms for that growth, a sixth of
 * the example's synth. V8 reads its growth factor at each growth (`SemiSpaceNewSpace::Grow`,
 * src/heap/new-spaces.cc in V8 11.3, Node 20), so a factor of 1 set at run time keeps the semi-spaces
 * at their current size (1 MiB at start). The example, pinned throughout (interleaved runs, with the
 * launcher's other savings): 755-830 -> 596-622 ms wall, 22,200 -> 11,900 page faults, peak 111 -> 76 MiB.
 *
 * A large app is the other way round while its config is validated (zod allocates much, and much of it
 * lives on): in 1 MiB that is dozens of scavenges and promotions. So an app of more than
 * {@link LARGE_APP_CONSTRUCTS} constructs (`estimatedConstructs`, from the config as written) gets V8's
 * default growth for the validation, and the size V8 reached then is kept: growing on to 16 MiB only
 * touched more new pages. Measured at 2,300 resources: pinned throughout 3 % slower than V8's default,
 * grown for the validation and pinned after it 12 % faster (1,259 -> 1,130 ms); at 6,700 resources, which
 * reach 16 MiB during the validation, as fast as V8's default.
 *
 * V8's code cache records the flags of the run that wrote it and is rejected by a run with other flags,
 * so the launcher pins again before it saves one. A semi-space flag on Node's command line or in
 * NODE_OPTIONS is left as it is. Imports Node only: the launcher loads it before the app's cache.
 */
import { setFlagsFromString } from "node:v8";

const PINNED = "--semi-space-growth-factor=1";
/** V8's default (Node 20). */
const V8_DEFAULT = "--semi-space-growth-factor=2";
/** The example has ~1,200 constructs, the bench's 2,300-resource config ~2,500. */
export const LARGE_APP_CONSTRUCTS = 2_000;

// (NODE_OPTIONS may quote an option: Node accepts `"--max-semi-space-size=16"` there.)
const SEMI_SPACE_FLAG = /^["']?--((max|min)[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor)\b/;

/** Node's arguments and NODE_OPTIONS: where a semi-space flag can be given. */
const nodeArguments = (): string[] => [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];

/** Whether Node was given a semi-space flag (then this module changes nothing). */
export function youngGenerationSized(argv: readonly string[] = nodeArguments()): boolean {
  return argv.some((arg) => SEMI_SPACE_FLAG.test(arg));
}

/** Keeps V8's young generation at the size it has now (its initial 1 MiB at start; again: no effect). */
export function pinYoungGeneration(argv: readonly string[] = nodeArguments()): void {
  if (!youngGenerationSized(argv)) setFlagsFromString(PINNED);
}

/** Gives V8 its default growth back when the app has more than {@link LARGE_APP_CONSTRUCTS} constructs. */
export function releaseYoungGenerationForLargeApp(
  constructs: number,
  argv: readonly string[] = nodeArguments(),
): void {
  if (constructs > LARGE_APP_CONSTRUCTS && !youngGenerationSized(argv)) setFlagsFromString(V8_DEFAULT);
}
