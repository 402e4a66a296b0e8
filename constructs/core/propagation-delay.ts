import { Sleep } from "@cdktf/provider-time/lib/sleep";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link PropagationDelay}. */
export interface PropagationDelayProps {
  /**
   * What was just granted or created in the same stack (role assignments, IAM roles and policies).
   * @default []
   */
  readonly after?: readonly ITerraformDependable[];
  /**
   * Values that start the wait again when they change (time_sleep `triggers`): ids of what another
   * stack created, e.g. the account assignments of the environment layer, seen from the workspace layer.
   * @default none
   */
  readonly triggers?: Readonly<Record<string, string>>;
  /**
   * How long to wait after they are created, as a Go duration.
   * @default "60s"
   */
  readonly duration?: string;
}

/**
 * A pause after identity changes that the cloud applies eventually (Entra role assignments, IAM roles
 * and policies, Databricks metastore and identity assignments) and before the calls that check them
 * (Key Vault data plane, Databricks credential and external-location validation, workspace ACLs), which
 * otherwise fail on a first apply and pass on the second. Depend on {@link ready}. Needs the `time`
 * provider in the stack.
 *
 * @example
 * // `role` is an IamRole that Unity Catalog will assume (IAM changes propagate eventually).
 * const delay = new PropagationDelay(this, "RolePropagation", { after: [role], duration: "30s" });
 * // Then e.g. a storage credential: `dependsOn: [delay.ready]`.
 */
export class PropagationDelay extends Construct {
  readonly ready: Sleep;

  constructor(scope: Construct, id: string, props: PropagationDelayProps) {
    super(scope, id);
    this.ready = new Sleep(this, "Sleep", {
      createDuration: props.duration ?? "60s",
      triggers: props.triggers ? { ...props.triggers } : undefined,
      dependsOn: props.after && props.after.length > 0 ? [...props.after] : undefined,
    });
  }
}
