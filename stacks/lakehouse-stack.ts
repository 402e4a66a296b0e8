import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
/* eslint-disable @typescript-eslint/no-require-imports -- cdktf's own helpers, as its toTerraform uses them */
import tokens = require("cdktf/lib/_tokens");
import util = require("cdktf/lib/util");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { Construct, IConstruct } from "constructs";
import { SingleResolveApp } from "./single-resolve-app";
import { holdsNoToken, isPlainObject, valuesKeptAsIs } from "./token-resolve";

/**
 * The Terraform version every stack needs: `moved` blocks (≥ 1.5), `removed` blocks (≥ 1.7) and the S3
 * backend's `use_lockfile` (≥ 1.10; README "Deploy"). Declared in each stack's `terraform` block, so
 * `terraform init` enforces it on the machine that deploys.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10";

/**
 * Base of every lakehouse stack: declares {@link REQUIRED_TERRAFORM_VERSION} and keeps synth independent
 * of a `terraform` binary. cdktf (0.21, `StackSynthesizer.synthesize`) adds a `ValidateTerraformVersion`
 * to any stack with a `moved` block, which runs `terraform version` through `execSync` at synth: on a
 * machine without terraform (CI, the README's first command) synth then fails with "Could not determine
 * version of terraform", and with it every stack pays a process spawn (~150 ms). `hasResourceMove()` is
 * read only for that validation (the `moved` blocks and their metadata are written by the resources), so
 * answering `false` leaves the output unchanged and moves the check to `required_version`.
 *
 * @example
 * class MyStack extends LakehouseStack {
 *   constructor(scope: Construct, id: string) {
 *     super(scope, id);
 *   }
 * }
 */
export abstract class LakehouseStack extends TerraformStack {
  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  }

  /** Always false: see the class comment (the version is enforced by `required_version` instead). */
  public override hasResourceMove(): boolean {
    return false;
  }

  /**
   * Under a {@link SingleResolveApp} only the backend is ensured: the cross-stack references cdktf's
   * prepare looks for are found by the one resolve in {@link toTerraform}.
   */
  public override prepareStack(): void {
    if (SingleResolveApp.resolvesOnce(this)) this.ensureBackendExists();
    else super.prepareStack();
  }

  /**
   * cdktf 0.21's `TerraformStack.toTerraform`, step for step, with two differences under a
   * {@link SingleResolveApp}: it resolves the elements in cdktf's "preparing" mode, so a reference to
   * another stack registers the output and remote-state read it needs and resolves to that read (what
   * cdktf's second walk writes); and it resolves until no element is new, since a remote-state read is
   * added while the elements are resolved. Metadata and the stack-level overrides resolve as cdktf's
   * write does (not preparing: a foreign reference there is not wired, as in cdktf). Elsewhere (a plain
   * `App`, `Testing`) it is cdktf's own.
   */
  public override toTerraform(): unknown {
    if (!SingleResolveApp.resolvesOnce(this)) return super.toTerraform();
    const resolve = <T>(value: T): T => tokens.resolve(this, value);
    // Each element's resolved fragment, and whether it is made only of objects and arrays the resolve built.
    const fragments = new Map<TerraformElement, { value: unknown; built: boolean }>();
    let elements = terraformElements(this);
    while (elements.some((e) => !fragments.has(e))) {
      for (const element of elements) {
        if (fragments.has(element)) continue;
        const kept = valuesKeptAsIs();
        const value = tokens.resolve(this, element.toTerraform(), true);
        fragments.set(element, { value, built: valuesKeptAsIs() === kept });
      }
      elements = terraformElements(this);
    }
    const { rawOverrides, cdktfVersion } = this as unknown as { rawOverrides: object; cdktfVersion: string };
    const tf: Record<string, unknown> = {};
    const metadata = {
      version: cdktfVersion,
      stackName: this.node.id,
      backend: "local", // overwritten by backend implementations if used
      cloud: undefined, // overwritten by cloud and remote backend implementations
      ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
    };
    for (const meta of elements.map((e) => resolve(e.toMetadata()))) util.deepMerge(metadata, meta);
    const outputs = elements.reduce<Record<string, unknown>>((carry, item) => {
      if (!TerraformOutput.isTerraformOutput(item)) return carry;
      const nested = item.node.path
        .split("/")
        .reduceRight<
          Record<string, unknown>
        >((inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {});
      util.deepMerge(carry, nested);
      return carry;
    }, {});
    tf["//"] = { metadata, outputs };
    for (const element of elements) {
      const { value, built } = fragments.get(element)!;
      // A fragment holding a Date (deepMerge copies it into `{}`), a post-processor's result or no object at
      // all (deepMerge throws): cdktf's merge.
      if (built && isPlainObject(value)) mergeOwned(tf, value);
      else util.deepMerge(tf, value);
    }
    util.deepMerge(tf, rawOverrides);
    // cdktf resolves the whole stack once more here. The fragments are resolved already (a resolved value
    // resolves to itself), so when the rest holds no token either that walk would only copy: skip it.
    if (holdsNoToken(tf["//"]) && holdsNoToken(rawOverrides)) return tf;
    return resolve(tf);
  }
}

/**
 * cdktf's `deepMerge(target, source)` for a `source` that only this merge uses afterwards: an element's
 * fragment, which the resolve has just built (plain objects and arrays only — `valuesKeptAsIs` tells —
 * no token, no undefined value).
 * deepMerge copies every object of the source into a new one; where `target` has nothing at a key the
 * source's object is taken as it is (what the copy would hold: same keys, order and values). Where both
 * hold an object it merges into the target's; any other case is deepMerge's own step for that key. A
 * later merge may then change the source's objects: the fragments are not used after this.
 */
function mergeOwned(target: Record<string, unknown>, source: Record<string, unknown>): void {
  const keys = Object.keys(source);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const value = source[key];
    const existing = target[key];
    if (isPlainObject(value) && existing === undefined && !(key in target)) target[key] = value;
    else if (isPlainObject(value) && isPlainObject(existing)) mergeOwned(existing, value);
    else util.deepMerge(target, { [key]: value });
  }
}

/** cdktf's `terraformElements` (terraform-stack.js): the stack's elements in tree order, not a nested stack's. */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child, into);
  }
  return into;
}
