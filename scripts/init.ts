/**
 * `npm run init -- --project acme --clouds aws,azure --regions aws=eu-west-1,azure=westeurope
 *   --environments dev,prod [--prefix acme] [--owner team@acme.com] [--cost-center cc-1]
 *   [--out lakehouse.config.yaml] [--force]`
 *
 * Writes a minimal, valid, commented YAML config (validated before it is written) that `npm run synth`
 * picks up from the working directory.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { ConfigValidationError, loadConfig } from "../config";
import { renderInitConfig, type InitCloud, type InitOptions } from "../config/init";

const USAGE = `Usage: npm run init -- --project <name> --clouds aws,azure --regions aws=<region>,azure=<region>
                     --environments dev,prod [--prefix <2-8 chars>] [--owner <team>] [--cost-center <id>]
                     [--out lakehouse.config.yaml] [--force]`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf("=");
    if (eq > 0) args.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (arg === "--force" || arg === "--help") args.set(arg.slice(2), "true");
    else {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      args.set(arg.slice(2), value);
    }
  }
  return args;
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** The init options of a command line; throws UsageError naming what is missing or wrong. */
export function initOptions(
  argv: readonly string[],
  outDir: string,
  repoRoot: string,
): InitOptions & { out: string; force: boolean } {
  const args = parseArgs(argv);
  const known = new Set([
    "project",
    "prefix",
    "clouds",
    "regions",
    "environments",
    "owner",
    "cost-center",
    "out",
    "force",
    "help",
  ]);
  for (const key of args.keys()) if (!known.has(key)) throw new UsageError(`unknown option --${key}`);
  const project = args.get("project");
  if (!project) throw new UsageError("--project is required (e.g. --project acme)");
  const clouds = list(args.get("clouds"));
  if (clouds.length === 0) throw new UsageError("--clouds is required (aws, azure or aws,azure)");
  for (const cloud of clouds) {
    if (cloud !== "aws" && cloud !== "azure")
      throw new UsageError(`--clouds: '${cloud}' must be aws or azure`);
  }
  const regions: Partial<Record<InitCloud, string>> = {};
  for (const entry of list(args.get("regions"))) {
    const [cloud, region] = entry.split("=");
    if ((cloud !== "aws" && cloud !== "azure") || !region) {
      throw new UsageError(`--regions: '${entry}' must be <cloud>=<region>, e.g. aws=eu-west-1`);
    }
    regions[cloud] = region;
  }
  for (const cloud of clouds) {
    if (!regions[cloud as InitCloud])
      throw new UsageError(
        `--regions: no region for ${cloud} (e.g. ${cloud === "aws" ? "aws=eu-west-1" : "azure=westeurope"})`,
      );
  }
  const environments = list(args.get("environments"));
  if (environments.length === 0) throw new UsageError("--environments is required (e.g. dev,prod)");
  const out = resolve(outDir, args.get("out") ?? "lakehouse.config.yaml");
  return {
    project,
    prefix: args.get("prefix"),
    clouds: clouds as InitCloud[],
    regions,
    environments,
    owner: args.get("owner"),
    costCenter: args.get("cost-center"),
    schemaPath: relative(dirname(out), join(repoRoot, "schema", "lakehouse.schema.json"))
      .split("\\")
      .join("/"),
    out,
    force: args.get("force") === "true",
  };
}

function main(): number {
  try {
    const argv = process.argv.slice(2);
    if (argv.includes("--help")) {
      console.log(USAGE);
      return 0;
    }
    // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
    const options = initOptions(argv, process.env.INIT_CWD ?? process.cwd(), join(__dirname, "..", ".."));
    if (existsSync(options.out) && !options.force) {
      throw new UsageError(`${options.out} exists; pass --force to overwrite it`);
    }
    const text = renderInitConfig(options);
    loadConfig(parse(text));
    writeFileSync(options.out, text);
    console.log(`wrote ${options.out}\nnext: npm run config:print && npm run synth`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`init: ${error.message}\n${USAGE}`);
      return 1;
    }
    if (error instanceof ConfigValidationError) {
      console.error(`init: the answers give an invalid config, nothing written:\n${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main();
