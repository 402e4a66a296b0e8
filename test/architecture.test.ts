/**
 * The layers of the code base, checked on every production file's imports (relative and package).
 * High to low: main.ts and scripts/ → stacks/ → config/ → constructs/ → guardrails/, cost/ →
 * pipelines/, terraform-json/ → vocabulary/. A layer may import itself and the layers this table
 * allows, never one above it; the pure layers may not load cdktf either.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/** Top-level folders (and root files) of production code; each is a layer. */
const LAYERS = [
  "main",
  "scripts",
  "stacks",
  "config",
  "constructs",
  "guardrails",
  "cost",
  "pipelines",
  "terraform-json",
  "vocabulary",
] as const;
type Layer = (typeof LAYERS)[number];

/** Everything below the entry points (main.ts and scripts/ may import all of it). */
const BELOW_ENTRY_POINTS = LAYERS.filter((layer) => layer !== "main" && layer !== "scripts");

/** What each layer may import besides itself. */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  main: BELOW_ENTRY_POINTS,
  scripts: BELOW_ENTRY_POINTS,
  stacks: ["config", "constructs", "guardrails", "cost", "pipelines", "terraform-json", "vocabulary"],
  config: ["guardrails", "pipelines", "terraform-json", "vocabulary"],
  // Not config/ (constructs take props, not config), nor cost/ (cost reads synthesized JSON).
  constructs: ["guardrails", "pipelines", "terraform-json", "vocabulary"],
  // guardrails/ and cost/ read terraform-json/ and do not depend on each other.
  guardrails: ["terraform-json", "vocabulary"],
  cost: ["terraform-json", "vocabulary"],
  pipelines: ["vocabulary"],
  "terraform-json": ["vocabulary"],
  vocabulary: [],
};

/** Layers that stay free of CDK for Terraform, so they load and test without it. */
const NO_CDKTF: readonly Layer[] = [
  "vocabulary",
  "terraform-json",
  "pipelines",
  "guardrails",
  "cost",
  "config",
];
const CDKTF_PACKAGE = /^(cdktf|constructs|@cdktf\/[^/]+)(\/|$)/;

/**
 * Imports that break the layers today, in code other work is restructuring. Each is listed exactly; the
 * test fails when one disappears, so the list only shrinks.
 */
const KNOWN_EXCEPTIONS: readonly {
  readonly file: string;
  readonly specifier: string;
  readonly todo: string;
}[] = [];

/** A file's layer: its top-level folder, or `main` for main.ts. Undefined outside production code. */
function layerOf(relativePath: string): Layer | undefined {
  const [top] = relativePath.split("/");
  const name = top === "main.ts" || top === "main" ? "main" : top;
  return (LAYERS as readonly string[]).includes(name!) ? (name as Layer) : undefined;
}

/** Every module specifier a file names: imports, re-exports, `import()` types and calls, `require`. */
export function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0]!)
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Why `file` (relative to the root, `/`-separated) may not import `specifier`; undefined when it may. */
export function layerViolation(file: string, specifier: string): string | undefined {
  const from = layerOf(file);
  if (!from) return undefined;
  if (specifier.startsWith(".")) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (target.startsWith("..")) return "imports from outside the project";
    const to = layerOf(target);
    if (!to) return `production code may not import ${target.split("/")[0]}/`;
    if (to === from || MAY_IMPORT[from].includes(to)) return undefined;
    const allowed = MAY_IMPORT[from].length > 0 ? MAY_IMPORT[from].map((l) => `${l}/`).join(", ") : "nothing";
    return `${from}/ may import only ${allowed}, not ${to}/`;
  }
  // The one package the vocabulary uses: zod, for the shared wording of config issues.
  if (from === "vocabulary" && specifier !== "zod") return "vocabulary/ imports no package but zod";
  if (NO_CDKTF.includes(from) && CDKTF_PACKAGE.test(specifier))
    return `${from}/ must not import cdktf, constructs or @cdktf/* (it stays free of CDK for Terraform)`;
  return undefined;
}

/** Production `.ts` files, relative to the root, `/`-separated, sorted. */
function productionFiles(): string[] {
  const files = ["main.ts"];
  for (const dir of LAYERS.filter((layer) => layer !== "main")) {
    const entries = fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" });
    for (const entry of entries) {
      if (entry.endsWith(".ts") && !entry.endsWith(".d.ts"))
        files.push(`${dir}/${entry.split(path.sep).join("/")}`);
    }
  }
  return files.sort();
}

interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

