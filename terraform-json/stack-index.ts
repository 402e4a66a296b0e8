/**
 * Lookups inside one stack: elements by address and type, what a reference points to, and which
 * resources configure another (`aws_s3_bucket_versioning.bucket` → the bucket).
 */
import type { TerraformElement } from "./model";
import { parseReferences, plainReference, type Reference } from "./references";
import { isInterpolated } from "./values";

/** Options of {@link StackIndex.linked}. */
export interface LinkOptions {
  /**
   * Attributes of the target whose literal value identifies it (`bucket`, `id`): a candidate whose
   * attribute holds that value is linked too (plans hold values, not references).
   * @default none
   */
  readonly identifying?: readonly string[];
  /**
   * When nothing refers to the target and it is the only one of its type, link the candidates that refer
   * to nothing in the stack (a plan shows a reference to a value unknown until apply as no value).
   * @default false
   */
  readonly soleTarget?: boolean;
}

/** An index over a stack's elements (or over richer views of them, `E`). */
export class StackIndex<E extends TerraformElement = TerraformElement> {
  private readonly byAddress = new Map<string, E>();
  private readonly resourcesByType = new Map<string, E[]>();
  private readonly dataByType = new Map<string, E[]>();
  /** Parsed references by attribute value: rules ask about the same values again and again. */
  private readonly parsed = new Map<string, readonly Reference[]>();

  constructor(stack: { readonly resources: readonly E[]; readonly dataSources: readonly E[] }) {
    for (const [elements, byType] of [
      [stack.resources, this.resourcesByType],
      [stack.dataSources, this.dataByType],
    ] as const) {
      for (const element of elements) {
        this.byAddress.set(element.address, element);
        const list = byType.get(element.type);
        if (list) list.push(element);
        else byType.set(element.type, [element]);
      }
    }
  }

  /** The resource or data source at an address. */
  get(address: string): E | undefined {
    return this.byAddress.get(address);
  }

  /** All resources of a type. */
  resources(type: string): readonly E[] {
    return this.resourcesByType.get(type) ?? [];
  }

  /** All data sources of a type. */
  dataSources(type: string): readonly E[] {
    return this.dataByType.get(type) ?? [];
  }

  private references(value: unknown): readonly Reference[] {
    if (typeof value !== "string") return [];
    let refs = this.parsed.get(value);
    if (!refs) {
      refs = parseReferences(value);
      this.parsed.set(value, refs);
    }
    return refs;
  }

  /** The resource or data source an expression refers to first, if it is in the stack. */
  lookup(expression: unknown): E | undefined {
    const first = this.references(expression).find((r) => r.kind === "resource" || r.kind === "data");
    return first && this.byAddress.get(first.address);
  }

  /**
   * A value known at synth time: the value itself, or, for a plain `${type.name.attr}` reference, the
   * referenced attribute's value (undefined when that is not known at synth time either).
   */
  literal(value: unknown): unknown {
    const ref = plainReference(value);
    if (!ref) return value;
    if (ref.kind !== "resource" && ref.kind !== "data") return undefined;
    const [attribute, ...deeper] = ref.attribute;
    if (attribute === undefined || deeper.length > 0) return undefined;
    const target = this.byAddress.get(ref.address)?.attributes[attribute];
    return isInterpolated(target) ? undefined : target;
  }

  /**
   * Resources of `type` whose `attribute` points to `target`: a reference to it (`${aws_s3_bucket.X.id}`),
   * or a literal equal to one of its identifying values.
   */
  linked(target: TerraformElement, type: string, attribute: string, options: LinkOptions = {}): E[] {
    const candidates = this.resources(type);
    const ids: readonly unknown[] = (options.identifying ?? [])
      .map((key) => target.attributes[key])
      .filter((v) => typeof v === "string" && !isInterpolated(v));
    const linked = candidates.filter((candidate) => {
      const value = candidate.attributes[attribute];
      return (
        this.references(value).some((r) => r.address === target.address) ||
        (ids.length > 0 && ids.includes(value))
      );
    });
    if (linked.length > 0 || !options.soleTarget) return linked;
    if (this.resources(target.type).length !== 1) return [];
    return candidates.filter(
      (candidate) =>
        !this.references(candidate.attributes[attribute]).some((r) => this.byAddress.has(r.address)),
    );
  }
}
