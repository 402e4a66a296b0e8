import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigValidationError, EXAMPLE_CONFIG, readConfigInput } from "../../config";

const dir = mkdtempSync(join(tmpdir(), "lakehouse-config-"));

describe("readConfigInput", () => {
  test("uses the built-in example when LAKEHOUSE_CONFIG is unset", () => {
    expect(readConfigInput(undefined)).toBe(EXAMPLE_CONFIG);
  });

  test("reads the JSON file it names", () => {
    const path = join(dir, "ok.json");
    writeFileSync(path, JSON.stringify({ project: { name: "x" } }));
    expect(readConfigInput(path)).toEqual({ project: { name: "x" } });
  });

  test("a missing file is a config error naming the path", () => {
    const path = join(dir, "missing.json");
    expect(() => readConfigInput(path)).toThrow(ConfigValidationError);
    expect(() => readConfigInput(path)).toThrow(`LAKEHOUSE_CONFIG: cannot read '${path}' (ENOENT)`);
  });

  test("malformed JSON is a config error naming the path", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, "{ project: ");
    expect(() => readConfigInput(path)).toThrow(new RegExp(`LAKEHOUSE_CONFIG: '${path}' is not valid JSON`));
  });
});
