import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config";
import type { LakehouseGuardrails } from "../constructs/core/lakehouse-guardrails";
import {
  addAccountLevelDatabricks,
  addDatabricksAccountProvider,
  type AccountLevelDatabricks,
} from "./databricks-account";
import { addEnvironmentBaseline } from "./environment-baseline";
import type { WorkspaceLayerInputs } from "./workspace-stack";
import { LakehouseStack } from "./lakehouse-stack";

/** Props of an environment layer, whatever its cloud. */
export interface EnvironmentStackProps<Env extends ResolvedEnvironment> {
  /** One validated environment of the stack's cloud from the lakehouse config. */
  readonly environment: Env;
  /**
   * Id of the metastore a {@link MetastoreStack} creates for the environment's region (a token: the
   * reference makes that stack deploy first).
   * @default the region's metastore, looked up (or `databricks.metastore.id`)
   */
  readonly metastoreId?: string;
}

/**
 * The part of an environment layer (`<env>`) that is the same on both clouds: the baseline of every
 * environment stack ({@link addEnvironmentBaseline}), the Databricks account-level provider, and, once
 * the cloud's workspace exists, the account-level objects assigned to it ({@link addAccountLevelDatabricks}).
 * Each cloud's stack composes its own resources in between and says what its workspace layer
 * ({@link WorkspaceStack}, `<env>-workspace`) is built from. Composition only.
 */
export abstract class EnvironmentStack<Env extends ResolvedEnvironment> extends LakehouseStack {
  /** Policy checks run on every synth; `guardrails.evaluate()` returns the report. */
  readonly guardrails: LakehouseGuardrails;
  /** What the environment's workspace layer is built from. */
  abstract readonly workspaceLayer: WorkspaceLayerInputs;
  /** The account-level Databricks provider (alias `account`) and the `databricks_account_id` value. */
  protected readonly databricksAccount: { readonly provider: DatabricksProvider; readonly accountId: string };
  private readonly props: EnvironmentStackProps<Env>;
  private accountLevel?: AccountLevelDatabricks;

  protected constructor(scope: Construct, id: string, props: EnvironmentStackProps<Env>) {
    super(scope, id);
    this.props = props;
    this.guardrails = addEnvironmentBaseline(this, props.environment);
    this.databricksAccount = addDatabricksAccountProvider(this, props.environment.cloud);
  }

  /** Account-level Databricks: the metastore assignment and the workspace's identity assignments. */
  get account(): AccountLevelDatabricks {
    if (!this.accountLevel) throw new Error(`${this.node.id}: the workspace is not assigned yet`);
    return this.accountLevel;
  }

  /**
   * What both clouds' budget constructs take from the environment's `budget` alike: the name
   * (`<shortNamePrefix>-monthly`), the start date and the alerts, whose spend kind (`actual` or
   * `forecasted`) is written in the cloud's own words.
   */
  protected budgetSchedule<Actual extends string, Forecasted extends string>(
    budget: NonNullable<Env["budget"]>,
    words: { readonly actual: Actual; readonly forecasted: Forecasted },
  ) {
    return {
      name: `${this.props.environment.shortNamePrefix}-monthly`,
      startDate: budget.startDate,
      alerts: budget.alerts?.map((a) => ({
        thresholdPercent: a.percent,
        type: a.on === "forecasted" ? words.forecasted : words.actual,
      })),
    };
  }

  /** Assigns the region's metastore and the configured identities to the environment's workspace. */
  protected assignWorkspace(workspaceId: string | number): void {
    this.accountLevel = addAccountLevelDatabricks(this, this.props.environment, {
      workspaceId,
      accountProvider: this.databricksAccount.provider,
      createdMetastoreId: this.props.metastoreId,
    });
  }
}
