/**
 * Resolves the `${…}` references of a synthesized stack to the values they carry, so two versions of a
 * stack compare by value, not by text: `${azurerm_storage_account.Lake.name}` becomes the account's
 * literal name, which a logical-id rename does not change.
 *
 * What cannot be known before apply (an `id`, an `arn`, a data source's result) becomes a token naming
 * the object it comes from. The caller decides each managed object's identity: the same object under a
 * new address (a `moved` block) keeps its identity; a replaced or new object gets a fresh one, so the
 * values computed from it change, as they do in a real plan. Data sources are identified by their
 * arguments, so renaming one changes nothing.
 */
import type { SynthDocument } from "./synth-document";
import { type Values, canonical, isRecord } from "./values";

/** Identity of a managed object for the tokens of its computed attributes. */
export type IdentityOf = (address: string) => string;

/**
 * The value a cross-stack output carries, resolved in the stack that produces it (undefined when that
 * stack is not at hand): `dataAddress` is the consumer's `data.terraform_remote_state.…` address.
 */
export type RemoteOutput = (dataAddress: string, output: string) => unknown;

const TOKEN_OPEN = "⟪";
const DANGLING = "undeclared:";
const TOKEN_CLOSE = "⟫";

/** A reference inside an expression: `type.name…`, `data.type.name…`, `var.x`, `local.x`. */
const REFERENCE =
  /(?<![\w.\]"])((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.\d+|\[\d+\]|\["[^"\]]*"\]|\[\*\]|\.\*)*)/g;
const WHOLE_REFERENCE = new RegExp(`^${REFERENCE.source}$`);

export class ReferenceResolver {
  private readonly cache = new Map<string, unknown>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly doc: SynthDocument,
    private readonly identityOf: IdentityOf,
    private readonly remote?: RemoteOutput,
  ) {}

  /** The attributes of one element with every reference resolved. */
  valuesOf(address: string): Values {
    const element = this.doc.elements.get(address);
    if (!element) return {};
    return this.resolve(element.values, address) as Values;
  }

  /** Resolves every `${…}` inside a value. */
  resolve(value: unknown, context = ""): unknown {
    if (typeof value === "string") return this.resolveString(value, context);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, context));
    if (isRecord(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, context)]));
    }
    return value;
  }

  private resolveString(text: string, context: string): unknown {
    if (!text.includes("${")) return text;
    const segments = splitTemplate(text);
    if (segments.length === 1 && segments[0]!.expression !== undefined) {
      const expression = segments[0]!.expression.trim();
      if (WHOLE_REFERENCE.test(expression)) return this.resolveReference(expression, context);
    }
    return segments
      .map((s) =>
        s.expression === undefined
          ? s.text
          : s.expression.replace(REFERENCE, (ref) => {
              const v = this.resolveReference(ref, context);
              return typeof v === "string" ? v : canonical(v);
            }),
      )
      .join("");
  }

  private resolveReference(ref: string, context: string): unknown {
    const parts = splitReference(ref);
    const [head, second, third] = parts;
    if (head === undefined || second === undefined) return token(ref);
    if (["var", "each", "count", "self", "path", "terraform"].includes(head)) {
      return token(ref);
    }
    if (head === "local") {
      if (!(second in this.doc.locals)) return token(ref);
      return this.memo(`local.${second}`, context, () =>
        lookup(this.resolve(this.doc.locals[second], context), parts.slice(2), () => token(ref)),
      );
    }
    const isData = head === "data";
    if (isData && third === undefined) return token(ref);
    const address = isData ? `data.${second}.${third}` : `${head}.${second}`;
    const rest = parts.slice(isData ? 3 : 2);
    const element = this.doc.elements.get(address);
    // A reference to something the document does not declare: Terraform rejects such a configuration,
    // so nothing can be predicted from it.
    if (!element) return token(`${DANGLING}${ref}`);
    // A cross-stack reference: the value the producing stack's output carries, not the output's name
    // (which holds the producer's logical id).
    if (isData && element.type === "terraform_remote_state" && rest[0] === "outputs" && rest[1]) {
      const carried = this.remote?.(address, rest[1]);
      if (carried !== undefined) return lookup(carried, rest.slice(2), () => token(ref));
    }
    const unknown = () =>
      token(
        [
          isData
            ? `data.${element.type}${canonical(this.resolvedArguments(address))}`
            : this.identityOf(address),
          ...rest,
        ].join("."),
      );
    const raw = lookup(element.values, rest, () => undefined);
    if (raw === undefined || rest.length === 0) return unknown();
    return this.memo(`${address}.${rest.join(".")}`, context, () => this.resolve(raw, address), unknown);
  }

  private resolvedArguments(address: string): unknown {
    return this.memo(`${address}#args`, address, () => {
      const { depends_on: _d, lifecycle: _l, provider: _p, ...args } = this.doc.elements.get(address)!.values;
      return this.resolve(args, address);
    });
  }

  private memo(key: string, _context: string, compute: () => unknown, onCycle?: () => unknown): unknown {
    if (this.cache.has(key)) return this.cache.get(key);
    if (this.resolving.has(key)) return onCycle ? onCycle() : token(key);
    this.resolving.add(key);
    try {
      const v = compute();
      this.cache.set(key, v);
      return v;
    } finally {
      this.resolving.delete(key);
    }
  }
}