function violations(): Violation[] {
  const found: Violation[] = [];
  for (const file of productionFiles()) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const specifier of moduleSpecifiers(file, text)) {
      const rule = layerViolation(file, specifier);
      if (rule) found.push({ file, specifier, rule });
    }
  }
  return found;
}

const isKnown = (v: Violation) =>
  KNOWN_EXCEPTIONS.some((e) => e.file === v.file && e.specifier === v.specifier);

describe("architecture: imports follow the layers", () => {
  const all = violations();

  test("no production file imports a layer above it, or cdktf from a pure layer", () => {
    const report = all.filter((v) => !isKnown(v)).map((v) => `${v.file} → ${v.specifier}: ${v.rule}`);
    expect(report).toEqual([]);
  });

  test("every known exception still occurs (remove the ones that are fixed)", () => {
    const stale = KNOWN_EXCEPTIONS.filter(
      (e) => !all.some((v) => v.file === e.file && v.specifier === e.specifier),
    );
    expect(stale.map((e) => `${e.file} → ${e.specifier} (${e.todo})`)).toEqual([]);
  });

  test("the scan sees the imports it checks", () => {
    const files = productionFiles();
    expect(files).toEqual(
      expect.arrayContaining(["main.ts", "stacks/aws-environment-stack.ts", "vocabulary/tags.ts"]),
    );
    expect(files.some((file) => file.startsWith("test/"))).toBe(false);
    const stack = fs.readFileSync(path.join(ROOT, "stacks/medallion-pipelines.ts"), "utf8");
    expect(moduleSpecifiers("stacks/medallion-pipelines.ts", stack)).toEqual(
      expect.arrayContaining(["cdktf", "../config", "../pipelines", "../vocabulary/tags"]),
    );
  });
});

describe("architecture: the rules", () => {
  test.each([
    ["config/load.ts", "../constructs/core/prop-helpers", /config\/ may import only .*, not constructs\/$/],
    ["config/load.ts", "../stacks/lakehouse-app", /config\/ may import only/],
    ["constructs/aws/kinesis-ingest.ts", "../../config", /constructs\/ may import only/],
    [
      "constructs/aws/kinesis-ingest.ts",
      "../../cost/estimator",
      /constructs\/ may import only .*, not cost\/$/,
    ],
    ["cost/estimator.ts", "../guardrails/types", /cost\/ may import only terraform-json\/, vocabulary\//],
    ["guardrails/engine.ts", "../pipelines/datasets", /guardrails\/ may import only/],
    ["pipelines/dlt-sql.ts", "../terraform-json/stateful-types", /pipelines\/ may import only vocabulary\//],
    [
      "terraform-json/stateful-types.ts",
      "../pipelines/datasets",
      /terraform-json\/ may import only vocabulary\//,
    ],
    ["vocabulary/tags.ts", "../pipelines/datasets", /vocabulary\/ may import only nothing/],
    ["vocabulary/tags.ts", "cdktf", /vocabulary\/ imports no package but zod/],
    ["config/schema.ts", "cdktf", /config\/ must not import cdktf/],
    ["pipelines/datasets.ts", "constructs", /pipelines\/ must not import cdktf/],
    ["guardrails/engine.ts", "@cdktf/provider-aws/lib/s3-bucket", /guardrails\/ must not import cdktf/],
    ["stacks/backend.ts", "../test/support/stacks", /production code may not import test\//],
  ])("%s → %s is rejected", (file, specifier, rule) => {
    expect(layerViolation(file, specifier)).toMatch(rule);
  });

  test.each([
    ["main.ts", "./stacks/lakehouse-app"],
    ["stacks/aws-environment-stack.ts", "../config"],
    ["stacks/aws-environment-stack.ts", "@cdktf/provider-aws/lib/provider"],
    ["config/validate.ts", "../guardrails/rules"],
    ["config/load.ts", "zod"],
    ["constructs/core/lakehouse-guardrails.ts", "../../guardrails/engine"],
    ["constructs/databricks/workspace-files.ts", "cdktf"],
    ["constructs/aws/kinesis-ingest.ts", "cdktf"],
    ["cost/pricing/aws.ts", "../../terraform-json/stateful-types"],
    ["pipelines/sql/bronze.ts", "../../vocabulary/medallion"],
    ["pipelines/spec/schema.ts", "zod"],
    ["vocabulary/tags.ts", "./medallion"],
  ])("%s → %s is allowed", (file, specifier) => {
    expect(layerViolation(file, specifier)).toBeUndefined();
  });
});
