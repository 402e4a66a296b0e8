import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Aspects, type TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../config";
import { environmentTagMap } from "../vocabulary/tags";
import { LakehouseGuardrails } from "../constructs/core/lakehouse-guardrails";
import { PreventDestroyAspect } from "../constructs/core/prevent-destroy-aspect";
import { RequiredTagsAspect } from "../constructs/core/required-tags-aspect";
import { configureBackend } from "./backend";

/**
 * What every stack of an environment has, whatever its cloud and deploy layer: its state backend, the
 * `time` provider (the propagation delays after identity changes), required tags, prevent_destroy
 * outside dev, and the guardrails for its stage. Returns the guardrails.
 */
export function addEnvironmentBaseline(
  stack: TerraformStack,
  env: ResolvedEnvironment,
  layer?: "workspace",
): LakehouseGuardrails {
  new TimeProvider(stack, "Time");
  configureBackend(stack, env.backend, { region: env.region, layer });
  Aspects.of(stack).add(new RequiredTagsAspect({ tags: environmentTagMap(env.tags) }));
  if (env.protectStatefulResources) Aspects.of(stack).add(new PreventDestroyAspect());
  return new LakehouseGuardrails(stack, "Guardrails", {
    stage: env.stage,
    suppressions: env.guardrails.suppressions,
  });
}
