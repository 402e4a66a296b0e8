import type { ITerraformDependable, TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config";
import { MEDALLION_LAYERS } from "../vocabulary/medallion";
import { KinesisServiceCredential } from "../constructs/aws/kinesis-service-credential";
import { UnityCatalogAwsRole } from "../constructs/aws/unity-catalog-aws-role";
import type { UnityCatalog } from "../constructs/databricks/unity-catalog";
import { adminGroupOf, groupNamesOf } from "./databricks-platform";
import type { AwsWorkspaceLayerInputs } from "./workspace-stack";

/** The AWS part of a workspace layer. */
export interface AwsWorkspaceAccess {
  readonly unityCatalogRole: UnityCatalogAwsRole;
  /** Present when the environment deploys pipelines. */
  readonly kinesisCredential?: KinesisServiceCredential;
  /** The service credential's name as a literal, for the generated `read_kinesis` SQL. */
  readonly kinesisCredentialName: string;
}

function unityCatalogRoleName(inputs: AwsWorkspaceLayerInputs): string {
  return `${inputs.resourceNamePrefix}-unity-catalog`;
}

/**
 * The ARN the storage credential names before its role exists: the role's trust needs the credential's
 * external id, so the ARN is computed from the name.
 */
export function awsUnityCatalogRoleArn(inputs: AwsWorkspaceLayerInputs): string {
  return UnityCatalogAwsRole.arnFor(unityCatalogRoleName(inputs), inputs.awsAccountId, inputs.partition);
}

/**
 * The IAM roles Unity Catalog assumes on AWS. They are in the workspace layer, next to the
 * credentials whose external ids their trust policies need (as in the Databricks SRA's
 * `unity_catalog` modules): the storage credential's role, which the external locations wait for, and,
 * with pipelines, the Kinesis service credential and its read-only role.
 */
export function addAwsWorkspaceAccess(
  scope: Construct,
  env: ResolvedEnvironment,
  inputs: AwsWorkspaceLayerInputs,
  wiring: {
    readonly unityCatalog: UnityCatalog;
    readonly workspaceProvider: TerraformProvider;
    /** Deploy the Kinesis service credential (the environment runs pipelines). */
    readonly kinesis: boolean;
    /** What the Kinesis credential waits for (the account assignments' propagation). */
    readonly dependsOn: readonly ITerraformDependable[];
  },
): AwsWorkspaceAccess {
  const unityCatalogRole = new UnityCatalogAwsRole(scope, "UnityCatalogRole", {
    roleName: unityCatalogRoleName(inputs),
    awsAccountId: inputs.awsAccountId,
    externalId: wiring.unityCatalog.awsExternalId!,
    bucketNames: MEDALLION_LAYERS.map((layer) => inputs.layerBucketNames[layer]),
    kmsKeyArn: inputs.storageKmsKeyArn,
    partition: inputs.partition,
    databricksProvider: wiring.workspaceProvider,
  });
  wiring.unityCatalog.dependOn(...unityCatalogRole.ready);

  const kinesisCredentialName = `${env.databricks.catalogName}_kinesis`;
  const kinesisCredential = wiring.kinesis
    ? new KinesisServiceCredential(scope, "KinesisCredential", {
        credentialName: kinesisCredentialName,
        roleName: `${inputs.resourceNamePrefix}-kinesis-read`,
        awsAccountId: inputs.awsAccountId,
        streamArns: inputs.streamArns,
        kmsKeyArn: inputs.streamKmsKeyArn,
        // Only the identity the pipelines run as reads the streams (engineers' pipelines in dev).
        users: env.pipelines?.runAsServicePrincipal
          ? [env.pipelines.runAsServicePrincipal]
          : groupNamesOf(env.databricks, env.databricks.clusterPolicy.users.pipelines),
        owner: adminGroupOf(env),
        // From the environment layer (a cross-stack reference): the credential is bound to it only.
        workspaceId: inputs.workspaceId,
        partition: inputs.partition,
        workspaceProvider: wiring.workspaceProvider,
        dependsOn: wiring.dependsOn,
      })
    : undefined;
  return { unityCatalogRole, kinesisCredential, kinesisCredentialName };
}
