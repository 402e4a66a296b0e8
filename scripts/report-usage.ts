/**
 * Preloaded with `node --require` by the benchmark: when the process exits, writes its wall time since
 * process start, its CPU time (user + system) and its peak resident memory as one JSON line to stderr.
 */
import { performance } from "node:perf_hooks";

process.on("exit", () => {
  const usage = process.resourceUsage();
  const sample = {
    wallMs: Math.round(performance.now()),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    maxRssMiB: Math.round(usage.maxRSS / 1024),
  };
  process.stderr.write(`\nBENCH ${JSON.stringify(sample)}\n`);
});
