/** Cross-cloud rules: protection of stateful resources, required tags. */
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";
import { block, blocks, isTrue } from "../../terraform-json/values";
import { failed, passed, skipped, type GuardrailRule } from "../types";

/** Keys a tag map lacks (absent, not a string, or empty). */
export function missingKeys(
  tags: Readonly<Record<string, unknown>> | undefined,
  required: readonly string[],
): string[] {
  return required.filter((key) => typeof tags?.[key] !== "string" || tags[key] === "");
}

export const PREVENT_DESTROY: GuardrailRule = {
  id: "LH-DATA-001",
  title: "Stateful resources are protected by prevent_destroy outside dev",
  severity: "error",
  stages: ["staging", "prod"],
  resourceTypes: [...STATEFUL_RESOURCE_TYPES].sort(),
  rationale:
    "Deleting or replacing a bucket, account, key, stream, workspace or catalog loses data (a deleted key makes its data unreadable); a plan that would do it must fail.",
  fix: "Keep PreventDestroyAspect on every stack whose stage is not dev (stacks add it when protectStatefulResources is true).",
  check(resource) {
    return isTrue(block(resource.attributes.lifecycle)?.prevent_destroy)
      ? passed()
      : failed("lifecycle.prevent_destroy is not true");
  },
};

export const REQUIRED_TAGS: GuardrailRule = {
  id: "LH-TAG-001",
  title: "Taggable AWS and Azure resources carry the required tags",
  severity: "error",
  resourceTypes: ["aws_*", "azurerm_*"],
  rationale:
    "Cost and ownership are attributable per project, environment, owner, cost center and layer only when every resource is tagged.",
  fix: "Keep RequiredTagsAspect on the stack (or set the tags on the resource / the AWS provider's default_tags).",
  check(resource, context) {
    if (!resource.taggable) return skipped("the resource type has no tags argument");
    const providerDefaults = resource.type.startsWith("aws_")
      ? context
          .providers("aws")
          .filter((p) => {
            const alias = p.alias;
            const wanted = resource.attributes.provider;
            return wanted === undefined ? alias === undefined : wanted === `aws.${String(alias)}`;
          })
          .flatMap((p) => blocks(p.default_tags))
          .map((d) => block(d.tags) ?? {})
      : [];
    const tags = Object.assign({}, ...providerDefaults, block(resource.attributes.tags) ?? {}) as Record<
      string,
      unknown
    >;
    const missing = missingKeys(tags, context.requiredTagKeys);
    return missing.length === 0 ? passed() : failed(`missing tags: ${missing.join(", ")}`);
  },
};

export const PLATFORM_RULES: readonly GuardrailRule[] = [PREVENT_DESTROY, REQUIRED_TAGS];
