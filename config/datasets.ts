/**
 * The config's `datasets`: one dataset spec for every cloud (logical `stream` sources are bound to
 * Event Hubs on Azure and Kinesis on AWS when it is loaded per cloud), or, deprecated, one spec per
 * cloud under `datasets.azure` / `datasets.aws`.
 */
import { ConfigValidationError } from "../vocabulary/config-issues";
import {
  loadParsedDatasets,
  parseDatasets,
  type DatasetCloud,
  type DatasetSpec,
  type ParsedDatasetSpec,
} from "../pipelines";

const CLOUDS: readonly DatasetCloud[] = ["azure", "aws"];

/**
 * The deprecated shape: an object whose only keys are clouds. Still read, so configs written for it
 * keep working; new configs write one spec (the JSON Schema and README describe only that).
 */
export function isPerCloudDatasets(datasets: unknown): datasets is Partial<Record<DatasetCloud, unknown>> {
  if (datasets === null || typeof datasets !== "object" || Array.isArray(datasets)) return false;
  const keys = Object.keys(datasets);
  return keys.length > 0 && keys.every((key) => (CLOUDS as readonly string[]).includes(key));
}

/** Where a cloud's spec lives in the config, as issues name it: `datasets` or `datasets.<cloud>`. */
export function datasetsPath(datasets: unknown, cloud: DatasetCloud): string {
  return isPerCloudDatasets(datasets) ? `datasets.${cloud}` : "datasets";
}

/**
 * Loads the spec for each cloud that deploys pipelines (every cloud of the config when none does, so
 * the spec is still checked). Issues from both clouds are merged and listed once.
 */
export function loadConfigDatasets(
  datasets: unknown,
  environments: readonly { readonly cloud: DatasetCloud; readonly pipelines?: unknown }[],
): { specs: Partial<Record<DatasetCloud, DatasetSpec>>; issues: string[]; invalid: Set<DatasetCloud> } {
  const specs: Partial<Record<DatasetCloud, DatasetSpec>> = {};
  const issues = new Set<string>();
  const invalid = new Set<DatasetCloud>();
  if (datasets === undefined) return { specs, issues: [], invalid };
  const perCloud = isPerCloudDatasets(datasets);
  const deploying = new Set(environments.filter((env) => env.pipelines).map((env) => env.cloud));
  const clouds = deploying.size > 0 ? deploying : new Set(environments.map((env) => env.cloud));
  // One spec read for both clouds is parsed once (zod is most of loading a large spec); each cloud
  // binds its own copy, as when each parsed it.
  const parsedSpecs = new Map<unknown, ParsedDatasetSpec>();
  const parsedCopyOf = (spec: unknown): ParsedDatasetSpec => {
    const parsed = parsedSpecs.get(spec);
    if (parsed !== undefined) return structuredClone(parsed);
    const fresh = parseDatasets(spec);
    parsedSpecs.set(spec, fresh);
    return fresh;
  };
  for (const cloud of CLOUDS) {
    const spec = perCloud ? datasets[cloud] : clouds.has(cloud) ? datasets : undefined;
    if (spec === undefined) continue;
    try {
      specs[cloud] = loadParsedDatasets(parsedCopyOf(spec), cloud);
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      invalid.add(cloud);
      // The spec reports paths from its own root (`datasets.tables…`); say which cloud's spec.
      for (const issue of error.issues)
        issues.add(perCloud ? issue.replace(/^datasets/, `datasets.${cloud}`) : issue);
    }
  }
  return { specs, issues: [...issues], invalid };
}
