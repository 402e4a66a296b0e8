/**
 * cdktf's token resolution with the same results and fewer allocations. cdktf 0.21
 * (`lib/tokens/private/resolve.js`) builds two resolve contexts (three closures, an options spread
 * and a prefix copy each) for every key of every object it walks, and runs three regular
 * expressions over every string: in a synth of the example that walk was the largest single cost
 * (prepareStack and toTerraform each walk every resource once). This version walks plain values
 * (objects, arrays, strings and numbers that hold no token) without any of that, and follows
 * cdktf's code step for step wherever a token, an escape or an error is involved: contexts are
 * made only where cdktf hands one to a token or a resolver, with the same fields.
 *
 * Equivalence is tested against cdktf's own function (test/stacks/token-resolve.test.ts: random
 * values with every token kind, and whole stacks of the example); every snapshot test runs with it
 * (the jest setup installs it as `SingleResolveApp` does). Kept free of our other modules, like
 * `stack-traces.ts`.
 */
// `import = require`: the real CommonJS exports (a bundler's namespace copy has read-only getters).
/* eslint-disable @typescript-eslint/no-require-imports */
import resolveModule = require("cdktf/lib/tokens/private/resolve");
import encoding = require("cdktf/lib/tokens/private/encoding");
import tokenMapModule = require("cdktf/lib/tokens/private/token-map");
import errors = require("cdktf/lib/errors");
/* eslint-enable @typescript-eslint/no-require-imports */
import { StringConcat, Token, type IPostProcessor, type IResolveContext } from "cdktf";

type ResolveOptions = resolveModule.IResolveOptions;
type Resolve = (obj: unknown, options: ResolveOptions) => unknown;

/** cdktf's own `resolve`, as loaded (before `installTokenResolve`). */
export const cdktfResolve: Resolve = resolveModule.resolve;

const tokenMap = tokenMapModule.TokenMap.instance();
/** In every string, list and map token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). */
const TOKEN_MARKER = "TfToken[";
const LIST_TOKEN_MARKER = "#{TfToken[";
const MAP_TOKEN_MARKER = "&{TfToken[";
/**
 * Whether cdktf's NUMBER_TOKEN_REGEX (`[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`) matches somewhere in `s`: a string
 * it matches takes cdktf's path. The regex matches exactly where an `e` has one of `-|0-9.+` before it
 * and one of `-|0-9.eE+` after it; looking only at the `e`s is ~5x faster on the long base64 file contents
 * of a large synth (test/stacks/token-resolve.test.ts compares both on arbitrary strings).
 */
export function mayHoldNumberToken(s: string): boolean {
  for (let at = s.indexOf("e", 1); at > 0 && at < s.length - 1; at = s.indexOf("e", at + 1)) {
    if (isNumberTokenLead(s.charCodeAt(at - 1)) && isNumberTokenTail(s.charCodeAt(at + 1))) return true;
  }
  return false;
}

/** `-`, `|`, a digit, `.` or `+`: what may stand before the `e` of a number token. */
function isNumberTokenLead(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x7c || c === 0x2e || c === 0x2b;
}

/** A lead character, `e` or `E`: what may stand after it. */
function isNumberTokenTail(c: number): boolean {
  return isNumberTokenLead(c) || c === 0x65 || c === 0x45;
}
/** cdktf's depth limit (`prefix.length > 200`: "unable to resolve circular reference"). */
const MAX_DEPTH = 200;

// The top 16 bits cdktf's encoding puts into a number (list) token double (encoding.js).
const DOUBLE_TOKEN_MARKER_BITS = 0xfdff << 16;
const DOUBLE_LIST_TOKEN_MARKER_BITS = 0xfbff << 16;
const doubleView = new Float64Array(1);
const highWord = new Uint32Array(doubleView.buffer);

/** Whether `x` carries cdktf's token marker bits (its `extractTokenDouble(x, list) !== undefined`). */
function isTokenDouble(x: number, list: boolean): boolean {
  doubleView[0] = x;
  return (highWord[1] & 0xffff0000) === (list ? DOUBLE_LIST_TOKEN_MARKER_BITS : DOUBLE_TOKEN_MARKER_BITS);
}

/** A string cdktf would return unchanged without making a context or throwing. */
function isPlainString(s: string): boolean {
  return (
    !s.includes(TOKEN_MARKER) &&
    s !== Token.STRING_MAP_TOKEN_VALUE &&
    s !== Token.ANY_MAP_TOKEN_VALUE &&
    !mayHoldNumberToken(s)
  );
}

/** A number cdktf would return unchanged. */
function isPlainNumber(x: number): boolean {
  return x !== Token.NUMBER_MAP_TOKEN_VALUE && !isTokenDouble(x, false);
}

/** An object made by an object literal (not an array, a `Date`, a construct or another class's instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A leaf cdktf's resolve returns as it is: undefined, a boolean, a plain string or number. */
function isPlainLeaf(value: unknown): boolean {
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return true;
    case "string":
      return isPlainString(value);
    case "number":
      return isPlainNumber(value);
    default:
      return false;
  }
}

