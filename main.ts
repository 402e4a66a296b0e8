/**
 * The cdktf app: per (cloud, environment) of the lakehouse config an environment layer and a workspace
 * layer (plus a metastore stack per region the config creates one in). The config is found the way
 * every command finds it (`--config <file>`, else LAKEHOUSE_CONFIG, else lakehouse.config.{yaml,yml,
 * json} in the working directory, else the built-in example), named on the first line of output,
 * validated before any stack is built, and recorded in `cdktf.out/lakehouse-config.json`.
 *
 * `npm run synth` runs this file directly (the cdktf CLI adds ~2 s of start-up and nothing the output
 * needs); `cdktf deploy|diff` run it through cdktf.json's "app". Run directly, it does what the CLI's
 * synth adds: synthesizes every stack even when one has an error annotation, prints the annotations
 * as `ERROR|WARN|INFO [<construct path>]: <message>`, exits 1 on an error, and drops the directories
 * of stacks that no longer exist from `cdktf.out/stacks/`. Under the CLI (which sets
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), the CLI does all of that itself, and prints the app's
 * output a second time when it fails: run `npm run synth`, then `cdktf deploy --skip-synth`. Errors a
 * user can cause are printed as one message without a stack trace (`stacks/app-errors.ts`).
 */
import { resolve } from "node:path";
import { AnnotationMetadataEntryType, type App } from "cdktf";
import { describeConfigLocation, loadConfig, readConfigSource, type ConfigSource } from "./config";
import { exitOnAppError } from "./stacks/app-errors";
import { addLakehouseStacks, createLakehouseApp, estimatedConstructs } from "./stacks/lakehouse-app";
import { pinYoungGeneration, releaseYoungGenerationForLargeApp } from "./stacks/young-generation";
import {
  commitSynthOutput,
  discardSynthOutput,
  fileSha256,
  stagingDirFor,
  writeSynthFailure,
  writeSynthRecord,
  type SynthConfig,
} from "./terraform-json/synth-output";

const CONTINUE_ON_ERRORS_ENV = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";
const standalone = process.env[CONTINUE_ON_ERRORS_ENV] === undefined;
// The cdktf CLI (deploy, diff, synth) always sets SYNTH_HCL_OUTPUT and owns its output directory.
const underCli = process.env.SYNTH_HCL_OUTPUT !== undefined;
// Where cdktf's App writes by default.
const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");

/** The config of this run as the output records it. */
function synthConfig(source: ConfigSource | undefined): SynthConfig {
  if (!source) return { via: "unknown (the config could not be located)" };
  return source.path
    ? { path: source.path, via: source.via, sha256: fileSha256(source.path) }
    : { via: source.via };
}

let source: ConfigSource | undefined;
// Outside the CLI, synth writes to a staging directory swapped in only when the synth succeeded, so a
// failed synth never leaves half-written output; the previous output is then marked as not current.
const staging = underCli ? undefined : stagingDirFor(outdir);
try {
  source = readConfigSource();
  console.log(describeConfigLocation(source));
  // The launcher keeps V8's young generation small; a large app lets V8 grow it while its config is
  // validated, and keeps the size it reached (stacks/young-generation.ts).
  releaseYoungGenerationForLargeApp(estimatedConstructs(source.input));
  const config = loadConfig(source.input);
  pinYoungGeneration();
  // Read by each TerraformStack's constructor: collect every stack's errors instead of stopping at one.
  if (standalone) process.env[CONTINUE_ON_ERRORS_ENV] = "true";
  const app = createLakehouseApp(staging ? { outdir: staging } : {});
  const stacks = addLakehouseStacks(app, config);
  app.synth();
  writeSynthRecord(app.outdir, { config: synthConfig(source), stacks: stacks.map((s) => s.node.id).sort() });
  const errors = standalone ? reportAnnotations(app) : 0;
  if (staging) commitSynthOutput(staging, outdir);
  if (errors > 0) {
    const reason = `${errors} error annotation(s)`;
    writeSynthFailure(outdir, { config: synthConfig(source), reason });
    console.error(
      `${reason}: synth failed (see above). Output is in ${outdir}/ for inspection, marked failed.`,
    );
    process.exit(1);
  }
  if (standalone) {
    const names = Object.keys(app.manifest.stacks).sort();
    console.log(`Generated Terraform code for the stacks: ${names.join(", ")}`);
  }
} catch (error) {
  if (staging) discardSynthOutput(staging);
  const reason = error instanceof Error ? error.message : String(error);
  writeSynthFailure(outdir, { config: synthConfig(source), reason });
  exitOnAppError(error);
}

/**
 * What `cdktf synth` prints after running the app (cdktf-cli 0.21, cli-core `synth-stack.ts`): every
 * annotation as `ERROR|WARN|INFO [<construct path>]: <message>`. Returns the number of errors.
 */
function reportAnnotations(app: App): number {
  // In name order, as the CLI lists them: it reads them back from manifest.json, whose keys are sorted by
  // code unit (json-stable-stringify). (Not localeCompare: its first call loads ICU's collator, ~8 ms.)
  const stacks = Object.values(app.manifest.stacks).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const labels: Record<string, string> = {
    [AnnotationMetadataEntryType.INFO]: "INFO",
    [AnnotationMetadataEntryType.WARN]: "WARN",
    [AnnotationMetadataEntryType.ERROR]: "ERROR",
  };
  let errors = 0;
  for (const annotation of stacks.flatMap((stack) => stack.annotations)) {
    console.log(
      `${labels[annotation.level] ?? annotation.level} [${annotation.constructPath}]: ${annotation.message}`,
    );
    if (annotation.level === AnnotationMetadataEntryType.ERROR) errors++;
  }
  return errors;
}
