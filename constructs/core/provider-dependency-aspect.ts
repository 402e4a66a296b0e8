import {
  dependable,
  type IAspect,
  type ITerraformDependable,
  TerraformResource,
  type TerraformProvider,
} from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Makes every resource managed through one provider wait for some other resources. Used where a
 * provider's endpoint only becomes reachable once other resources exist (a Databricks workspace reached
 * through private endpoints), which Terraform cannot express on the provider itself.
 *
 * @example
 * // `workspaceProvider` reaches a workspace through private endpoints, `workspace` is the
 * // AzureDatabricksWorkspace: every workspace-level resource waits for its endpoints and DNS.
 * Aspects.of(this).add(new ProviderDependencyAspect(workspaceProvider, workspace.apiReady));
 */
export class ProviderDependencyAspect implements IAspect {
  constructor(
    private readonly provider: TerraformProvider,
    private readonly after: readonly ITerraformDependable[],
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.provider !== this.provider) return;
    // dependable() renders a bare address, as depends_on requires (a raw fqn renders as "${…}").
    const addresses = this.after.map((resource) => dependable(resource));
    node.dependsOn = [...new Set([...(node.dependsOn ?? []), ...addresses])];
  }
}
