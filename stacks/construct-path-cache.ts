/**
 * Remembers each construct's path (`node.path`) after its first computation. The constructs library
 * (10.4) computes it on every read by collecting the node's scopes up to the root and joining their ids,
 * and cdktf reads it per construct per aspect (`invokeAspects` keys what it ran by path), for every
 * element's metadata and logical id, and for annotations: ~2% of a synth of the example. A path cannot
 * change: a node's `id` and `scope` are read-only and given at construction, so the first answer is the
 * answer. Installed by `SingleResolveApp` and by the jest setup, like `token-resolve.ts`; kept free of
 * our other modules.
 */
import { Node } from "constructs";

const uncachedPath = Object.getOwnPropertyDescriptor(Node.prototype, "path")?.get;
const paths = new WeakMap<Node, string>();

/** The constructs library's own path getter, as loaded (before `installConstructPathCache`). */
export function computePath(node: Node): string {
  if (!uncachedPath) throw new Error("constructs' Node has no 'path' getter (another constructs version?)");
  return uncachedPath.call(node) as string;
}

function cachedPath(this: Node): string {
  let path = paths.get(this);
  if (path === undefined) {
    path = computePath(this);
    paths.set(this, path);
  }
  return path;
}

/** Makes `node.path` of every construct in this process remember its value (idempotent). */
export function installConstructPathCache(): void {
  if (!uncachedPath) return; // another constructs version: its own getter stays
  Object.defineProperty(Node.prototype, "path", { get: cachedPath, configurable: true, enumerable: false });
}
