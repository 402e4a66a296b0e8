import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Pipeline, type PipelineCluster } from "@cdktf/provider-databricks/lib/pipeline";
import { Secret } from "@cdktf/provider-databricks/lib/secret";
import { SecretAcl } from "@cdktf/provider-databricks/lib/secret-acl";
import { SecretScope } from "@cdktf/provider-databricks/lib/secret-scope";
import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { type ITerraformDependable, type TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";

import { pascalCase } from "../core/logical-ids";
import { invalidPropOf, sortedByKey } from "../core/prop-helpers";
import type { GeneratedSqlFile } from "../../pipelines/sql/types";
import { workspaceFileContentBase64, workspaceFolder, workspacePathError } from "./workspace-files";
import {
  checkRecipientsTagsAndGroups,
  type GroupPermissionsProps,
  groupPermissionsAccess,
  type RunAsProps,
  runAsPrincipal,
} from "./workspace-permissions";

export type { GeneratedSqlFile };

/**
 * Pipeline events that notify the recipients: a failed update (retryable or not) and a failed flow.
 * Successful updates stay silent.
 */
export const PIPELINE_FAILURE_ALERTS = ["on-update-failure", "on-update-fatal-failure", "on-flow-failure"];

/** Compute of the pipeline's updates. */
export type MedallionPipelineCompute =
  /** Serverless (Photon and autoscaling managed by Databricks, billed per second of use). */
  | {
      readonly kind: "serverless";
      /**
       * Serverless budget policy that tags the pipeline's usage for cost attribution.
       * @default none (the workspace default policy, if any)
       */
      readonly budgetPolicyId?: string;
    }
  /** Classic clusters in the customer's account, with enhanced autoscaling. */
  | {
      readonly kind: "classic";
      /** Fewest workers of the update cluster (≥ 1). */
      readonly minWorkers: number;
      /** Most workers of the update cluster (≥ minWorkers). */
      readonly maxWorkers: number;
      /**
       * Worker node type, e.g. `Standard_D4ds_v5` or `m6gd.xlarge`.
       * @default the cluster policy's default (or the workspace's when no policy)
       */
      readonly nodeTypeId?: string;
      /**
       * Driver node type.
       * @default the worker node type
       */
      readonly driverNodeTypeId?: string;
      /**
       * Cluster policy of the update and maintenance clusters (the `pipelines` policy of
       * `LakehouseClusterPolicies`); its default values are applied.
       * @default none
       */
      readonly policyId?: string;
      /**
       * Run the updates on Photon (faster for most SQL; a higher DBU rate).
       * @default true
       */
      readonly photon?: boolean;
    };

/** A Databricks-backed secret holding the Event Hubs connection string that `read_kafka` uses. */
export interface MedallionPipelineSecret {
  /** Secret scope name, e.g. `frdlh-prod-ingest` (letters, digits, `_`, `-`, `.`; ≤ 128 characters). */
  readonly scope: string;
  /** Secret key in the scope, e.g. `eventhubs-connection-string`. */
  readonly key: string;
  /**
   * The secret value as a Terraform reference, e.g. the listen-only rule's
   * `primaryConnectionString`. Literal strings are rejected: they would land in the synthesized JSON
   * and in source control.
   */
  readonly value: string;
  /**
   * Principals (group names, user names or service principal application ids) granted READ on the
   * scope, in addition to `runAs`'s principal. Anyone with READ can read the connection string and
   * use it outside the pipeline: leave it empty (guardrail LH-SEC-001).
   * @default [] (only `runAs`'s principal; without `runAs` the pipeline runs as its owner, who
   * created the scope and manages it)
   */
  readonly readers?: readonly string[];
}

/** Props of {@link MedallionPipeline}. */
export interface MedallionPipelineProps {
  /**
   * Pipeline name, e.g. `frdlh-prod-medallion`; also the workspace folder of its SQL files
   * (letters, digits, `.`, `_` or `-`).
   */
  readonly name: string;
  /** The generated DLT SQL files, one library each, in the given order. At least one. */
  readonly files: readonly GeneratedSqlFile[];
  /**
   * Absolute workspace folder under which the files are written to `<workspaceRoot>/<name>/<file>`,
   * e.g. `/cdktf-lakehouse/frdlh-prod`.
   */
  readonly workspaceRoot: string;
  /** Unity Catalog catalog the pipeline publishes to, e.g. `fraud_lakehouse_prod`. */
  readonly catalog: string;
  /**
   * Default schema of the pipeline (the generated SQL fully qualifies every table anyway).
   * @default "bronze"
   */
  readonly schema?: string;
  /** Serverless or classic compute. */
  readonly compute: MedallionPipelineCompute;
  /**
   * Development mode: clusters are reused between updates and failed updates are not retried. For
   * dev environments only; staging and prod must run in production mode.
   * @default false
   */
  readonly development?: boolean;
  /**
   * Continuous (always-on, lowest latency, compute runs around the clock) or triggered (each update
   * processes what has arrived and stops; started by a job). A job's `pipeline_task` cannot run a
   * continuous pipeline.
   * @default false (triggered)
   */
  readonly continuous?: boolean;
  /**
   * Recipients of failure notifications ({@link PIPELINE_FAILURE_ALERTS}). Required outside
   * development mode.
   */
  readonly failureEmails: readonly string[];
  /**
   * Spark and pipeline settings, e.g. `{ "pipelines.trigger.interval": "5 minutes" }`.
   * @default none
   */
  readonly configuration?: Readonly<Record<string, string>>;
  /** Tags of the pipeline, also set as `custom_tags` of classic clusters (cost attribution). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Pipeline permissions by group: CAN_MANAGE, CAN_RUN (start/stop updates), CAN_VIEW. CAN_MANAGE
   * lets a group change the pipeline's source files and settings, i.e. run any code with the run-as
   * principal's rights: keep it for an admin group (guardrail LH-PERM-001).
   * @default none (no permissions resource: only admins and the owner)
   */
  readonly permissions?: GroupPermissionsProps;
  /**
   * Identity the updates run as (needs the catalog privileges the SQL uses).
   * @default the pipeline owner (the identity running Terraform)
   */
  readonly runAs?: RunAsProps;
  /**
   * Secret scope and secret for the Event Hubs (Kafka) connection string read by the SQL.
   * @default none (no stream source needs a secret)
   */
  readonly eventHubsSecret?: MedallionPipelineSecret;
  /**
   * Release channel of the pipeline runtime.
   * @default "CURRENT"
   */
  readonly channel?: "CURRENT" | "PREVIEW";
  /**
   * Databricks provider (workspace-level) the pipeline, its files and permissions are created with.
   * @default the scope's default databricks provider
   */
  readonly provider?: TerraformProvider;
  /**
   * What the pipeline must wait for, e.g. the target schemas and their grants (the API checks the
   * catalog and schema exist when the pipeline is created).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A medallion DLT (Lakeflow Declarative) pipeline from generated SQL, cloud-neutral: each SQL file as
 * a `databricks_workspace_file` and a `file` library of one `databricks_pipeline` in Unity Catalog.
 *
 * - ADVANCED edition (expectations and AUTO CDC need it), current channel, production mode unless
 *   `development`, triggered unless `continuous`.
 * - Serverless, or classic `default` and `maintenance` clusters with the same policy and cost tags
 *   (the maintenance cluster otherwise runs untagged and outside the policy), enhanced autoscaling
 *   and Photon on the update cluster.
 * - Failure notifications, tags, permissions by group.
 * - Optionally a Databricks-backed secret scope with the Event Hubs connection string (from a
 *   Terraform reference only) and READ for the run-as principal.
 *
 * Maps are sorted by key, so the output is byte-identical for the same props.
 *
 * @example
 * // `spec` is the dataset spec and `context` its PipelineSqlContext (pipelines/dlt-sql.ts).
 * new MedallionPipeline(this, "MedallionPipeline", {
 *   name: "frdlh-prod-medallion",
 *   files: generatePipelineSql(spec, context),
 *   workspaceRoot: "/cdktf-lakehouse/frdlh-prod",
 *   catalog: "fraud_lakehouse_prod",
 *   compute: { kind: "serverless" },
 *   configuration: { "lakehouse.landing_url": "abfss://landing@frdlhprodlake.dfs.core.windows.net" },
 *   failureEmails: ["data-oncall@example.com"],
 *   tags: { project: "fraud-lakehouse", environment: "prod" },
 *   permissions: { managers: ["data-engineers"] },
 *   runAs: { servicePrincipalName: "00000000-0000-0000-0000-000000000000" },
 * });
 */
export class MedallionPipeline extends Construct {
  readonly pipeline: Pipeline;
  /** Pipeline id (token), for `pipeline_task` of jobs. */
  readonly pipelineId: string;
  /** Uploaded SQL files, in the order of `files`. */
  readonly files: readonly WorkspaceFile[];
  /** Workspace folder of the files, `<workspaceRoot>/<name>`. */
  readonly folder: string;
  /** Secret scope of the Event Hubs secret, when `eventHubsSecret` is set. */
  readonly secretScope?: SecretScope;
  readonly secret?: Secret;
  /** READ grants on the secret scope. */
  readonly secretAcls: readonly SecretAcl[];
  /** Pipeline permissions; absent when no groups are given. */
  readonly permissions?: Permissions;

  constructor(scope: Construct, id: string, props: MedallionPipelineProps) {
    super(scope, id);
    validate(props);
    const provider = props.provider;
    this.folder = workspaceFolder(props.workspaceRoot, props.name);

    this.files = props.files.map(
      (file) =>
        new WorkspaceFile(this, pascalCase(file.name), {
          path: `${this.folder}/${file.name}`,
          // Encoded at synth time, so the plan shows a change whenever the generated SQL changes.
          contentBase64: workspaceFileContentBase64(file.content),
          provider,
        }),
    );

    // --- Secret for the Kafka endpoint: the SQL reads it with secret('<scope>', '<key>').
    const secretDependencies: ITerraformDependable[] = [];
    const acls: SecretAcl[] = [];
    if (props.eventHubsSecret) {
      const spec = props.eventHubsSecret;
      this.secretScope = new SecretScope(this, "SecretScope", {
        name: spec.scope,
        backendType: "DATABRICKS",
        provider,
      });
      this.secret = new Secret(this, "EventHubsSecret", {
        scope: this.secretScope.name,
        key: spec.key,
        stringValue: spec.value,
        provider,
      });
      const readers = [...(spec.readers ?? [])];
      if (props.runAs) readers.push(runAsPrincipal(props.runAs));
      let referenced = 0;
      for (const principal of [...new Set(readers)].sort()) {
        // Literal principals name their grant; a token's text is not stable, so those are numbered.
        const logicalId = Token.isUnresolved(principal)
          ? `SecretReadRef${++referenced}`
          : `SecretRead-${slug(principal)}`;
        acls.push(
          new SecretAcl(this, logicalId, {
            scope: this.secretScope.name,
            principal,
            permission: "READ",
            provider,
          }),
        );
      }
      secretDependencies.push(this.secret, ...acls);
    }
    this.secretAcls = acls;

    const tags = sortedByKey(props.tags);
    const compute = props.compute;
    this.pipeline = new Pipeline(this, "Pipeline", {
      name: props.name,
      catalog: props.catalog,
      // `schema` (direct publishing mode); `target` is the legacy publishing mode.
      schema: props.schema ?? "bronze",
      library: this.files.map((file) => ({ file: { path: file.path } })),
      // Expectations and AUTO CDC (APPLY CHANGES) need ADVANCED.
      edition: "ADVANCED",
      channel: props.channel ?? "CURRENT",
      development: props.development ?? false,
      continuous: props.continuous ?? false,
      ...(compute.kind === "serverless"
        ? {
            serverless: true,
            ...(compute.budgetPolicyId ? { budgetPolicyId: compute.budgetPolicyId } : {}),
          }
        : { photon: compute.photon ?? true, cluster: classicClusters(compute, tags) }),
      ...(props.failureEmails.length > 0
        ? {
            notification: [
              { emailRecipients: [...props.failureEmails], alerts: [...PIPELINE_FAILURE_ALERTS] },
            ],
          }
        : {}),
      ...(props.configuration ? { configuration: sortedByKey(props.configuration) } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      ...(props.runAs ? { runAs: { ...props.runAs } } : {}),
      // A continuous pipeline starts on creation: the secret and its grants must exist by then.
      ...(secretDependencies.length + (props.dependsOn?.length ?? 0) > 0
        ? { dependsOn: [...secretDependencies, ...(props.dependsOn ?? [])] }
        : {}),
      provider,
    });
    this.pipelineId = this.pipeline.id;

    const accessControl = groupPermissionsAccess(props.permissions, "CAN_RUN");
    if (accessControl.length > 0) {
      this.permissions = new Permissions(this, "PipelinePermissions", {
        pipelineId: this.pipeline.id,
        accessControl,
        provider,
      });
    }
  }
}

/**
 * The update cluster (`default`) and the `maintenance` cluster (VACUUM/OPTIMIZE of pipeline tables):
 * both get the policy and cost tags, only the update cluster autoscales.
 */
function classicClusters(
  compute: Extract<MedallionPipelineCompute, { kind: "classic" }>,
  customTags: Record<string, string>,
): PipelineCluster[] {
  const shared = {
    ...(compute.policyId ? { policyId: compute.policyId, applyPolicyDefaultValues: true } : {}),
    ...(Object.keys(customTags).length > 0 ? { customTags } : {}),
  };
  return [
    {
      label: "default",
      ...shared,
      ...(compute.nodeTypeId ? { nodeTypeId: compute.nodeTypeId } : {}),
      ...(compute.driverNodeTypeId ? { driverNodeTypeId: compute.driverNodeTypeId } : {}),
      // ENHANCED scales on task slots and streaming backlog, and shuts down idle workers.
      autoscale: { minWorkers: compute.minWorkers, maxWorkers: compute.maxWorkers, mode: "ENHANCED" },
    },
    { label: "maintenance", ...shared },
  ];
}

function slug(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]+/g, "_");
}

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;
const SECRET_NAME = /^[A-Za-z0-9._-]{1,128}$/;

function validate(props: MedallionPipelineProps): void {
  const invalidProp = invalidPropOf("MedallionPipeline");

  if (!SAFE_NAME.test(props.name))
    invalidProp("name", props.name, "must be letters, digits, '.', '_' or '-' (it names a workspace folder)");
  const rootError = workspacePathError(props.workspaceRoot);
  if (rootError) invalidProp("workspaceRoot", props.workspaceRoot, rootError);
  if (props.catalog.trim() === "") invalidProp("catalog", props.catalog, "must not be empty");
  if (props.schema !== undefined && props.schema.trim() === "")
    invalidProp("schema", props.schema, "must not be empty");

  if (props.files.length === 0) invalidProp("files", [], "must contain at least one SQL file");
  const seen = new Set<string>();
  for (const file of props.files) {
    if (!SAFE_NAME.test(file.name) || !file.name.endsWith(".sql") || file.name.startsWith("."))
      invalidProp(
        "files",
        file.name,
        "must be a file name of letters, digits, '.', '_' or '-' ending in .sql",
      );
    const logicalId = pascalCase(file.name);
    if (seen.has(logicalId))
      invalidProp("files", file.name, "is given twice (or differs from another only in punctuation)");
    seen.add(logicalId);
    // (Not `trim()`: that copies the whole file, ~0.5 MB for 250 tables, once per file and environment.)
    if (!/\S/.test(file.content)) invalidProp("files", file.name, "has no SQL");
  }

  if (props.compute.kind === "classic") {
    const { minWorkers, maxWorkers } = props.compute;
    if (!Number.isInteger(minWorkers) || minWorkers < 1)
      invalidProp("compute.minWorkers", minWorkers, "must be a whole number ≥ 1");
    if (!Number.isInteger(maxWorkers) || maxWorkers < minWorkers)
      invalidProp("compute.maxWorkers", maxWorkers, `must be a whole number ≥ minWorkers (${minWorkers})`);
  }

  if (!(props.development ?? false) && props.failureEmails.length === 0)
    invalidProp("failureEmails", [], "must name at least one recipient outside development mode");
  checkRecipientsTagsAndGroups(props, invalidProp);

  const secret = props.eventHubsSecret;
  if (secret) {
    if (!SECRET_NAME.test(secret.scope))
      invalidProp("eventHubsSecret.scope", secret.scope, "must be 1–128 letters, digits, '.', '_' or '-'");
    if (!SECRET_NAME.test(secret.key))
      invalidProp("eventHubsSecret.key", secret.key, "must be 1–128 letters, digits, '.', '_' or '-'");
    if (!Token.isUnresolved(secret.value))
      throw new Error(
        "MedallionPipeline.eventHubsSecret.value: must be a Terraform reference (e.g. the authorization " +
          "rule's primaryConnectionString), never a literal: a literal would be written to the synthesized JSON",
      );
    for (const reader of secret.readers ?? []) {
      if (reader.trim() === "")
        invalidProp("eventHubsSecret.readers", reader, "must not contain an empty principal");
    }
  }
}
