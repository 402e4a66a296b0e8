/** The `storage` section: the lake's storage per cloud (ADLS Gen2 account, or S3 buckets), tiering and retention. */
import { z } from "zod";
import { MEDALLION_LAYERS } from "../../vocabulary/medallion";
import { wholeNumber } from "../../vocabulary/config-issues";

const tiering = z
  .object({
    coolAfterDays: wholeNumber(1, 36500, "days").optional(),
    coldAfterDays: wholeNumber(1, 36500, "days").optional(),
    archiveAfterDays: wholeNumber(1, 36500, "days").optional(),
    expireAfterDays: wholeNumber(1, 36500, "days").optional(),
  })
  .strict();

const layer = z.enum(MEDALLION_LAYERS);

const tieringByLayer = z
  .object(Object.fromEntries(MEDALLION_LAYERS.map((l) => [l, tiering.optional()])))
  .strict() as z.ZodType<Partial<Record<(typeof MEDALLION_LAYERS)[number], z.infer<typeof tiering>>>>;

export const azureStorage = z
  .object({
    /** @default `<prefix><env>lake` */
    accountName: z.string().optional(),
    replication: z.enum(["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"]),
    /** Blob and container soft delete, in days. */
    softDeleteDays: wholeNumber(1, 365, "days"),
    tiering: tieringByLayer.default({}),
    /** Encrypt with a key in a dedicated Key Vault instead of a Microsoft-managed key. @default true in prod */
    customerManagedKey: z.boolean().optional(),
    /** @default `<prefix>-<env>-kv` */
    keyVaultName: z.string().optional(),
    /**
     * Time-based retention (WORM) on containers that hold raw files. Only `landing` is accepted on
     * Azure: Delta commits on ADLS write a temp file and rename it, and overwrite `_last_checkpoint`,
     * both of which a container retention policy blocks (see validate.ts). @default none
     */
    immutability: z
      .object({
        /** @default ["landing"] */
        layers: z.array(layer).min(1).default(["landing"]),
        days: wholeNumber(1, 146000, "days"),
        /**
         * Lock the policy. IRREVERSIBLE: once applied, the policy can never be unlocked, shortened or
         * removed, and neither the container nor the storage account can be deleted until every blob's
         * retention has run out. Unlocked policies can be deleted by anyone with the right role, so
         * they are for trying the setup out; lock in production. @default false
         */
        locked: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /**
     * Keep the public endpoint (behind the default-deny firewall). `false` (production) creates blob
     * and dfs private endpoints in `network.subnets.privateEndpoints` (with their private DNS zones
     * linked to the VNet) for classic clusters, and serverless private endpoint rules on the
     * environment's NCC, whose connections must be approved on the account after the first deploy
     * (README runbook).
     * @default true
     */
    publicNetworkAccess: z.boolean().default(true),
    /**
     * Keep the Key Vault's public endpoint behind its default-deny firewall, which admits
     * `network.allowedPublicIpRanges` (list the runner's stable egress there). The vault also gets a
     * private endpoint whenever `network.subnets.privateEndpoints` exists. `false` leaves only that
     * endpoint: every later run must come from the VNet or a peered network resolving
     * `privatelink.vaultcore.azure.net` (turn it off once such a runner exists; the first deploy
     * creates the VNet). @default true
     */
    keyVaultPublicNetworkAccess: z.boolean().default(true),
  })
  .strict();

export const awsStorage = z
  .object({
    /** Bucket names are `<bucketPrefix>-<layer>-<account id>-<region>`. @default `<prefix>-<env>` */
    bucketPrefix: z.string().optional(),
    /** How long overwritten or deleted object versions are kept in the landing (raw files) bucket. */
    noncurrentVersionDays: wholeNumber(1, 3650, "days"),
    /**
     * Noncurrent versions in the Delta buckets (bronze, silver, gold, checkpoints). Delta keeps its
     * own history; many S3 versions slow down listing (Databricks KB: ≤ 7 days and ≤ 3 versions), so
     * both are capped there. An object's newest `newerVersions` noncurrent versions stay; older ones
     * expire `days` after becoming noncurrent.
     * @default { days: 7, newerVersions: 3 }
     */
    deltaNoncurrentVersions: z
      .object({
        days: wholeNumber(1, 7, "days"),
        newerVersions: wholeNumber(1, 3, "versions"),
      })
      .strict()
      .default({ days: 7, newerVersions: 3 }),
    /** How long S3 server access logs are kept. */
    accessLogRetentionDays: wholeNumber(1, 3650, "days"),
    tiering: tieringByLayer.default({}),
    /**
     * S3 Object Lock default retention on the raw-data buckets. `landing` is the natural choice. Bronze is
     * allowed (Delta on S3 never renames, so writes keep working) but every version of every rewritten
     * Delta file (OPTIMIZE, VACUUM, checkpoints) is then kept for the whole retention period.
     * Object Lock can only be enabled when a bucket is created. @default none
     */
    objectLock: z
      .object({
        /** @default ["landing"] */
        layers: z.array(layer).min(1).default(["landing"]),
        days: wholeNumber(1, 36500, "days"),
        /** COMPLIANCE cannot be bypassed even by root; GOVERNANCE can with a special permission. @default "GOVERNANCE" */
        mode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
      })
      .strict()
      .optional(),
    /** Waiting period before a scheduled KMS key deletion. @default 30 */
    kmsDeletionWindowDays: wholeNumber(7, 30, "days").default(30),
  })
  .strict();
