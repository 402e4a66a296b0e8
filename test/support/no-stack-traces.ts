/**
 * Jest setup (every test file): no per-token stack traces, as in `npm run synth`. Under jest each
 * capture goes through source-mapped stack formatting: measured on test/stacks, 2.5x the CPU time.
 */
import { disableTokenStackTraces, stackTracesWanted } from "../../stacks/stack-traces";

if (!stackTracesWanted()) disableTokenStackTraces();
