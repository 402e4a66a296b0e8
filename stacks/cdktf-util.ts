/**
 * Two helpers of cdktf 0.21 (`lib/util.js`) that every resource's `toTerraform` runs, with the same
 * results and less work: `processDynamicAttributes` (copies the attribute tree, moving dynamic blocks
 * under `dynamic`) and `keysToSnakeCase` (the meta-arguments' keys). cdktf's build an entry array and a
 * closure per object and run three regular expressions per key; these loop over the keys and remember
 * each key's snake case (a synth converts the same few dozen keys thousands of times). Installed, like
 * `token-resolve.ts`, by replacing the functions on cdktf's module object, where its callers look them up
 * (`(0, util_1.processDynamicAttributes)(…)`); tested against cdktf's own on random values.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the module object cdktf's callers read */
import util = require("cdktf/lib/util");
import dynamicBlock = require("cdktf/lib/terraform-dynamic-block");
/* eslint-enable @typescript-eslint/no-require-imports */
import { Tokenization } from "cdktf";

type Attributes = { [name: string]: unknown };

/** cdktf's own functions, as loaded (before `installCdktfUtil`). */
export const cdktfProcessDynamicAttributes: (attributes: Attributes) => Attributes =
  util.processDynamicAttributes;
export const cdktfKeysToSnakeCase: (object: unknown) => unknown = util.keysToSnakeCase;

const snakeCases = new Map<string, string>();

/** cdktf's `snakeCase`, remembered per key. */
function snakeCase(key: string): string {
  let snake = snakeCases.get(key);
  if (snake === undefined) {
    snake = util.snakeCase(key);
    snakeCases.set(key, snake);
  }
  return snake;
}

/** cdktf's `processDynamicAttributes`, step for step, as a loop. */
export function processDynamicAttributes(attributes: Attributes): Attributes {
  const result: Attributes & { dynamic?: Attributes } = {};
  const names = Object.keys(attributes);
  for (let n = 0; n < names.length; n++) {
    const name = names[n]!;
    const value = attributes[name] as { constructor?: unknown; toTerraformDynamicBlockJson?: () => unknown };
    if (dynamicBlock.TerraformDynamicBlock.isTerraformDynamicBlock(value)) {
      if (!result.dynamic) result.dynamic = {};
      result.dynamic[name] = value.toTerraformDynamicBlockJson!();
    } else {
      // cdktf descends into plain objects only
      const plain = value !== null && typeof value === "object" && value.constructor === Object;
      result[name] = plain ? processDynamicAttributes(value as Attributes) : value;
    }
  }
  return result;
}

/** cdktf's treatment of one item of an array: objects (and null) converted, anything else as is. */
const item = (e: unknown): unknown => (typeof e === "object" ? keysToSnakeCase(e) : e);

/** cdktf's `keysToSnakeCase`, step for step (`tags` and `environment` keep their keys' case), as a loop. */
export function keysToSnakeCase(object: unknown): unknown {
  if (Tokenization.isResolvable(object)) return object;
  if (Array.isArray(object)) return object.map(item);
  const record = object as Attributes;
  const result: Attributes = {};
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key === "tags" || key === "environment") {
      result[key] = record[key];
      continue;
    }
    let value = record[key];
    if (typeof value === "object") value = keysToSnakeCase(value);
    if (Array.isArray(value)) value = value.map(item);
    result[snakeCase(key)] = value;
  }
  return result;
}

/** Makes cdktf's resources, data sources and providers in this process use the two functions above. */
export function installCdktfUtil(): void {
  const target = util as unknown as { processDynamicAttributes: unknown; keysToSnakeCase: unknown };
  target.processDynamicAttributes = processDynamicAttributes;
  target.keysToSnakeCase = keysToSnakeCase;
}
