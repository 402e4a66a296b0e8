/**
 * The tag vocabulary that makes each resource attributable: the required tag keys, the environment's
 * tag map and the per-resource `layer` tag. Free of cloud SDK imports so config and constructs share it.
 */
import type { MedallionLayer } from "./medallion";

/**
 * Value of the `layer` tag. Storage belongs to one medallion layer; resources shared by all layers
 * (keys, the storage account itself, access logs) are `platform`; stream ingestion is `ingest`.
 */
export type LayerTag = MedallionLayer | "platform" | "ingest";

/** Tag keys every taggable resource carries (see `RequiredTagsAspect`). */
export const TAG_KEYS = {
  project: "project",
  environment: "environment",
  owner: "owner",
  costCenter: "cost-center",
  layer: "layer",
  managedBy: "managed-by",
} as const;

/** Tags shared by every resource of one environment; the `layer` tag is set per resource. */
export interface EnvironmentTags {
  readonly project: string;
  readonly environment: string;
  readonly owner: string;
  readonly costCenter: string;
  /** Additional tags from config, merged under the required ones. */
  readonly extra?: Record<string, string>;
}

/** Flattens {@link EnvironmentTags} into the key/value map written on resources. */
export function environmentTagMap(tags: EnvironmentTags): Record<string, string> {
  return {
    ...(tags.extra ?? {}),
    [TAG_KEYS.project]: tags.project,
    [TAG_KEYS.environment]: tags.environment,
    [TAG_KEYS.owner]: tags.owner,
    [TAG_KEYS.costCenter]: tags.costCenter,
    [TAG_KEYS.managedBy]: "cdktf-lakehouse",
  };
}

/** The tag map for one resource of a given layer. */
export function layerTags(layer: LayerTag): Record<string, string> {
  return { [TAG_KEYS.layer]: layer };
}
