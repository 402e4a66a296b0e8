/**
 * The synth output directory (`cdktf.out`) as the lakehouse commands share it: which config it was
 * synthesized from (`lakehouse-config.json`), whether the last synth failed (`synth-failed.json`), and
 * the swap that puts a new synth in place only once it succeeded. Commands that read the output
 * (policy, cost) say which config it came from, warn when that config changed since, and refuse an
 * output whose last synth failed, so stale output never passes for current.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Written by synth into the output directory: the config the stacks were built from. */
export const SYNTH_RECORD_FILE = "lakehouse-config.json";
/** Written by a failed synth into the previous output, which it leaves in place. */
export const SYNTH_FAILURE_FILE = "synth-failed.json";

/** Which config a synth used: a file (with a fingerprint of its content) or the built-in example. */
export interface SynthConfig {
  /** Absolute path of the config file; absent for the built-in example. */
  readonly path?: string;
  /** How the config was chosen: `--config`, `LAKEHOUSE_CONFIG`, `working directory` or `built-in example`. */
  readonly via: string;
  /** SHA-256 of the file's bytes when synthesized, to tell whether it changed since. */
  readonly sha256?: string;
}

export interface SynthRecord {
  readonly config: SynthConfig;
  /** Stack names synthesized. */
  readonly stacks: readonly string[];
}

export interface SynthFailure {
  readonly config: SynthConfig;
  /** Why the synth failed (the first lines of its error). */
  readonly reason: string;
}

/** SHA-256 (hex) of a file's bytes, or undefined when it cannot be read. */
export function fileSha256(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function readSynthRecord(outdir: string): SynthRecord | undefined {
  return readJson<SynthRecord>(join(outdir, SYNTH_RECORD_FILE));
}

export function readSynthFailure(outdir: string): SynthFailure | undefined {
  return readJson<SynthFailure>(join(outdir, SYNTH_FAILURE_FILE));
}

export function writeSynthRecord(outdir: string, record: SynthRecord): void {
  writeFileSync(join(outdir, SYNTH_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Marks the output left in `outdir` (if any) as not current: the synth after it failed. */
export function writeSynthFailure(outdir: string, failure: SynthFailure): void {
  if (!existsSync(outdir)) return;
  writeFileSync(join(outdir, SYNTH_FAILURE_FILE), `${JSON.stringify(failure, null, 2)}\n`);
}

/** One line naming the config of a record: `config: <path> (via <how>)` or the built-in example. */
export function describeSynthConfig(config: SynthConfig): string {
  return config.path ? `config: ${config.path} (via ${config.via})` : "config: built-in example";
}

/**
 * What a command reading `outdir` says first: which config the output came from, and whether it can be
 * trusted. `problem` is set when the output must not be used (the last synth failed, or no record).
 */
export function synthOutputStatus(outdir: string): { readonly lines: string[]; readonly problem?: string } {
  const failure = readSynthFailure(outdir);
  if (failure) {
    return {
      lines: [`${describeSynthConfig(failure.config)} — the last synth FAILED`],
      problem: `the last synth of ${outdir} failed (${failure.reason.split("\n")[0]}); what is there is the output of an earlier synth, not of the current config and code: fix the errors and run npm run synth`,
    };
  }
  const record = readSynthRecord(outdir);
  if (!record) {
    return {
      lines: [`config: unknown (${outdir} has no ${SYNTH_RECORD_FILE}: synthesized by another tool?)`],
    };
  }
  const lines = [`${describeSynthConfig(record.config)}, synthesized into ${outdir}`];
  if (record.config.path && record.config.sha256) {
    const now = fileSha256(record.config.path);
    if (now === undefined) lines.push(`warning: ${record.config.path} no longer exists`);
    else if (now !== record.config.sha256) {
      lines.push(
        `warning: ${record.config.path} changed since this synth; run npm run synth to see the current config`,
      );
    }
  }
  return { lines };
}

/**
 * Where a synth into `outdir` writes first: a sibling directory, swapped in by {@link commitSynthOutput}
 * once the synth succeeded.
 */
export function stagingDirFor(outdir: string): string {
  return join(dirname(outdir), `.${basename(outdir)}.staging-${process.pid}`);
}

/**
 * Puts the synthesized `staging` directory in place of `outdir`. Files synth does not write but
 * Terraform keeps beside a stack's JSON (`.terraform/`, the lock file, local state) are carried over
 * from the previous output of each stack that still exists; directories of stacks that no longer
 * exist are dropped, as `cdktf synth` drops them.
 */
export function commitSynthOutput(staging: string, outdir: string): void {
  if (existsSync(outdir)) {
    const carry = (from: string, to: string, skip: (name: string) => boolean) => {
      if (!existsSync(from)) return;
      for (const entry of readdirSync(from)) {
        if (skip(entry) || existsSync(join(to, entry))) continue;
        renameSync(join(from, entry), join(to, entry));
      }
    };
    const newStacks = join(staging, "stacks");
    if (existsSync(newStacks)) {
      for (const stack of readdirSync(newStacks)) {
        carry(join(outdir, "stacks", stack), join(newStacks, stack), () => false);
      }
    }
    // Top-level files other tools keep in the output (not the stacks, not a failure marker).
    carry(outdir, staging, (name) => name === "stacks" || name === SYNTH_FAILURE_FILE);
    const previous = `${staging}.previous`;
    renameSync(outdir, previous);
    renameSync(staging, outdir);
    rmSync(previous, { recursive: true, force: true });
  } else {
    renameSync(staging, outdir);
  }
}

/** Removes an abandoned staging directory. */
export function discardSynthOutput(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
