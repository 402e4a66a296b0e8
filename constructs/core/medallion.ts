/**
 * Vocabulary shared by every construct: the storage layers of the medallion lakehouse and the tag keys
 * that make each resource attributable. Kept free of cloud SDK imports so config and constructs can
 * both depend on it.
 */

/** Storage layers, in the order data flows through them. `checkpoints` holds streaming state. */
export const MEDALLION_LAYERS = ["landing", "bronze", "silver", "gold", "checkpoints"] as const;
export type MedallionLayer = (typeof MEDALLION_LAYERS)[number];

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

/**
 * When objects of one layer move to cheaper storage classes, in days since creation. Each step is
 * optional; the steps that are set must be in increasing order.
 * - cool: Azure Cool / S3 Standard-IA (online, higher read price)
 * - cold: Azure Cold / S3 Glacier Instant Retrieval (online, millisecond reads)
 * - archive: Azure Archive / S3 Glacier Flexible Retrieval (offline: reads need rehydration)
 * - expire: delete
 */
export interface LayerTiering {
  readonly coolAfterDays?: number;
  readonly coldAfterDays?: number;
  readonly archiveAfterDays?: number;
  readonly expireAfterDays?: number;
}

/** Tiering for each layer that has any; layers not listed stay in the hot/standard class. */
export type MedallionTiering = Partial<Record<MedallionLayer, LayerTiering>>;
