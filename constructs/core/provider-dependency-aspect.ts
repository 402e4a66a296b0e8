import {
  dependable,
  type IAspect,
  type ITerraformDependable,
  TerraformResource,
  type TerraformProvider,
} from "cdktf";
// Not re-exported from the package root: resolves tokens as synth does.
import { resolve } from "cdktf/lib/_tokens";
import type { IConstruct } from "constructs";

/**
 * Makes every resource managed through one provider wait for some other resources of the same stack.
 * Used where a provider's calls only succeed once other resources exist (a Databricks workspace
 * reached through private endpoints; workspace ACLs after the account assignments have propagated),
 * which Terraform cannot express on the provider itself.
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
    // Entries are tokens: compare what they render to, so a dependency the resource already names
    // (e.g. through its construct's props) is not listed twice.
    const rendered = (entry: string): string => String(resolve(node, entry));
    const dependsOn = [...(node.dependsOn ?? [])];
    const seen = new Set(dependsOn.map(rendered));
    for (const resource of this.after) {
      // dependable() renders a bare address, as depends_on requires (a raw fqn renders as "${…}").
      const address = dependable(resource);
      if (seen.has(rendered(address))) continue;
      seen.add(rendered(address));
      dependsOn.push(address);
    }
    node.dependsOn = dependsOn;
  }
}
