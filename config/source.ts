import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { EXAMPLE_CONFIG } from "./example";
import { parseStrictJson } from "./strict-json";
import { ConfigValidationError } from "../vocabulary/config-issues";

/** File names looked for in the working directory when neither `--config` nor `LAKEHOUSE_CONFIG` is given. */
export const CONVENTIONAL_CONFIG_FILES = [
  "lakehouse.config.yaml",
  "lakehouse.config.yml",
  "lakehouse.config.json",
] as const;

/** Where the config of a run comes from, so every command can say which one it used. */
export interface ConfigLocation {
  /** Absolute path of the config file; absent for the built-in example. */
  readonly path?: string;
  /** How it was chosen: `--config`, `LAKEHOUSE_CONFIG`, a conventional file name, or the built-in example. */
  readonly via: "--config" | "LAKEHOUSE_CONFIG" | "working directory" | "built-in example";
}

/** A located and parsed config, ready for `loadConfig`. */
export interface ConfigSource extends ConfigLocation {
  readonly input: unknown;
}

/**
 * Chooses the config one way for every command (synth, policy, cost, bench): `--config <file>` (or
 * `--config=<file>`) on the command line, else `LAKEHOUSE_CONFIG`, else the first of
 * {@link CONVENTIONAL_CONFIG_FILES} in the working directory, else the built-in example.
 */
export function locateConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ConfigLocation {
  const flag = argv.findIndex((arg) => arg === "--config" || arg.startsWith("--config="));
  if (flag >= 0) {
    const arg = argv[flag]!;
    const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[flag + 1];
    if (!value || value.startsWith("--"))
      throw new ConfigValidationError(["--config: needs a file path (YAML or JSON)"]);
    return { path: resolve(cwd, value), via: "--config" };
  }
  const fromEnv = env.LAKEHOUSE_CONFIG?.trim();
  if (fromEnv) return { path: resolve(cwd, fromEnv), via: "LAKEHOUSE_CONFIG" };
  const conventional = CONVENTIONAL_CONFIG_FILES.map((name) => join(cwd, name)).find((p) => existsSync(p));
  if (conventional) return { path: conventional, via: "working directory" };
  return { via: "built-in example" };
}

/** One line for the top of a command's output: which config this run used. */
export function describeConfigLocation(location: ConfigLocation): string {
  return location.path
    ? `config: ${location.path} (via ${location.via})`
    : "config: built-in example (config/example.ts; pass --config <file>, set LAKEHOUSE_CONFIG, or add lakehouse.config.yaml)";
}

/** Locates the config ({@link locateConfig}) and reads it. */
export function readConfigSource(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ConfigSource {
  const location = locateConfig(argv, env, cwd);
  const input = location.path ? readConfigFile(location.path, location.via) : EXAMPLE_CONFIG;
  return { ...location, input };
}

/**
 * The raw config of the file at `path`, or the built-in example when `path` is undefined (kept for
 * callers that already know the file; commands use {@link readConfigSource}).
 */
export function readConfigInput(path: string | undefined = process.env.LAKEHOUSE_CONFIG): unknown {
  return path ? readConfigFile(path, "LAKEHOUSE_CONFIG") : EXAMPLE_CONFIG;
}

/**
 * Reads a YAML or JSON config file (YAML 1.2 is a superset of JSON, so one parser serves both and
 * reports every syntax error with line and column; valid JSON takes `parseStrictJson`'s fast path). Duplicate keys are errors: with JSON.parse the
 * last one silently wins, so `"stage": "dev", "stage": "prod"` would make an environment prod.
 */
export function readConfigFile(path: string, via: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigValidationError([
      `${via}: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  const format = /\.json$/i.test(path) ? "JSON" : "YAML";
  if (format === "JSON") {
    // Same value as the YAML reading below; that reading still reports every error with its position.
    const json = parseStrictJson(text);
    if (json !== undefined) return json;
  }
  const lineCounter = new LineCounter();
  // `merge`: YAML merge keys (`<<: *anchor`) let environments share a block, as configs often do.
  const document = parseDocument(text, { uniqueKeys: true, lineCounter, prettyErrors: false, merge: true });
  if (document.errors.length > 0) {
    throw new ConfigValidationError(
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        const keyToken = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\s]+)/.exec(text.slice(error.pos[0]))?.[0] ?? "";
        const key = keyToken.replace(/^["']|["']$/g, "");
        const what =
          error.code === "DUPLICATE_KEY"
            ? `duplicate key '${key}' (a key may appear once per object)`
            : error.message.split("\n")[0];
        return `${via}: '${path}' is not valid ${format} at line ${line}, column ${col}: ${what}`;
      }),
    );
  }
  return document.toJS({ maxAliasCount: 100 }) as unknown;
}
