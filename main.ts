/**
 * The cdktf app: one stack per (cloud, environment) of the lakehouse config. Config comes from the JSON
 * file named by LAKEHOUSE_CONFIG, or the built-in example, and is validated before any stack is built.
 *
 * `npm run synth` runs this file directly (the cdktf CLI adds ~2 s of start-up and nothing the output
 * needs); `cdktf deploy|diff` run it through cdktf.json's "app". Run directly, it does what the CLI's
 * synth adds: synthesizes every stack even when one has an error annotation, prints the annotations
 * as `ERROR|WARN|INFO [<construct path>]: <message>`, exits 1 on an error, and removes the directories
 * of stacks that no longer exist from `cdktf.out/stacks/`. Under the CLI (which sets
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), the CLI does all of that itself.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AnnotationMetadataEntryType, type App } from "cdktf";
import { ConfigValidationError, loadConfig, readConfigInput } from "./config";
import { addLakehouseStacks, createLakehouseApp } from "./stacks/lakehouse-app";

const CONTINUE_ON_ERRORS_ENV = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";
const standalone = process.env[CONTINUE_ON_ERRORS_ENV] === undefined;

try {
  const config = loadConfig(readConfigInput());
  // Read by each TerraformStack's constructor: collect every stack's errors instead of stopping at one.
  if (standalone) process.env[CONTINUE_ON_ERRORS_ENV] = "true";
  const app = createLakehouseApp();
  addLakehouseStacks(app, config);
  const previousStackDirs = standalone ? stackDirs(app.outdir) : [];
  app.synth();
  if (standalone) finishStandaloneSynth(app, previousStackDirs);
} catch (error) {
  if (error instanceof ConfigValidationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

function stackDirs(outdir: string): string[] {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** What `cdktf synth` does after running the app (cdktf-cli 0.21, cli-core `synth-stack.ts`, `synth.ts`). */
function finishStandaloneSynth(app: App, previousStackDirs: readonly string[]): void {
  // In name order, as the CLI lists them (it reads them back from the key-sorted manifest.json).
  const stacks = Object.values(app.manifest.stacks).sort((a, b) => a.name.localeCompare(b.name));
  for (const dir of previousStackDirs) {
    if (!stacks.some((stack) => stack.name === dir))
      rmSync(join(app.outdir, "stacks", dir), { recursive: true });
  }
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
  if (errors > 0) {
    console.error(
      `${errors} error annotation(s): synth failed (see above). Output is in ${app.outdir}/ for inspection.`,
    );
    process.exit(1);
  }
  console.log(`Generated Terraform code for the stacks: ${stacks.map((stack) => stack.name).join(", ")}`);
}
