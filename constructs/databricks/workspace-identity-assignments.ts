import { DataDatabricksGroup } from "@cdktf/provider-databricks/lib/data-databricks-group";
import { DataDatabricksServicePrincipal } from "@cdktf/provider-databricks/lib/data-databricks-service-principal";
import { MwsPermissionAssignment } from "@cdktf/provider-databricks/lib/mws-permission-assignment";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { toWorkspaceId } from "./workspace-id";

/** Workspace permission of an assigned identity (`sdk:service/iam` WorkspacePermission: USER, ADMIN). */
export type WorkspacePermission = "USER" | "ADMIN";

/** An account group to assign, by display name. */
export interface WorkspaceGroupAssignment {
  /** Display name of the account-level group, e.g. `fraud-data-engineers`. */
  readonly displayName: string;
  /** @default "USER" */
  readonly permission?: WorkspacePermission;
}

/** Props of {@link WorkspaceIdentityAssignments}. */
export interface WorkspaceIdentityAssignmentsProps {
  /** Numeric workspace id (literal or token). */
  readonly workspaceId: string | number;
  /** Account-level provider: lookups and assignments are account APIs. */
  readonly accountProvider: TerraformProvider;
  /** Account groups to assign; a name listed twice is assigned once, with the higher permission. */
  readonly groups: readonly WorkspaceGroupAssignment[];
  /**
   * Account service principals to assign as USER, by application id (e.g. the pipelines' run-as
   * principal, which must be in the workspace to run anything there).
   * @default []
   */
  readonly servicePrincipals?: readonly string[];
  /**
   * What the assignments wait for: the metastore assignment. A workspace without a metastore is not
   * identity-federated and rejects them ("Permission assignments not supported for current
   * workspace", databricks/terraform-provider-databricks#2739).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Account groups (and service principals) assigned to a workspace with
 * `databricks_mws_permission_assignment`. Every workspace-level ACL that names an account group
 * (`databricks_permissions`, `databricks_secret_acl`, grants) fails with "principal … does not exist"
 * until its group is assigned (provider docs `data-sources/group.md`, issue #2302), and the assignment
 * takes a while to reach the workspace (#5367): ACLs belong in a later deploy layer that waits for
 * {@link assignmentIds}.
 *
 * Identities are looked up at account level by name (provider v1.99.0 `scim/data_group.go`: with an
 * account client it reads the group by display name; a missing one fails the plan with "cannot find
 * group: <name>"), so a typo stops the plan, not the apply.
 *
 * @example
 * // After the WorkspaceMetastore `metastore`: admins as workspace ADMIN, engineers as USER.
 * new WorkspaceIdentityAssignments(this, "WorkspaceIdentities", {
 *   workspaceId: workspace.workspaceId,
 *   accountProvider,
 *   groups: [
 *     { displayName: "fraud-platform-admins", permission: "ADMIN" },
 *     { displayName: "fraud-data-engineers" },
 *   ],
 *   dependsOn: [metastore.assignment],
 * });
 */
export class WorkspaceIdentityAssignments extends Construct {
  /** Assignments by group display name. */
  readonly groupAssignments: Readonly<Record<string, MwsPermissionAssignment>>;
  /** Assignments by service principal application id. */
  readonly servicePrincipalAssignments: Readonly<Record<string, MwsPermissionAssignment>>;
  /** Every assignment's id (`<workspace id>|<principal id>`), groups first, in name order. */
  readonly assignmentIds: string[];
  /** Every assignment. */
  readonly assignments: MwsPermissionAssignment[];

  constructor(scope: Construct, id: string, props: WorkspaceIdentityAssignmentsProps) {
    super(scope, id);
    const workspaceId = toWorkspaceId(props.workspaceId, "WorkspaceIdentityAssignments");
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;

    const permissionByGroup = new Map<string, WorkspacePermission>();
    for (const group of props.groups) {
      const name = group.displayName.trim();
      if (name === "") throw new Error("WorkspaceIdentityAssignments: a group display name is empty");
      const permission = group.permission ?? "USER";
      if (permissionByGroup.get(name) !== "ADMIN") permissionByGroup.set(name, permission);
    }

    const logicalIds = new Map<string, string>();
    const logicalIdOf = (kind: string, name: string): string => {
      const logicalId = `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const other = logicalIds.get(logicalId);
      if (other !== undefined && other !== name) {
        throw new Error(
          `WorkspaceIdentityAssignments: '${other}' and '${name}' map to the same construct id '${logicalId}'`,
        );
      }
      logicalIds.set(logicalId, name);
      return logicalId;
    };

    const groups: Record<string, MwsPermissionAssignment> = {};
    for (const name of [...permissionByGroup.keys()].sort()) {
      const logicalId = logicalIdOf("Group", name);
      const group = new DataDatabricksGroup(this, logicalId, {
        provider: props.accountProvider,
        displayName: name,
        // Only the id is needed: skip walking the groups it belongs to (`recursive` defaults to true).
        recursive: false,
      });
      groups[name] = new MwsPermissionAssignment(this, `${logicalId}-Assignment`, {
        provider: props.accountProvider,
        workspaceId,
        principalId: Token.asNumber(group.id),
        permissions: [permissionByGroup.get(name)!],
        dependsOn,
      });
    }

    const principals: Record<string, MwsPermissionAssignment> = {};
    for (const applicationId of [...new Set(props.servicePrincipals ?? [])].sort()) {
      const logicalId = logicalIdOf("ServicePrincipal", applicationId);
      const principal = new DataDatabricksServicePrincipal(this, logicalId, {
        provider: props.accountProvider,
        applicationId,
      });
      principals[applicationId] = new MwsPermissionAssignment(this, `${logicalId}-Assignment`, {
        provider: props.accountProvider,
        workspaceId,
        principalId: Token.asNumber(principal.id),
        permissions: ["USER"],
        dependsOn,
      });
    }

    this.groupAssignments = groups;
    this.servicePrincipalAssignments = principals;
    this.assignments = [...Object.values(groups), ...Object.values(principals)];
    this.assignmentIds = this.assignments.map((assignment) => assignment.id);
  }
}
