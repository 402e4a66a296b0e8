/**
 * References inside Terraform template strings, the one parser for `${aws_kms_key.Key.arn}`,
 * `${data.aws_iam_policy_document.Doc.json}`, `${var.region}`, `${local.tags}` and the like. cdktf
 * writes every token as such a string; plans have no references (they hold resolved values).
 *
 * It reads the expression inside each `${…}` (skipping numbers, function names, object keys and `for`
 * variables; templates inside string literals are read too) and returns its traversals, so `${jsonencode({ a = aws_x.A.id })}`
 * refers to `aws_x.A` and `${aws_x.A.attr.sub}` refers to nothing else.
 */

/** What a reference points to. `meta`: `each`, `count`, `self`, `path` and `terraform` values. */
export type ReferenceKind = "resource" | "data" | "variable" | "local" | "module" | "meta";

/** One reference in an expression. */
export interface Reference {
  readonly kind: ReferenceKind;
  /**
   * The referenced object: `aws_kms_key.Key`, `data.aws_iam_policy_document.Doc`, `var.region`,
   * `local.tags`, `module.network`, `each.value`.
   */
  readonly address: string;
  /** Resource or data source type (kinds `resource` and `data`). */
  readonly type?: string;
  /** Logical id of a resource or data source, or the variable, local, module or meta value's name. */
  readonly name: string;
  /** Traversal steps after the address: `["arn"]`, `["odbc_params", "[0]", "path"]`; [] for none. */
  readonly attribute: readonly string[];
}

const META_ROOTS = new Set(["each", "count", "self", "path", "terraform"]);
// Character classes by code (a regex test per character makes the scanner several times slower).
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}
function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
}
function isIdentPart(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c) || c === "-";
}

/** The expressions of a template string: the text inside each `${…}` (`$${` is a literal `${`). */
export function templateExpressions(template: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i)) {
      i += 3;
    } else if (template.startsWith("${", i)) {
      const end = expressionEnd(template, i + 2);
      found.push(template.slice(i + 2, end));
      i = end + 1;
    } else {
      i++;
    }
  }
  return found;
}

/** Index of the `}` that closes an expression starting at `start` (or the text's length). */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') i = stringEnd(text, i);
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return text.length;
}

/** Index of the closing quote of a string literal starting at `start` (templates inside it included). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") i += 2;
    else if (c === '"') return i;
    else if (text.startsWith("${", i)) i = expressionEnd(text, i + 2) + 1;
    else i++;
  }
  return text.length;
}

function identEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && isIdentPart(text[i])) i++;
  return i;
}

/** A literal index `[0]` or `["key"]` at `start`: its end (after `]`), or -1 for any other index. */
function literalIndexEnd(text: string, start: number): number {
  const match = /^\[\s*(?:\d+|"(?:[^"\\$]|\\.)*")\s*\]/.exec(text.slice(start));
  return match ? start + match[0].length : -1;
}

