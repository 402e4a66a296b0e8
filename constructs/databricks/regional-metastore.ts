import { Metastore } from "@cdktf/provider-databricks/lib/metastore";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link RegionalMetastore}. */
export interface RegionalMetastoreProps {
  /** Metastore name, e.g. `frdlh-westeurope`. */
  readonly name: string;
  /** Cloud region; Databricks allows one metastore per region per account. */
  readonly region: string;
  /** Account-level provider. */
  readonly accountProvider: TerraformProvider;
}

/**
 * A new Unity Catalog metastore for a region, without metastore root storage: every catalog brings its
 * own managed location, so environments never share a storage root. One per region per account, shared
 * by every environment of the region: it lives in a stack of its own (`<cloud>-<region>-metastore`),
 * never in an environment's, so no environment has to be deployed before another.
 *
 * @example
 * // `accountProvider` is the account-level Databricks provider, in the region's metastore stack.
 * const metastore = new RegionalMetastore(this, "Metastore", {
 *   name: "azure-westeurope",
 *   region: "westeurope",
 *   accountProvider,
 * });
 * // Environments of the region assign `metastore.metastoreId` (a cross-stack reference).
 */
export class RegionalMetastore extends Construct {
  readonly metastore: Metastore;

  constructor(scope: Construct, id: string, props: RegionalMetastoreProps) {
    super(scope, id);
    const { name, region, accountProvider } = props;
    this.metastore = new Metastore(this, "Metastore", {
      provider: accountProvider,
      name,
      region,
      // Never delete catalogs and schemas along with the metastore.
      forceDestroy: false,
    });
  }

  /** Metastore id (a token), for the metastore assignments of the region's environments. */
  get metastoreId(): string {
    return this.metastore.id;
  }
}
