/**
 * Jest setup (every test file): no per-token stack traces and the same token resolve, construct path cache and cdktf helpers as
 * `npm run synth`. Under jest each
 * capture goes through source-mapped stack formatting: measured on test/stacks, 2.5x the CPU time.
 */
import { disableTokenStackTraces, stackTracesWanted } from "../../stacks/stack-traces";
import { installCdktfUtil } from "../../stacks/cdktf-util";
import { installConstructPathCache } from "../../stacks/construct-path-cache";
import { installTokenResolve } from "../../stacks/token-resolve";

if (!stackTracesWanted()) disableTokenStackTraces();
// Every test synthesizes with the token walk `npm run synth` uses (snapshots were written by cdktf's).
installTokenResolve();
installConstructPathCache();
installCdktfUtil();
