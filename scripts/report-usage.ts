/**
 * Preloaded with `node --require` by the benchmark: when the process exits, writes its wall time since
 * process start and its peak resident memory as one JSON line to stderr.
 */
import { performance } from "node:perf_hooks";

process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nBENCH ${JSON.stringify({ wallMs: Math.round(performance.now()), maxRssMiB: Math.round(usage.maxRSS / 1024) })}\n`,
  );
});
