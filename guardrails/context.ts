/**
 * The stack around the resource a rule checks: the synthesized JSON read into the stack model, with the
 * construct facts the aspect recorded (path, whether the resource takes tags).
 */
import { readSynthesizedStack, type SynthesizedStackJson } from "../terraform-json/synthesized-stack";
import { StackIndex } from "../terraform-json/stack-index";
import type { TerraformElement } from "../terraform-json/model";
import type { GuardrailContext, Stage, TerraformElementView } from "./types";

/** What the engine knows about an element's construct (from the aspect's visit). */
export interface ElementInfo {
  readonly path?: string;
  readonly taggable?: boolean;
}

/** Options of {@link buildContext}. */
export interface ContextOptions {
  readonly stackName: string;
  readonly stage: Stage;
  readonly requiredTagKeys: readonly string[];
  readonly requiredComputeTagKeys: readonly string[];
  /** Construct facts by Terraform address. @default read from the `//` metadata */
  readonly elementInfo?: (address: string) => ElementInfo | undefined;
}

/** Every resource of the stack, and the context rules use to look around them. */
export function buildContext(
  json: SynthesizedStackJson,
  options: ContextOptions,
): { readonly resources: readonly TerraformElementView[]; readonly context: GuardrailContext } {
  const info = options.elementInfo ?? (() => undefined);
  const stack = readSynthesizedStack(json);
  const view = (element: TerraformElement): TerraformElementView => {
    const known = info(element.address);
    // Built field by field: one object shape for every view (a spread makes them slow to create).
    return {
      mode: element.mode,
      type: element.type,
      name: element.name,
      address: element.address,
      attributes: element.attributes,
      constructPath: known?.path ?? element.constructPath ?? element.address,
      taggable: known?.taggable ?? "tags" in element.attributes,
    };
  };
  const resources = stack.resources.map(view);
  const dataSources = stack.dataSources.map(view);
  const index = new StackIndex({ resources, dataSources });

  const context: GuardrailContext = {
    stackName: options.stackName,
    stage: options.stage,
    requiredTagKeys: options.requiredTagKeys,
    requiredComputeTagKeys: options.requiredComputeTagKeys,
    resources: (type) => index.resources(type),
    dataSources: (type) => index.dataSources(type),
    linked: (target, type, attribute, linkOptions) => index.linked(target, type, attribute, linkOptions),
    lookup: (expression) => index.lookup(expression),
    providers: (name) => stack.providers.filter((p) => p.name === name).map((p) => p.attributes),
  };
  return { resources, context };
}
