import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Credential } from "@cdktf/provider-databricks/lib/credential";
import { DataDatabricksAwsUnityCatalogAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-unity-catalog-assume-role-policy";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { WorkspaceBinding } from "@cdktf/provider-databricks/lib/workspace-binding";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import { UnityCatalogAwsRole } from "./unity-catalog-aws-role";

/** Props of {@link KinesisServiceCredential}. */
export interface KinesisServiceCredentialProps {
  /** Name of the Unity Catalog service credential, used by `read_kinesis(serviceCredential => …)`. */
  readonly credentialName: string;
  /** Name of the IAM role the credential assumes. */
  readonly roleName: string;
  /** AWS account id the role and the streams live in (a token from `aws_caller_identity` is expected). */
  readonly awsAccountId: string;
  /** ARNs of the streams pipelines may read. */
  readonly streamArns: readonly string[];
  /** KMS key ARN that encrypts the streams (reads decrypt through Kinesis). */
  readonly kmsKeyArn: string;
  /**
   * Principals granted ACCESS on the credential: the identity the pipelines run as (their run-as
   * service principal), or the groups whose members' pipelines read the streams where none is set.
   */
  readonly users: readonly string[];
  /**
   * Owner of the credential (an admin group), instead of the identity running Terraform.
   * @default not set: the identity running Terraform owns it
   */
  readonly owner?: string;
  /**
   * The environment's workspace (numeric id or token). The credential is ISOLATED: only bound
   * workspaces may use it. The provider binds the workspace it runs against; with this set, the
   * binding is also declared, so a plan shows it if someone removes it.
   * @default no declared binding (the provider's automatic one only)
   */
  readonly workspaceId?: string | number;
  /** AWS partition of the role's ARN (`aws`, `aws-us-gov`, …). @default "aws" */
  readonly partition?: string;
  /** Workspace-level provider (the credential is a Unity Catalog object). @default the scope's default databricks provider */
  readonly workspaceProvider?: TerraformProvider;
  /**
   * What the credential must wait for, typically the metastore assignment: a workspace without a
   * metastore cannot create Unity Catalog objects.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A Unity Catalog service credential for reading Kinesis from pipelines (`read_kinesis` with
 * `serviceCredential`), instead of instance profiles on clusters: it works on serverless and is
 * governed by grants. The IAM role is trusted the same way as the storage credential's (UC master
 * role with this credential's external id, plus self-assume) and may only read the listed streams.
 * The credential is ISOLATED to the environment's workspace.
 *
 * @example
 * // `ingest` is the KinesisIngest, `caller` a DataAwsCallerIdentity, `workspaceProvider` the
 * // workspace-level Databricks provider.
 * new KinesisServiceCredential(this, "KinesisCredential", {
 *   credentialName: "fraud_lakehouse_prod_kinesis",
 *   roleName: "frdlh-prod-kinesis-read",
 *   awsAccountId: caller.accountId,
 *   streamArns: Object.values(ingest.streams).map((stream) => stream.arn),
 *   kmsKeyArn: ingest.kmsKey.keyArn,
 *   users: ["data-engineers"],
 *   workspaceProvider,
 * });
 */
export class KinesisServiceCredential extends Construct {
  readonly credential: Credential;
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  readonly credentialName: string;
  /** The declared binding to the environment's workspace, when `workspaceId` is set. */
  readonly workspaceBinding?: WorkspaceBinding;

  constructor(scope: Construct, id: string, props: KinesisServiceCredentialProps) {
    super(scope, id);
    const partition = props.partition ?? "aws";
    // As for the storage credential: the credential names the role by ARN before the role exists,
    // because the role's trust needs the credential's external id.
    this.credential = new Credential(this, "Credential", {
      provider: props.workspaceProvider,
      name: props.credentialName,
      purpose: "SERVICE",
      awsIamRole: { roleArn: UnityCatalogAwsRole.arnFor(props.roleName, props.awsAccountId, partition) },
      comment: "Read access to the ingest Kinesis streams (managed by cdktf-lakehouse)",
      // Environments share the metastore: an OPEN credential could be used from every workspace on it.
      // The provider applies ISOLATED after create and binds the current workspace
      // (catalog/resource_credential.go:94, bindings.AddCurrentWorkspaceBindings at v1.99.0).
      isolationMode: "ISOLATION_MODE_ISOLATED",
      owner: props.owner,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.credentialName = this.credential.name;
    if (props.workspaceId !== undefined) {
      this.workspaceBinding = new WorkspaceBinding(this, "WorkspaceBinding", {
        provider: props.workspaceProvider,
        securableName: this.credential.name,
        securableType: "credential",
        workspaceId:
          typeof props.workspaceId === "number" ? props.workspaceId : Token.asNumber(props.workspaceId),
        bindingType: "BINDING_TYPE_READ_WRITE",
      });
    }

    const trust = new DataDatabricksAwsUnityCatalogAssumeRolePolicy(this, "AssumeRolePolicy", {
      provider: props.workspaceProvider,
      awsAccountId: props.awsAccountId,
      roleName: props.roleName,
      externalId: this.credential.awsIamRole.externalId,
      awsPartition: props.partition,
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: "Assumed by Unity Catalog (service credential) to read the ingest Kinesis streams",
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
      tags: layerTags("ingest"),
    });
    const permissions = new DataAwsIamPolicyDocument(this, "PermissionPolicy", {
      statement: [
        {
          sid: "ReadStreams",
          effect: "Allow",
          actions: [
            "kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:ListShards",
          ],
          resources: [...props.streamArns],
        },
        {
          // The key policy limits use to requests made through Kinesis (kms:ViaService).
          sid: "DecryptStreams",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [props.kmsKeyArn],
        },
        { sid: "AssumeSelf", effect: "Allow", actions: ["sts:AssumeRole"], resources: [this.role.arn] },
      ],
    });
    this.policy = new IamRolePolicy(this, "Policy", {
      name: "unity-catalog-kinesis-read",
      role: this.role.id,
      policy: permissions.json,
    });

    if (props.users.length > 0) {
      new Grants(this, "Grants", {
        provider: props.workspaceProvider,
        credential: this.credential.name,
        grant: [...new Set(props.users)].sort().map((principal) => ({ principal, privileges: ["ACCESS"] })),
        dependsOn: [this.role, this.policy],
      });
    }
  }
}
