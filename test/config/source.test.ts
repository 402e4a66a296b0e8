import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigValidationError, EXAMPLE_CONFIG, readConfigInput } from "../../config";
import { describeConfigLocation, locateConfig, readConfigSource } from "../../config/source";

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

  test("reads YAML with comments", () => {
    const path = join(dir, "ok.yaml");
    writeFileSync(path, "# the project\nproject:\n  name: x # inline comment\nlist: [1, 2]\n");
    expect(readConfigInput(path)).toEqual({ project: { name: "x" }, list: [1, 2] });
  });

  test("a missing file is a config error naming the path", () => {
    const path = join(dir, "missing.json");
    expect(() => readConfigInput(path)).toThrow(ConfigValidationError);
    expect(() => readConfigInput(path)).toThrow(`LAKEHOUSE_CONFIG: cannot read '${path}' (ENOENT)`);
  });

  test("malformed JSON is a config error with line and column", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, '{\n  "project": ');
    expect(() => readConfigInput(path)).toThrow(
      new RegExp(`LAKEHOUSE_CONFIG: '${path}' is not valid JSON at line 2, column \\d+`),
    );
  });

  test("malformed YAML is a config error with line and column", () => {
    const path = join(dir, "bad.yaml");
    writeFileSync(path, "project:\n  name: [x,\n");
    expect(() => readConfigInput(path)).toThrow(
      new RegExp(`LAKEHOUSE_CONFIG: '${path}' is not valid YAML at line 3, column 1`),
    );
  });

  test("a duplicate key is rejected (JSON.parse would keep the last value silently)", () => {
    const path = join(dir, "dup.json");
    writeFileSync(path, '{\n  "stage": "dev",\n  "stage": "prod"\n}');
    expect(() => readConfigInput(path)).toThrow(
      `LAKEHOUSE_CONFIG: '${path}' is not valid JSON at line 3, column 3: duplicate key 'stage' (a key may appear once per object)`,
    );
    const yamlPath = join(dir, "dup.yaml");
    writeFileSync(yamlPath, "stage: dev\nstage: prod\n");
    expect(() => readConfigInput(yamlPath)).toThrow(/line 2, column 1: duplicate key 'stage'/);
  });
});

describe("locateConfig: one way to pass the config to every command", () => {
  const cwd = mkdtempSync(join(tmpdir(), "lakehouse-cwd-"));
  const conventionalCwd = mkdtempSync(join(tmpdir(), "lakehouse-cwd-"));
  writeFileSync(join(conventionalCwd, "lakehouse.config.yaml"), "project: {}\n");

  test("--config wins over LAKEHOUSE_CONFIG and the working directory", () => {
    expect(locateConfig(["--config", "a.yaml"], { LAKEHOUSE_CONFIG: "b.json" }, conventionalCwd)).toEqual({
      path: join(conventionalCwd, "a.yaml"),
      via: "--config",
    });
    expect(locateConfig(["--config=/x/a.json"], {}, cwd)).toEqual({ path: "/x/a.json", via: "--config" });
  });

  test("LAKEHOUSE_CONFIG wins over the working directory", () => {
    expect(locateConfig([], { LAKEHOUSE_CONFIG: "b.json" }, conventionalCwd)).toEqual({
      path: join(conventionalCwd, "b.json"),
      via: "LAKEHOUSE_CONFIG",
    });
  });

  test("a conventional lakehouse.config.yaml in the working directory is found", () => {
    expect(locateConfig([], {}, conventionalCwd)).toEqual({
      path: join(conventionalCwd, "lakehouse.config.yaml"),
      via: "working directory",
    });
  });

  test("otherwise the built-in example, and the description says how to pass one", () => {
    const location = locateConfig([], {}, cwd);
    expect(location).toEqual({ via: "built-in example" });
    expect(describeConfigLocation(location)).toMatch(/^config: built-in example .*--config <file>/);
    expect(readConfigSource([], {}, cwd).input).toBe(EXAMPLE_CONFIG);
  });

  test("--config without a value is a config error", () => {
    expect(() => locateConfig(["--config"], {}, cwd)).toThrow("--config: needs a file path (YAML or JSON)");
  });
});
