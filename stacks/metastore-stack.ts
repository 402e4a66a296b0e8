import { Aspects, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedMetastore } from "../config";
import { LakehouseGuardrails } from "../constructs/core/lakehouse-guardrails";
import { PreventDestroyAspect } from "../constructs/core/prevent-destroy-aspect";
import { RegionalMetastore } from "../constructs/databricks/regional-metastore";
import { configureBackend } from "./backend";
import { addDatabricksAccountProvider } from "./databricks-account";
import { LakehouseStack } from "./lakehouse-stack";

/** Props of {@link MetastoreStack}. */
export interface MetastoreStackProps {
  /** One entry of the config's `metastores`. */
  readonly metastore: ResolvedMetastore;
}

/**
 * `<cloud>-<region>-metastore`: the Unity Catalog metastore the config creates for a region, owned by
 * no environment. Databricks allows one per region per account and every environment of the region
 * shares it, so it lives (and is protected from destroy) on its own; the environment layers reference
 * its id, which makes cdktf deploy it first. Only account-level Databricks calls: it runs anywhere.
 */
export class MetastoreStack extends LakehouseStack {
  readonly metastore: RegionalMetastore;
  /** Policy checks run on every synth (with prod's rules: every environment depends on it). */
  readonly guardrails: LakehouseGuardrails;

  constructor(scope: Construct, id: string, props: MetastoreStackProps) {
    super(scope, id);
    const config = props.metastore;
    configureBackend(this, config.backend, { region: config.region });
    Aspects.of(this).add(new PreventDestroyAspect());
    this.guardrails = new LakehouseGuardrails(this, "Guardrails", { stage: "prod" });

    const { provider } = addDatabricksAccountProvider(this, config.cloud);
    this.metastore = new RegionalMetastore(this, "Metastore", {
      name: config.name,
      region: config.region,
      accountProvider: provider,
    });
    new TerraformOutput(this, "metastore_id", { value: this.metastore.metastoreId });
  }
}