/**
 * Whether cdktf's resolve would return `value` unchanged but for copying and dropping undefined
 * object members (an undefined array item, which resolve drops too, is refused): nothing in it is a
 * token, a token-encoded string, number, list or map, a `Date`, a function or a construct, and it is
 * not nested deeper than cdktf's limit. Walks plain objects and arrays only.
 */
export function holdsNoToken(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value !== "object") return isPlainLeaf(value);
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // resolve drops holes and undefined items, which a writer would write as null
      if (!(i in value) || value[i] === undefined || !holdsNoToken(value[i], depth + 1)) return false;
    }
    return !hasStringListToken(value) && !hasNumberListToken(value);
  }
  if (!isPlainObject(value)) return false; // a Date, a construct, a class instance
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (!isPlainString(key) || !holdsNoToken(record[key], depth + 1)) return false;
  }
  return true;
}

/**
 * cdktf's resolve context (resolve.js `makeContext`): the flags come from the previous context, and
 * `resolve` walks a value at the same path with this context as the previous one. A class (its methods
 * on the prototype, the post-processor in a private field) where cdktf builds an object with three
 * closures per context; it is also the post-processor cdktf hands to the resolver (`postProcess`). One
 * difference a token could see: cdktf's `resolve`/`registerPostProcessor` are own properties that work
 * when copied (`{ ...context }`) or called detached; these need the instance. Nothing in cdktf,
 * constructs or the provider packages copies or detaches a context, and we define no tokens.
 */
class ResolveContext implements IResolveContext, IPostProcessor {
  public readonly preparing: boolean;
  public readonly scope: IResolveContext["scope"];
  public suppressBraces?: boolean;
  public ignoreEscapes?: boolean;
  public warnEscapes?: boolean;
  public iteratorContext?: IResolveContext["iteratorContext"];
  readonly #options: ResolveOptions;
  readonly #prefix: string[];
  #postProcessor?: IPostProcessor;

  public constructor(options: ResolveOptions, prefix: string[]) {
    const previous = options.previousContext;
    this.preparing = options.preparing;
    this.scope = options.scope;
    this.suppressBraces = previous?.suppressBraces;
    this.ignoreEscapes = previous?.ignoreEscapes;
    this.warnEscapes = previous?.warnEscapes;
    this.iteratorContext = previous?.iteratorContext;
    this.#options = options;
    this.#prefix = prefix;
  }

  public registerPostProcessor(postProcessor: IPostProcessor): void {
    this.#postProcessor = postProcessor;
  }

  public resolve(x: unknown): unknown {
    const { scope, preparing, resolver } = this.#options;
    // (The walk takes the path as an argument; only `resolve` below reads `options.prefix`.)
    return walk(x, { scope, preparing, resolver, previousContext: this }, this.#prefix);
  }

  public postProcess(x: unknown): unknown {
    if (!this.#postProcessor) return x;
    keptAsIs++; // what a post-processor returns is not a copy made by the walk
    return this.#postProcessor.postProcess(x, this);
  }
}

const pathOf = (prefix: string[]) => `/${prefix.join("/")}`;

/** How many values the walk has returned that are not copies it made (a `Date`, a post-processor's result). */
let keptAsIs = 0;

/**
 * A counter of the values resolution has returned as they were, not as plain copies: a `Date` (cdktf's
 * resolve keeps it) or whatever a registered post-processor returns. Every other object a resolve returns
 * is a plain object or array it built; read the counter before and after a resolve to know whether the
 * result is made of those only.
 */
export function valuesKeptAsIs(): number {
  return keptAsIs;
}

/**
 * Drop-in for cdktf's `resolve(obj, options)`: the same value, the same errors, the same calls into
 * tokens and resolvers with contexts of the same content.
 */
export function resolve(obj: unknown, options: ResolveOptions): unknown {
  return walk(obj, options, options.prefix || []);
}

/**
 * One step of cdktf's resolve at `prefix`. `options` may carry an outer prefix: below a plain object
 * or array the walk keeps `options` (its flags are what cdktf's copied contexts would carry) and
 * passes the path in `prefix` instead of a new options object per key. One theoretical difference
 * (found in review): cdktf copies the flags per level, this reads them from the nearest token's
 * context, so a token that keeps its context and changes a flag while a sibling subtree is still
 * being resolved would be seen here and not by cdktf. No cdktf 0.21 code does that: each flag change
 * (`mapTokens`, `FunctionCall`, dynamic blocks) happens between separate `context.resolve` calls.
 */
function walk(obj: unknown, options: ResolveOptions, prefix: string[]): unknown {
  if (prefix.length > MAX_DEPTH) throw errors.unableToResolveCircularReference(pathOf(prefix));
  switch (typeof obj) {
    case "undefined":
      return undefined;
    case "function":
      throw errors.cannotResolveFunction(pathOf(prefix), obj);
    case "string":
      return isPlainString(obj) ? obj : resolveString(obj, options, prefix);
    case "number":
      return isPlainNumber(obj) ? obj : resolveNumber(obj, options, prefix);
    case "object":
      break;
    default:
      return obj;
  }
  if (obj === null) return null;
  if (obj instanceof Date) {
    keptAsIs++;
    return obj;
  }
  if (Array.isArray(obj)) {
    if (hasStringListToken(obj))
      return options.resolver.resolveList(obj, new ResolveContext(options, prefix));
    if (hasNumberListToken(obj))
      return options.resolver.resolveNumberList(obj, new ResolveContext(options, prefix));
    const out: unknown[] = [];
    for (let i = 0; i < obj.length; i++) {
      if (!(i in obj)) continue; // cdktf's map/filter skip holes
      const value = child(obj[i], options, prefix, `${i}`);
      if (value !== undefined) out.push(value);
    }
    return out;
  }
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record);
  if (someKeyHolds(keys, MAP_TOKEN_MARKER) && encoding.containsMapToken(record))
    return options.resolver.resolveMap(record, new ResolveContext(options, prefix));
  if (typeof record.resolve === "function") {
    const context = new ResolveContext(options, prefix);
    return options.resolver.resolveToken(record as never, context, context);
  }
  if (record._children !== undefined && record._metadata !== undefined)
    throw errors.constructsCannotBeResolved(pathOf(prefix));
  const result: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const resolvedKey = isPlainString(key) && prefix.length < MAX_DEPTH ? key : walk(key, options, prefix);
    if (typeof resolvedKey !== "string")
      throw errors.mapKeyMustResolveToString(pathOf(prefix), key, resolvedKey);
    const value = child(record[key], options, prefix, key);
    if (value === undefined) continue;
    result[resolvedKey] = value;
  }
  return result;
}

