/**
 * Who runs and who may use a Databricks workspace object (job, pipeline, warehouse, policy, folder):
 * the run-as identity, permissions by group, and the checks the pipeline and the jobs share.
 */
import { Token } from "cdktf";

import type { InvalidProp } from "../core/prop-helpers";

/** The identity a job or pipeline runs as. */
export type RunAsProps =
  | {
      /** Application id of the service principal (the recommended identity for production runs). */
      readonly servicePrincipalName: string;
    }
  | {
      /** User name (email) of the user. */
      readonly userName: string;
    };

/** The principal name of a run-as identity (service principal application id or user name). */
export function runAsPrincipal(runAs: RunAsProps): string {
  return "servicePrincipalName" in runAs ? runAs.servicePrincipalName : runAs.userName;
}

/** Permissions on a job or pipeline by group. */
export interface GroupPermissionsProps {
  /**
   * Groups with CAN_MANAGE, which may change the code and settings that run with the run-as principal's
   * rights: admin groups only (guardrail LH-PERM-001). @default []
   */
  readonly managers?: readonly string[];
  /**
   * Groups that may run it, e.g. the engineers: CAN_MANAGE_RUN on a job (run, cancel, repair), CAN_RUN on
   * a pipeline (start and stop updates).
   * @default []
   */
  readonly runners?: readonly string[];
  /** Groups with CAN_VIEW. @default [] */
  readonly viewers?: readonly string[];
}

/** One `access_control` entry of a `databricks_permissions` resource. */
export interface GroupAccessControl {
  readonly groupName: string;
  readonly permissionLevel: string;
}

/** `access_control` entries giving each group one level; groups de-duplicated and sorted. */
export function groupAccess(
  names: readonly string[] | undefined,
  permissionLevel: string,
): GroupAccessControl[] {
  return [...new Set(names ?? [])].sort().map((groupName) => ({ groupName, permissionLevel }));
}

/**
 * `access_control` entries of {@link GroupPermissionsProps}: managers, then runners at `runLevel` (the
 * object type's run permission), then viewers.
 */
export function groupPermissionsAccess(
  permissions: GroupPermissionsProps | undefined,
  runLevel: "CAN_MANAGE_RUN" | "CAN_RUN",
): GroupAccessControl[] {
  return [
    ...groupAccess(permissions?.managers, "CAN_MANAGE"),
    ...groupAccess(permissions?.runners, runLevel),
    ...groupAccess(permissions?.viewers, "CAN_VIEW"),
  ];
}

/**
 * Checks shared by jobs and pipelines: failure recipients look like email addresses, tag keys and
 * permission group names are not empty.
 */
export function checkRecipientsTagsAndGroups(
  props: {
    readonly failureEmails: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
    /** @default none */
    readonly permissions?: GroupPermissionsProps;
  },
  invalidProp: InvalidProp,
): void {
  for (const email of props.failureEmails) {
    if (!Token.isUnresolved(email) && !/^[^\s@]+@[^\s@]+$/.test(email))
      invalidProp("failureEmails", email, "is not an email address");
  }
  for (const key of Object.keys(props.tags)) {
    if (key.trim() === "") invalidProp("tags", key, "must not have an empty key");
  }
  for (const [level, names] of Object.entries(props.permissions ?? {}) as [
    string,
    readonly string[] | undefined,
  ][]) {
    for (const name of names ?? []) {
      if (name.trim() === "")
        invalidProp(`permissions.${level}`, name, "must not contain an empty group name");
    }
  }
}
