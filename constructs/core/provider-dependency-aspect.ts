import {
  dependable,
  type IAspect,
  type ITerraformDependable,
  TerraformResource,
  TerraformStack,
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
  /**
   * The `after` entries as tokens and what they render to, per stack, made once: every resource of
   * the provider gets the same ones (resolving them per resource was most of this aspect's cost).
   */
  private readonly addresses = new Map<TerraformStack, readonly { token: string; rendered: string }[]>();

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
    for (const address of this.addressesFor(node)) {
      if (seen.has(address.rendered)) continue;
      seen.add(address.rendered);
      dependsOn.push(address.token);
    }
    node.dependsOn = dependsOn;
  }

  private addressesFor(node: TerraformResource): readonly { token: string; rendered: string }[] {
    const stack = TerraformStack.of(node);
    let addresses = this.addresses.get(stack);
    if (!addresses) {
      addresses = this.after.map((resource) => {
        // dependable() renders a bare address, as depends_on requires (a raw fqn renders as "${…}").
        const token = dependable(resource);
        return { token, rendered: String(resolve(node, token)) };
      });
      this.addresses.set(stack, addresses);
    }
    return addresses;
  }
}
