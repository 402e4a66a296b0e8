/**
 * Synth must not need a terraform binary (CI and the README's first command have none), and every stack
 * declares the Terraform version it needs so `terraform init` enforces it where it deploys.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- spyOn needs the module object itself (a namespace import is a copy)
import childProcess = require("node:child_process");
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { readConfigFile } from "../../config/source";
import { addLakehouseStacks, createLakehouseApp } from "../../stacks/lakehouse-app";

/**
 * Synthesizes a config the way `npm run synth` does (App.synth, validations on) on a machine without
 * terraform: every process spawn fails as `terraform version` would there (a PATH change in a jest test
 * does not reach child_process, so the spawn itself is replaced), and none may be attempted.
 */
function synthWithoutTerraform(config: Parameters<typeof loadConfig>[0]): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), "lakehouse-synth-"));
  const execSync = jest.spyOn(childProcess, "execSync").mockImplementation(() => {
    throw new Error("Command failed: terraform version\n/bin/sh: 1: terraform: not found");
  });
  try {
    const app = createLakehouseApp({ outdir });
    addLakehouseStacks(app, loadConfig(config));
    app.synth();
    expect(execSync).not.toHaveBeenCalled();
    const stacksDir = join(outdir, "stacks");
    return Object.fromEntries(
      readdirSync(stacksDir).map((name) => [
        name,
        (JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8")) as { terraform: unknown })
          .terraform,
      ]),
    );
  } finally {
    execSync.mockRestore();
    rmSync(outdir, { recursive: true, force: true });
  }
}

test("the example (with moved blocks) synthesizes without terraform on PATH; every stack requires >= 1.10", () => {
  const terraformBlocks = synthWithoutTerraform(EXAMPLE_CONFIG);
  expect(Object.keys(terraformBlocks)).toHaveLength(12);
  for (const block of Object.values(terraformBlocks)) {
    expect(block).toMatchObject({ required_version: ">= 1.10" });
  }
});

test("the second example (metastore stacks too) synthesizes without terraform; each stack requires >= 1.10", () => {
  const input = readConfigFile(join(__dirname, "..", "..", "examples", "retail-demand.yaml"), "test");
  const terraformBlocks = synthWithoutTerraform(input);
  expect(Object.keys(terraformBlocks).sort()).toContain("aws-us-west-2-metastore");
  for (const block of Object.values(terraformBlocks)) {
    expect(block).toMatchObject({ required_version: ">= 1.10" });
  }
});
