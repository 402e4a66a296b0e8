/**
 * The synth output as commands share it: the record of which config it came from, the failure marker,
 * and the swap that replaces it only after a successful synth without losing Terraform's own files.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  commitSynthOutput,
  fileSha256,
  readSynthRecord,
  stagingDirFor,
  synthOutputStatus,
  writeSynthFailure,
  writeSynthRecord,
} from "../../terraform-json/synth-output";

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

describe("synth output", () => {
  test("a synth is swapped in whole; Terraform's files of surviving stacks are carried over", () => {
    const root = mkdtempSync(join(tmpdir(), "synth-output-"));
    const outdir = join(root, "cdktf.out");
    write(join(outdir, "stacks", "aws-dev", "cdk.tf.json"), "old");
    write(join(outdir, "stacks", "aws-dev", "terraform.aws-dev.tfstate"), "state");
    write(join(outdir, "stacks", "aws-dev", ".terraform", "providers"), "cache");
    write(join(outdir, "stacks", "aws-gone", "cdk.tf.json"), "removed stack");
    writeSynthFailure(outdir, { config: { via: "built-in example" }, reason: "earlier failure" });

    const staging = stagingDirFor(outdir);
    expect(staging).toBe(join(root, `.cdktf.out.staging-${process.pid}`));
    write(join(staging, "stacks", "aws-dev", "cdk.tf.json"), "new");
    writeSynthRecord(staging, { config: { via: "built-in example" }, stacks: ["aws-dev"] });
    commitSynthOutput(staging, outdir);

    expect(readFileSync(join(outdir, "stacks", "aws-dev", "cdk.tf.json"), "utf8")).toBe("new");
    expect(readFileSync(join(outdir, "stacks", "aws-dev", "terraform.aws-dev.tfstate"), "utf8")).toBe(
      "state",
    );
    expect(existsSync(join(outdir, "stacks", "aws-dev", ".terraform", "providers"))).toBe(true);
    expect(existsSync(join(outdir, "stacks", "aws-gone"))).toBe(false);
    // The new output is current: no failure marker is carried over.
    expect(synthOutputStatus(outdir).problem).toBeUndefined();
    expect(existsSync(staging)).toBe(false);
    expect(readSynthRecord(outdir)).toEqual({ config: { via: "built-in example" }, stacks: ["aws-dev"] });
  });

  test("the status names the config file, and warns once it changed since the synth", () => {
    const root = mkdtempSync(join(tmpdir(), "synth-output-"));
    const config = join(root, "lakehouse.config.yaml");
    writeFileSync(config, "project: {}\n");
    writeSynthRecord(root, {
      config: { path: config, via: "--config", sha256: fileSha256(config) },
      stacks: [],
    });
    expect(synthOutputStatus(root)).toEqual({
      lines: [`config: ${config} (via --config), synthesized into ${root}`],
    });
    writeFileSync(config, "project: { name: changed }\n");
    expect(synthOutputStatus(root).lines[1]).toBe(
      `warning: ${config} changed since this synth; run npm run synth to see the current config`,
    );
  });

  test("after a failed synth the output is refused, naming the config and the reason", () => {
    const root = mkdtempSync(join(tmpdir(), "synth-output-"));
    writeSynthRecord(root, { config: { via: "built-in example" }, stacks: ["aws-dev"] });
    writeSynthFailure(root, {
      config: { path: "/work/acme.yaml", via: "LAKEHOUSE_CONFIG" },
      reason: "Invalid lakehouse config (1 problem):\n  - project.name: …",
    });
    const status = synthOutputStatus(root);
    expect(status.lines).toEqual(["config: /work/acme.yaml (via LAKEHOUSE_CONFIG) — the last synth FAILED"]);
    expect(status.problem).toBe(
      `the last synth of ${root} failed (Invalid lakehouse config (1 problem):); what is there is the output of an earlier synth, not of the current config and code: fix the errors and run npm run synth`,
    );
  });

  test("an output without a record says so instead of guessing", () => {
    const root = mkdtempSync(join(tmpdir(), "synth-output-"));
    expect(synthOutputStatus(root).lines).toEqual([
      `config: unknown (${root} has no lakehouse-config.json: synthesized by another tool?)`,
    ]);
  });
});
