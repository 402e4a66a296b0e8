/**
 * Names the dataset spec accepts: Unity Catalog identifiers for tables and columns, stream source names
 * as the environment config spells them, Databricks secret scope and key names.
 */
import { matching } from "../../vocabulary/config-issues";

/** Unity Catalog table and column names the generator accepts (lowercase, no quoting surprises). */
export const DATASET_IDENTIFIER = /^[a-z_][a-z0-9_]{0,254}$/;
const IDENTIFIER_RULE =
  "must be a lowercase identifier: letters a-z, digits and underscores, starting with a letter or underscore, at most 255 characters (^[a-z_][a-z0-9_]{0,254}$)";

/** A table, column, source, expectation or feature name. */
export const identifier = matching(DATASET_IDENTIFIER, IDENTIFIER_RULE);

/** Stream names as the environment config spells them (event hub / Kinesis source names). */
export const streamSourceName = matching(
  /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/,
  "must be a stream source name of the environment config: 2–50 lowercase letters, digits or hyphens",
);

/** A Databricks secret scope or key name. */
export const secretName = matching(
  /^[A-Za-z0-9._-]{1,128}$/,
  "must be a secret scope or key name: 1–128 letters, digits, '.', '_' or '-'",
);
