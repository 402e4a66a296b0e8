/**
 * Loading a dataset spec: parse (zod shape and per-field rules), bind to a cloud (logical `stream`
 * sources become that cloud's stream kind), validate the rules that span fields (`./validate.ts`).
 */
import { ConfigValidationError, formatZodIssue } from "../../vocabulary/config-issues";
import { bindStreamSource } from "../sources/stream";
import { DATASET_SPEC_SCHEMA, type DatasetCloud, type DatasetSpec, type ParsedDatasetSpec } from "./schema";
import { formatDatasetPath, validateDatasets } from "./validate";

/** The spec for `cloud`: each logical `stream` source bound to that cloud's stream kind. */
export function bindDatasets(spec: ParsedDatasetSpec, cloud: DatasetCloud): DatasetSpec {
  return {
    ...spec,
    sources: spec.sources.map((source) =>
      source.type === "stream" ? bindStreamSource(source, cloud) : source,
    ),
  };
}

/** Parses a dataset spec (zod shape and per-field rules); throws {@link ConfigValidationError}. */
export function parseDatasets(input: unknown): ParsedDatasetSpec {
  const parsed = DATASET_SPEC_SCHEMA.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => formatZodIssue(issue, input, formatDatasetPath)),
    );
  }
  return parsed.data;
}

/**
 * Binds a parsed spec to `cloud` ({@link bindDatasets}) and validates it; throws
 * {@link ConfigValidationError} listing every problem.
 */
export function loadParsedDatasets(parsed: ParsedDatasetSpec, cloud: DatasetCloud): DatasetSpec {
  const spec = bindDatasets(parsed, cloud);
  const issues = validateDatasets(spec, cloud);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return spec;
}

/**
 * Parses a dataset spec, binds it to `cloud` ({@link bindDatasets}) and validates it; throws
 * {@link ConfigValidationError} listing every problem.
 */
export function loadDatasets(input: unknown, cloud: DatasetCloud): DatasetSpec {
  return loadParsedDatasets(parseDatasets(input), cloud);
}