/** The walk one path component deeper; a plain leaf is returned without copying the path. */
function child(value: unknown, options: ResolveOptions, prefix: string[], key: string): unknown {
  // At the depth limit cdktf throws even for a leaf: take the full step there.
  if (prefix.length < MAX_DEPTH && isPlainLeaf(value)) return value;
  return walk(value, options, prefix.concat([key]));
}

/** cdktf's string step (resolve.js): list/map token errors, string tokens, number tokens. */
function resolveString(obj: string, options: ResolveOptions, prefix: string[]): unknown {
  if (encoding.TokenString.forListToken(obj).test()) throw errors.encodedListTokenInScalarStringContext();
  if (obj === Token.STRING_MAP_TOKEN_VALUE || obj === Token.ANY_MAP_TOKEN_VALUE)
    throw errors.encodedMapTokenInScalarStringContext();
  let str: unknown = obj;
  // cdktf makes a context here only to read these two flags, which makeContext copies from here.
  const { ignoreEscapes, warnEscapes } = options.previousContext ?? {};
  const tokenStr = encoding.TokenString.forString(obj, !ignoreEscapes, warnEscapes);
  if (tokenStr.test()) {
    const fragments = tokenStr.split(tokenMap.lookupToken.bind(tokenMap));
    str = options.resolver.resolveString(fragments, new ResolveContext(options, prefix));
  }
  const tokenNumberStr = encoding.TokenString.forNumbers(str as string);
  if (tokenNumberStr.test()) {
    const fragments = tokenNumberStr.split((id) => tokenMap.lookupNumberToken(parseFloat(id)));
    str = fragments.mapTokens(new ResolveContext(options, prefix)).join(new StringConcat());
  }
  return str;
}

/** cdktf's number step: a number token resolves, any other number is itself. */
function resolveNumber(obj: number, options: ResolveOptions, prefix: string[]): unknown {
  if (obj === Token.NUMBER_MAP_TOKEN_VALUE) throw errors.encodedMapTokenInScalarNumberContext();
  const token = tokenMap.lookupNumberToken(obj);
  if (token === undefined) return obj;
  return new ResolveContext(options, prefix).resolve(token);
}

// The loops below are indexed, not `for…of`/`some`: the walk runs mostly before V8 optimizes it, and
// there each step of an iterator allocates a result object (~20 MB at 2,300 resources).

/** Whether one of `keys` contains `marker`. */
function someKeyHolds(keys: readonly string[], marker: string): boolean {
  for (let k = 0; k < keys.length; k++) if (keys[k]!.includes(marker)) return true;
  return false;
}

/** cdktf's containsStringListTokenElement, testing only strings that hold the list marker. */
function hasStringListToken(xs: unknown[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x === "string" && x.includes(LIST_TOKEN_MARKER))
      return encoding.containsStringListTokenElement(xs);
  }
  return false;
}

/** cdktf's containsNumberListTokenElement without a buffer per element. */
function hasNumberListToken(xs: unknown[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x === "number" && isTokenDouble(x, true)) return true;
  }
  return false;
}

/**
 * Makes every cdktf resolve in this process (prepare, synth, `Token`/`Tokenization` resolution) use
 * `resolve` above: cdktf's modules look `resolve` up on this module's exports at each call.
 */
export function installTokenResolve(): void {
  (resolveModule as { resolve: Resolve }).resolve = resolve;
}
