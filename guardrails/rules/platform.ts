/** Cross-cloud rules: protection of stateful resources, required tags. */
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";
import { block, blocks, isTrue } from "../../terraform-json/values";
import { failed, passed, skipped, type GuardrailRule } from "../types";
import { guardrailRule } from "./catalog";

/** Keys a tag map lacks (absent, not a string, or empty). */
export function missingKeys(
  tags: Readonly<Record<string, unknown>> | undefined,
  required: readonly string[],
): string[] {
  return required.filter((key) => typeof tags?.[key] !== "string" || tags[key] === "");
}

export const PREVENT_DESTROY = guardrailRule(
  "LH-DATA-001",
  [...STATEFUL_RESOURCE_TYPES].sort(),
  (resource) =>
    isTrue(block(resource.attributes.lifecycle)?.prevent_destroy)
      ? passed()
      : failed("lifecycle.prevent_destroy is not true"),
);

export const REQUIRED_TAGS = guardrailRule("LH-TAG-001", ["aws_*", "azurerm_*"], (resource, context) => {
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
});

export const PLATFORM_RULES: readonly GuardrailRule[] = [PREVENT_DESTROY, REQUIRED_TAGS];