function skipSpaces(text: string, start: number): number {
  let i = start;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function previousNonSpace(text: string, start: number): string | undefined {
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i >= 0 ? text[i] : undefined;
}

/** Whether the word ending at `end` is an object key (`key = value`, `k => v`), not `a == b`. */
function isObjectKey(text: string, end: number): boolean {
  const i = skipSpaces(text, end);
  return text[i] === "=" && text[i + 1] !== "=";
}

/** A traversal (`root.step[0].step`) split into its steps, with where it ends. */
interface Traversal {
  readonly steps: readonly string[];
  readonly start: number;
  readonly end: number;
}

/** The traversals of one expression, in order, without function names, object keys and `for` variables. */
function traversals(expression: string): Traversal[] {
  const found: Traversal[] = [];
  const forVariables = new Set<string>();
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === '"') {
      // A string literal may hold templates of its own.
      const end = stringEnd(expression, i);
      for (const inner of templateExpressions(expression.slice(i + 1, end))) found.push(...traversals(inner));
      i = end + 1;
    } else if (isDigit(c)) {
      while (i < expression.length && /[0-9A-Za-z_.]/.test(expression[i]!)) i++;
    } else if (isIdentStart(c)) {
      const start = i;
      const steps = [expression.slice(i, identEnd(expression, i))];
      let j = start + steps[0]!.length;
      for (;;) {
        if (expression[j] === "." && isIdentStart(expression[j + 1])) {
          const end = identEnd(expression, j + 1);
          steps.push(expression.slice(j + 1, end));
          j = end;
        } else if (expression[j] === "." && isDigit(expression[j + 1])) {
          let end = j + 1;
          while (isDigit(expression[end])) end++;
          steps.push(`[${expression.slice(j + 1, end)}]`);
          j = end;
        } else if (expression[j] === "[" && literalIndexEnd(expression, j) > 0) {
          const end = literalIndexEnd(expression, j);
          steps.push(expression.slice(j, end).replace(/\s+/g, ""));
          j = end;
        } else break;
      }
      const next = expression[skipSpaces(expression, j)];
      const afterDot = previousNonSpace(expression, start) === ".";
      if (steps[0] === "for" && steps.length === 1) {
        // `for k, v in …`: k and v are local to the expression, not references.
        const header = /^for\s+([A-Za-z_][A-Za-z0-9_-]*)(?:\s*,\s*([A-Za-z_][A-Za-z0-9_-]*))?\s+in\b/.exec(
          expression.slice(start),
        );
        if (header) {
          forVariables.add(header[1]!);
          if (header[2]) forVariables.add(header[2]);
        }
      } else if (next !== "(" && !afterDot && !isObjectKey(expression, j) && !forVariables.has(steps[0]!)) {
        found.push({ steps, start, end: j });
      }
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

function isName(step: string | undefined): step is string {
  return step !== undefined && !step.startsWith("[");
}

function classify(steps: readonly string[]): Reference | undefined {
  const [root, first, second] = steps;
  if (!isName(first)) return undefined;
  if (root === "data") {
    if (!isName(second)) return undefined;
    return {
      kind: "data",
      address: `data.${first}.${second}`,
      type: first,
      name: second,
      attribute: steps.slice(3),
    };
  }
  const kind: ReferenceKind | undefined =
    root === "var"
      ? "variable"
      : root === "local"
        ? "local"
        : root === "module"
          ? "module"
          : META_ROOTS.has(root!)
            ? "meta"
            : undefined;
  if (kind) return { kind, address: `${root}.${first}`, name: first, attribute: steps.slice(2) };
  return {
    kind: "resource",
    address: `${root}.${first}`,
    type: root,
    name: first,
    attribute: steps.slice(2),
  };
}

/** Every reference in a value (a template string); [] for anything else. */
export function parseReferences(value: unknown): Reference[] {
  if (typeof value !== "string" || !value.includes("${")) return [];
  return templateExpressions(value).flatMap((expression) =>
    traversals(expression).flatMap((t) => classify(t.steps) ?? []),
  );
}

/** The addresses a value refers to: `${aws_kms_key.Key.arn}` → `aws_kms_key.Key`. */
export function referencedAddresses(value: unknown): string[] {
  return parseReferences(value).map((r) => r.address);
}

/**
 * The reference a value is exactly (`"${aws_kms_key.Key.arn}"`, nothing around or inside it besides the
 * traversal), or undefined: the form whose value can be looked up in another resource's attributes.
 */
export function plainReference(value: unknown): Reference | undefined {
  if (typeof value !== "string" || !value.startsWith("${") || !value.endsWith("}")) return undefined;
  const expressions = templateExpressions(value);
  if (expressions.length !== 1 || `\${${expressions[0]}}` !== value) return undefined;
  const expression = expressions[0]!.trim();
  const [only, ...more] = traversals(expression);
  if (!only || more.length > 0 || only.start !== 0 || only.end !== expression.length) return undefined;
  return classify(only.steps);
}
