/**
 * How large V8 lets its young generation grow during a synth.
 *
 * V8 makes new objects in two semi-spaces and doubles them whenever many objects survive a scavenge, up
 * to 16 MiB each: ~32 MiB of memory touched for the first time. On this machine (a Firecracker guest)
 * a page touched for the first time costs ~14 µs, 3.6 ms per MiB: ~115 ms for that growth, a sixth of
 * the example's synth. V8 reads its growth factor at each growth (`SemiSpaceNewSpace::Grow`,
 * src/heap/new-spaces.cc in V8 11.3, Node 20), so a factor of 1 set at run time keeps both semi-spaces
 * at their initial 1 MiB. Measured on the example (interleaved runs): 811 -> 683 ms wall, 22,200 ->
 * 15,100 page faults, peak 112 -> 84 MiB. A large app is the other way round: many of its objects live
 * through several scavenges, and a small young generation promotes them to the old one, whose work then
 * costs more than the pages saved (the bench's 6,700-resource config: +12 % wall pinned all along, +3 %
 * released before synth). So an app of more than {@link LARGE_APP_CONSTRUCTS} constructs gets V8's
 * default back before it synthesizes.
 *
 * The factor is restored to V8's default before the run ends, and must be: V8's code cache records the
 * flags of the run that wrote it and is rejected by a run with other flags (app-launcher.ts names and
 * saves it at start and at exit). A semi-space flag on the command line or in NODE_OPTIONS is left as it
 * is.
 */
import { setFlagsFromString } from "node:v8";

const PINNED = "--semi-space-growth-factor=1";
/** V8's default (Node 20): restoring it gives the flags, and the code cache's tag, of a plain run. */
const V8_DEFAULT = "--semi-space-growth-factor=2";
/** The example has ~1,200 constructs, the bench's 2,300-resource config ~2,500. */
export const LARGE_APP_CONSTRUCTS = 2_000;

const SEMI_SPACE_FLAG = /^--(max|min)[-_]semi[-_]space[-_]size\b|^--semi[-_]space[-_]growth[-_]factor\b/;

/** The young generation's size for one synth: pinned at its initial size until released. */
export interface YoungGeneration {
  /** Gives V8 its default growth back (again: no effect); call it before the process ends. */
  release(): void;
  /** Releases it when the app is larger than {@link LARGE_APP_CONSTRUCTS} constructs. */
  releaseForLargeApp(constructs: number): void;
}

/** Pins V8's young generation at its initial size, unless the command line or NODE_OPTIONS sizes it. */
export function pinYoungGeneration(
  argv: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)],
): YoungGeneration {
  let pinned = !argv.some((arg) => SEMI_SPACE_FLAG.test(arg));
  if (pinned) setFlagsFromString(PINNED);
  const release = (): void => {
    if (!pinned) return;
    setFlagsFromString(V8_DEFAULT);
    pinned = false;
  };
  return {
    release,
    releaseForLargeApp: (constructs) => {
      if (constructs > LARGE_APP_CONSTRUCTS) release();
    },
  };
}
