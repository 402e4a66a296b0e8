/**
 * Names: those global per cloud must differ between environments; regions, storage accounts, Key Vaults
 * and bucket prefixes must follow their cloud's naming rules.
 */
import type { ResolvedAwsEnvironment, ResolvedAzureEnvironment, ResolvedEnvironment } from "../resolve";
import { AWS_REGIONS, AZURE_REGIONS } from "../regions";
import type { Report } from "./report";

const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
// Key Vault: 3–24 alphanumerics and hyphens, starts with a letter, ends with a letter or digit, no "--".
const KEY_VAULT_NAME = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
// S3 bucket label without dots (dots break TLS for virtual-hosted requests): lowercase, digits, hyphens.
const BUCKET_PREFIX = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*--)[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Longest suffix appended to a bucket prefix: `-checkpoints-<12-digit account>-<region>`. */
const LONGEST_BUCKET_SUFFIX = "-checkpoints-123456789012-".length;

/**
 * Names that are global per cloud (storage accounts, Key Vaults, Event Hubs namespaces, bucket
 * prefixes) must differ between environments, or the second deploy fails or, worse, shares data.
 */
export function checkGlobalNames(env: ResolvedEnvironment, taken: Map<string, string>, report: Report): void {
  const names: [string, string | undefined][] =
    env.cloud === "azure"
      ? [
          ["storage.accountName", env.storage.accountName],
          ["storage.keyVaultName", env.storage.customerManagedKey ? env.storage.keyVaultName : undefined],
          ["streaming.namespaceName", env.streaming.namespaceName],
        ]
      : [["storage.bucketPrefix", env.storage.bucketPrefix]];
  for (const [field, name] of names) {
    if (name === undefined) continue;
    const key = `${env.cloud}:${field}:${name.toLowerCase()}`;
    const owner = taken.get(key);
    if (owner !== undefined) {
      report(
        field,
        `'${name}' is already used by environments.${owner}; these names are global and must differ per environment`,
      );
    } else {
      taken.set(key, env.id);
    }
  }
}

/** The Azure region, storage account and Key Vault names. */
export function checkAzureNames(env: ResolvedAzureEnvironment, report: Report): void {
  if (!(AZURE_REGIONS as readonly string[]).includes(env.region)) {
    report(
      "region",
      `'${env.region}' is not an Azure region with Azure Databricks (e.g. eastus, westeurope)`,
    );
  }
  const storage = env.storage;
  if (!STORAGE_ACCOUNT_NAME.test(storage.accountName)) {
    report(
      "storage.accountName",
      `'${storage.accountName}' must be 3–24 lowercase letters or digits (globally unique)`,
    );
  }
  if (storage.customerManagedKey && !KEY_VAULT_NAME.test(storage.keyVaultName)) {
    report(
      "storage.keyVaultName",
      `'${storage.keyVaultName}' must be 3–24 letters, digits or hyphens, start with a letter, end with a letter or digit, and have no '--'`,
    );
  }
}

/** The AWS region and the bucket prefix (every bucket name must stay within S3's 63 characters). */
export function checkAwsNames(env: ResolvedAwsEnvironment, report: Report): void {
  if (!(AWS_REGIONS as readonly string[]).includes(env.region)) {
    report("region", `'${env.region}' is not an AWS region with Databricks (e.g. us-east-1, eu-west-1)`);
  }
  const prefix = env.storage.bucketPrefix;
  const longest = prefix.length + LONGEST_BUCKET_SUFFIX + env.region.length;
  if (!BUCKET_PREFIX.test(prefix)) {
    report(
      "storage.bucketPrefix",
      `'${prefix}' must be lowercase letters, digits and single hyphens, start and end with a letter or digit, contain no dots, and not start with xn--, sthree- or amzn-s3-demo-`,
    );
  } else if (longest > 63) {
    report(
      "storage.bucketPrefix",
      `'${prefix}' makes bucket names of ${longest} characters ('${prefix}-checkpoints-<account id>-${env.region}'); S3 allows 63`,
    );
  }
}