function token(text: string): string {
  return `${TOKEN_OPEN}${text}${TOKEN_CLOSE}`;
}

/** Whether a resolved value still holds something known only after apply. */
export function hasUnknown(v: unknown): boolean {
  return canonical(v).includes(TOKEN_OPEN);
}

/** Whether a resolved value refers to a resource or data source the document does not declare. */
export function hasDangling(v: unknown): boolean {
  return canonical(v).includes(`${TOKEN_OPEN}${DANGLING}`);
}

/** Tokens as readable text for messages: `⟪x.y#new.id⟫` → `x.y.id (known after apply)`. */
export function readable(text: string): string {
  return text.replace(/⟪([^⟫]*)⟫/g, (_m, inner: string) => `<${inner.replace(/#\w+/g, "")} after apply>`);
}

/** `a.b[0]["k"].c` → ["a", "b", "0", "k", "c"]. */
function splitReference(ref: string): string[] {
  const parts: string[] = [];
  for (const m of ref.matchAll(/([^.[\]"]+)|\["([^"]*)"\]|\[(\d+|\*)\]/g)) {
    parts.push(m[1] ?? m[2] ?? m[3]!);
  }
  return parts;
}

/** Walks a path through values; blocks written as an object are entered whatever the index. */
function lookup(value: unknown, path: readonly string[], missing: () => unknown): unknown {
  let current = value;
  for (const key of path) {
    if (key === "*") return missing();
    if (Array.isArray(current)) {
      if (/^\d+$/.test(key)) {
        current = current[Number(key)];
        continue;
      }
      if (current.length !== 1) return missing();
      current = current[0];
    }
    if (isRecord(current)) {
      if (/^\d+$/.test(key) && !(key in current)) continue; // `block[0]` on a block written as an object
      current = current[key];
      continue;
    }
    return missing();
  }
  return current === undefined ? missing() : current;
}

interface TemplateSegment {
  readonly text: string;
  readonly expression?: string;
}

/** Splits `a-${x.y}-b` into literal text and `${…}` expressions (braces inside expressions nest). */
function splitTemplate(text: string): TemplateSegment[] {
  const out: TemplateSegment[] = [];
  let i = 0;
  let literal = "";
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 3;
      continue;
    }
    if (text.startsWith("${", i)) {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}") depth--;
        j++;
      }
      if (literal) out.push({ text: literal });
      literal = "";
      out.push({ text: text.slice(i, j), expression: text.slice(i + 2, j - 1) });
      i = j;
      continue;
    }
    literal += text[i];
    i++;
  }
  if (literal) out.push({ text: literal });
  return out;
}
