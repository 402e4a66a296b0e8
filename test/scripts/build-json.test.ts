/**
 * scripts/build.mjs copies the JSON modules that dist/ modules require (guardrails/rules/catalog.json) next
 * to them: a copy must follow every change of its source, dated or not.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

/** Runs build.mjs's copyJson(file, from, to) in a Node ESM process (jest does not load .mjs). */
function copyJson(file: string, from: string, to: string): void {
  const script = `
    import { copyJson } from ${JSON.stringify(join(root, "scripts", "build.mjs"))};
    await copyJson(${JSON.stringify(file)}, ${JSON.stringify(from)}, ${JSON.stringify(to)});
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
}

describe("build.mjs copyJson", () => {
  const dir = mkdtempSync(join(tmpdir(), "build-json-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies a JSON module, and copies it again after any change, also one of the same size with an older mtime", () => {
    const from = join(dir, "src");
    const to = join(dir, "dist");
    mkdirSync(join(from, "rules"), { recursive: true });
    const source = join(from, "rules", "catalog.json");
    writeFileSync(source, '{"title":"first"}\n');
    copyJson("rules/catalog.json", from, to);
    expect(readFileSync(join(to, "rules", "catalog.json"), "utf8")).toBe('{"title":"first"}\n');

    // Same size, dated before the copy (as `cp -p`, `rsync -t` or an unpacked archive leave it).
    writeFileSync(source, '{"title":"other"}\n');
    utimesSync(source, new Date("2020-01-01"), new Date("2020-01-01"));
    copyJson("rules/catalog.json", from, to);
    expect(readFileSync(join(to, "rules", "catalog.json"), "utf8")).toBe('{"title":"other"}\n');
  });
});
