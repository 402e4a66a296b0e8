import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { TAG_KEYS } from "../../vocabulary/tags";

/** Props of {@link RequiredTagsAspect}. */
export interface RequiredTagsAspectProps {
  /** Tags every taggable resource must carry (project, environment, owner, cost-center, …). */
  readonly tags: Record<string, string>;
  /**
   * `layer` tag for resources that do not set one themselves.
   * @default "platform"
   */
  readonly defaultLayer?: string;
}

/** A generated resource class with a `tags` map argument (the AWS and Azure providers' taggable ones). */
interface Taggable {
  tags: Record<string, string> | undefined;
  readonly tagsInput: Record<string, string> | undefined;
}

/** Provider prefixes whose `tags` argument is a string map. Databricks resources carry cost tags in
 * `custom_tags` (clusters, warehouses, workspaces), which their constructs set. */
const MAP_TAGGED_PROVIDERS = /^(aws|azurerm)_/;

function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  return (
    node instanceof TerraformResource &&
    MAP_TAGGED_PROVIDERS.test(node.terraformResourceType) &&
    "tagsInput" in node
  );
}

/**
 * Writes the required tags on every taggable resource of the scope it is added to, so cost and
 * ownership are attributable per environment and layer without each construct repeating them.
 * Required keys win over a resource's own values; a resource's own `layer` tag is kept.
 *
 * @example
 * // In a TerraformStack:
 * Aspects.of(this).add(
 *   new RequiredTagsAspect({
 *     tags: {
 *       project: "fraud-lakehouse",
 *       environment: "prod",
 *       owner: "data-platform",
 *       "cost-center": "cc-1234",
 *       "managed-by": "cdktf",
 *     },
 *   }),
 * );
 */
export class RequiredTagsAspect implements IAspect {
  private readonly tags: Record<string, string>;
  private readonly defaultLayer: string;

  constructor(props: RequiredTagsAspectProps) {
    this.tags = props.tags;
    this.defaultLayer = props.defaultLayer ?? "platform";
  }

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = { [TAG_KEYS.layer]: this.defaultLayer, ...(node.tagsInput ?? {}), ...this.tags };
  }
}
