/** The storage layers of the medallion lakehouse and how each layer's objects are tiered over time. */

/** Storage layers, in the order data flows through them. `checkpoints` holds streaming state. */
export const MEDALLION_LAYERS = ["landing", "bronze", "silver", "gold", "checkpoints"] as const;
export type MedallionLayer = (typeof MEDALLION_LAYERS)[number];

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
