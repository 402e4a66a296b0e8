/**
 * Jest setup (every test file): no per-token stack traces, and the same cdktf/constructs replacements as
 * `npm run synth` (stacks/synth-replacements.ts: every test synthesizes as the app does; snapshots were
 * written by cdktf's own code). Under jest each stack-trace capture goes through source-mapped stack
 * formatting: measured on test/stacks, 2.5x the CPU time.
 */
import { disableTokenStackTraces, stackTracesWanted } from "../../stacks/stack-traces";
import { installSynthReplacements } from "../../stacks/synth-replacements";

if (!stackTracesWanted()) disableTokenStackTraces();
installSynthReplacements();
