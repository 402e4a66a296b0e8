/**
 * The typed description of a lakehouse: one project, many environments, each on one cloud.
 *
 * Zod checks shape and per-field rules here; rules that span fields or need derived names (CIDR
 * overlaps, tiering order, name lengths after defaults) live in `validate/`. Both report
 * `<path>: '<value>' <rule>` so a user can fix config without reading code.
 *
 * The sections live by concern in `schema/` (project, network, storage, streaming, databricks,
 * pipelines, budget, backend, environment, metastore); this file assembles them and names the types.
 */
import { z } from "zod";
import { AWS_ENVIRONMENT_SCHEMA, AZURE_ENVIRONMENT_SCHEMA } from "./schema/environment";
import { METASTORE_SCHEMA } from "./schema/metastore";
import { PROJECT_SCHEMA } from "./schema/project";

export { GRANT_SCHEMAS, GRANT_TARGET_FORMS, PRIVILEGES_BY_SECURABLE } from "./schema/databricks";
export type { GrantTarget } from "./schema/databricks";
export { AWS_ENVIRONMENT_SCHEMA, AZURE_ENVIRONMENT_SCHEMA, METASTORE_SCHEMA, PROJECT_SCHEMA };

export const LAKEHOUSE_CONFIG_SCHEMA = z
  .object({
    /**
     * Path or URL of the JSON Schema (`schema/lakehouse.schema.json`) for editors that complete and
     * check the file; ignored by the loader.
     * @default none
     */
    $schema: z.string().optional(),
    project: PROJECT_SCHEMA,
    /**
     * Unity Catalog metastores to create, one per (cloud, region), each in a stack of its own
     * (`<cloud>-<region>-metastore`, always protected from destroy) that the environments of that
     * region reference, so it deploys first. Leave empty when the account already has one per region
     * (automatic Unity Catalog enablement): environments then look theirs up.
     * @default []
     */
    metastores: z.array(METASTORE_SCHEMA).default([]),
    /**
     * The dataset spec (sources, tables, features, maintenance), one for every cloud: a `stream` source
     * names a `streaming.sources` entry and is read from Event Hubs on Azure and Kinesis on AWS.
     * Validated by `pipelines/spec/` for each cloud that deploys pipelines (`config/datasets.ts`; the
     * deprecated per-cloud shape `{ azure, aws }` is still read). Environments with `pipelines` deploy it.
     * @default none
     */
    datasets: z.unknown().optional(),
    environments: z
      .array(z.discriminatedUnion("cloud", [AZURE_ENVIRONMENT_SCHEMA, AWS_ENVIRONMENT_SCHEMA]))
      .min(1, "must list at least one environment"),
  })
  .strict();

/** What a user writes (defaults may be omitted). */
export type LakehouseConfigInput = z.input<typeof LAKEHOUSE_CONFIG_SCHEMA>;
/** Parsed config with schema defaults applied. */
export type ParsedLakehouseConfig = z.output<typeof LAKEHOUSE_CONFIG_SCHEMA>;
export type ParsedAzureEnvironment = z.output<typeof AZURE_ENVIRONMENT_SCHEMA>;
export type ParsedAwsEnvironment = z.output<typeof AWS_ENVIRONMENT_SCHEMA>;
export type ParsedEnvironment = ParsedAzureEnvironment | ParsedAwsEnvironment;
export type ProjectConfig = z.output<typeof PROJECT_SCHEMA>;
export type ParsedMetastore = z.output<typeof METASTORE_SCHEMA>;
