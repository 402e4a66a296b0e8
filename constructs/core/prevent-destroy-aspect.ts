import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";

/**
 * Sets `lifecycle.prevent_destroy` on every stateful resource of the scope, so a plan that would
 * delete or replace one fails instead of dropping data. Added to every stack but dev's.
 *
 * @example
 * // In a TerraformStack outside dev:
 * Aspects.of(this).add(new PreventDestroyAspect());
 */
export class PreventDestroyAspect implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof TerraformResource && STATEFUL_RESOURCE_TYPES.has(node.terraformResourceType)) {
      node.lifecycle = { ...node.lifecycle, preventDestroy: true };
    }
  }
}
