/** The top-level `metastores`: Unity Catalog metastores the config creates. */
import { z } from "zod";
import { matching } from "../../vocabulary/config-issues";
import { azurermBackend, localBackend, s3Backend } from "./backend";

/** A Unity Catalog metastore the config creates: one per cloud and region, in a stack of its own. */
const metastoreCommon = {
  region: z.string(),
  /** @default `<prefix>-<region>` */
  name: matching(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,254}$/,
    "must be a metastore name of letters, digits, spaces, _ . -",
  ).optional(),
};

export const METASTORE_SCHEMA = z.discriminatedUnion("cloud", [
  z
    .object({
      cloud: z.literal("azure"),
      ...metastoreCommon,
      backend: z.discriminatedUnion("type", [localBackend, azurermBackend]).default({ type: "local" }),
    })
    .strict(),
  z
    .object({
      cloud: z.literal("aws"),
      ...metastoreCommon,
      backend: z.discriminatedUnion("type", [localBackend, s3Backend]).default({ type: "local" }),
    })
    .strict(),
]);
