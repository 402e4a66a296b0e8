/**
 * Storage: lifecycle tiering, and the immutable layers (ADLS immutability, S3 Object Lock) that
 * lifecycle rules and Delta must not fight.
 */
import { MEDALLION_LAYERS, type LayerTiering, type MedallionTiering } from "../../vocabulary/medallion";
import type { ResolvedAwsEnvironment, ResolvedAzureEnvironment } from "../resolve";
import type { Report } from "./report";

/** Replication kinds whose accounts cannot hold blobs in the Archive tier. */
const NO_ARCHIVE_REPLICATION = new Set(["ZRS", "GZRS", "RAGZRS"]);

/**
 * Tiering rules that hold on both clouds:
 * - steps in increasing order (cool < cold < archive < expire);
 * - archive and expire only on `landing`: bronze, silver, gold and checkpoints hold Delta tables and
 *   stream state, whose every referenced file must stay online and present (VACUUM, not lifecycle,
 *   removes unreferenced files).
 */
function checkTiering(
  tiering: MedallionTiering,
  report: Report,
  extra?: (layer: string, t: LayerTiering) => void,
): void {
  for (const layer of MEDALLION_LAYERS) {
    const t = tiering[layer];
    if (!t) continue;
    const steps = (["coolAfterDays", "coldAfterDays", "archiveAfterDays", "expireAfterDays"] as const).filter(
      (k) => t[k] !== undefined,
    );
    // Compare each step with the latest step before it, so every out-of-order step is reported.
    let latest: (typeof steps)[number] | undefined;
    for (const step of steps) {
      if (latest !== undefined && t[step]! <= t[latest]!) {
        report(
          `storage.tiering.${layer}.${step}`,
          `${t[step]} must be greater than ${latest} (${t[latest]}); tiering steps go cool < cold < archive < expire`,
        );
      }
      if (latest === undefined || t[step]! > t[latest]!) latest = step;
    }
    if (layer !== "landing") {
      for (const k of ["archiveAfterDays", "expireAfterDays"] as const) {
        if (t[k] !== undefined) {
          report(
            `storage.tiering.${layer}.${k}`,
            `${t[k]} is not allowed on ${layer}: it holds Delta tables or stream state whose files must stay online; only landing may be archived or expired (VACUUM removes unreferenced files)`,
          );
        }
      }
    }
    extra?.(layer, t);
  }
}

/**
 * A lifecycle expiry shorter than the retention of an immutable layer would be refused by the store
 * every day until retention ends: say so now instead.
 */
function checkExpiryOutlivesRetention(
  tiering: MedallionTiering,
  retention: { layers: readonly string[]; days: number } | undefined,
  field: string,
  report: Report,
): void {
  for (const layer of new Set(retention?.layers ?? [])) {
    const expire = tiering[layer as keyof MedallionTiering]?.expireAfterDays;
    if (retention && expire !== undefined && expire < retention.days) {
      report(
        `storage.tiering.${layer}.expireAfterDays`,
        `${expire} is shorter than the ${retention.days}-day ${field} retention on ${layer}; objects cannot be deleted before retention ends`,
      );
    }
  }
}

export function checkAzureStorage(env: ResolvedAzureEnvironment, report: Report): void {
  const storage = env.storage;
  checkTiering(storage.tiering, report, (layer, t) => {
    if (t.archiveAfterDays !== undefined && NO_ARCHIVE_REPLICATION.has(storage.replication)) {
      report(
        `storage.tiering.${layer}.archiveAfterDays`,
        `${t.archiveAfterDays} needs the Archive tier, which ${storage.replication} accounts do not support; use LRS, GRS or RAGRS, or drop the archive step`,
      );
    }
  });

  checkExpiryOutlivesRetention(storage.tiering, storage.immutability, "immutability", report);
  storage.immutability?.layers.forEach((layer, i) => {
    if (layer !== "landing") {
      report(
        `storage.immutability.layers[${i}]`,
        `'${layer}' cannot be immutable on ADLS: Delta commits write a temp file and rename it and overwrite _last_checkpoint, which a container retention policy blocks; keep raw files immutable in landing`,
      );
    }
  });
}

export function checkAwsStorage(env: ResolvedAwsEnvironment, report: Report): void {
  checkTiering(env.storage.tiering, report, (layer, t) => {
    // S3 lifecycle: an object must spend 30 days in STANDARD before Standard-IA, and 30 days in
    // Standard-IA before any later transition.
    if (t.coolAfterDays !== undefined && t.coolAfterDays < 30) {
      report(
        `storage.tiering.${layer}.coolAfterDays`,
        `${t.coolAfterDays} is under 30: S3 moves objects to Standard-IA no earlier than 30 days after creation`,
      );
    }
    if (t.coolAfterDays !== undefined) {
      for (const k of ["coldAfterDays", "archiveAfterDays"] as const) {
        const days = t[k];
        if (days !== undefined && days < t.coolAfterDays + 30) {
          report(
            `storage.tiering.${layer}.${k}`,
            `${days} must be at least coolAfterDays + 30 (${t.coolAfterDays + 30}): S3 keeps objects 30 days in Standard-IA before the next transition`,
          );
        }
      }
    }
  });
  checkExpiryOutlivesRetention(env.storage.tiering, env.storage.objectLock, "Object Lock", report);
  env.storage.objectLock?.layers.forEach((layer, i) => {
    if (layer !== "landing" && layer !== "bronze") {
      report(
        `storage.objectLock.layers[${i}]`,
        `'${layer}' cannot take Object Lock: only raw data (landing, bronze) is kept immutable; curated layers and stream checkpoints are rewritten by design`,
      );
    }
  });
}
