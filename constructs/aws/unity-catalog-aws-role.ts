import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { DataDatabricksAwsUnityCatalogAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-unity-catalog-assume-role-policy";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import { PropagationDelay } from "../core/propagation-delay";

/** Props of {@link UnityCatalogAwsRole}. */
export interface UnityCatalogAwsRoleProps {
  /**
   * Role name; the stack computes the ARN from it before the role exists (the credential needs the
   * ARN, the role trust needs the credential's external id). See {@link UnityCatalogAwsRole.arnFor}.
   */
  readonly roleName: string;
  /** AWS account id the role and the buckets live in (a token from `aws_caller_identity` is expected). */
  readonly awsAccountId: string;
  /**
   * External id of the storage credential (`databricks_storage_credential.aws_iam_role[0].external_id`).
   * Unity Catalog presents it on every `sts:AssumeRole`; the trust policy requires it.
   */
  readonly externalId: string;
  /**
   * S3 bucket names the role may read/write (the medallion layer buckets). At least one; Unity Catalog
   * rejects bucket names with dots.
   */
  readonly bucketNames: readonly string[];
  /** KMS key ARN that encrypts those buckets (SSE-KMS): the role encrypts and decrypts through S3. */
  readonly kmsKeyArn: string;
  /**
   * AWS partition (`aws`, `aws-us-gov`; a token from `aws_partition` is accepted).
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * ARN of the Unity Catalog master role trusted by the role (Databricks' role in its own account).
   * Set it only for a deployment the data source does not know (e.g. GovCloud DoD).
   * @default the data source's master role for the partition
   */
  readonly unityCatalogIamArn?: string;
  /**
   * Longest session Unity Catalog can get from the role, in seconds (3600–43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * Provider the Databricks data sources run on (they compute locally; any databricks provider works).
   * @default the scope's default `databricks` provider
   */
  readonly databricksProvider?: TerraformProvider;
}

/**
 * The IAM role a Unity Catalog storage credential assumes on AWS: trusted by the Unity Catalog master
 * role (with the credential's external id) and by itself, allowed to read and write the layer buckets
 * and to use their KMS key.
 *
 * Create the external locations after {@link ready}: Databricks checks its access when a location is
 * created.
 *
 * @example
 * // `storage` is the S3MedallionStorage, `unityCatalog` the UnityCatalog (its storage credential gives
 * // the external id), `caller` a DataAwsCallerIdentity.
 * new UnityCatalogAwsRole(this, "UnityCatalogRole", {
 *   roleName: "frdlh-prod-unity-catalog",
 *   awsAccountId: caller.accountId,
 *   externalId: unityCatalog.awsExternalId!,
 *   bucketNames: Object.values(storage.layerBuckets).map((bucket) => bucket.bucketName),
 *   kmsKeyArn: storage.kmsKey.keyArn,
 * });
 */
export class UnityCatalogAwsRole extends Construct {
  /**
   * The ARN a role of this name will have, for the storage credential that must exist before the
   * role (the role's trust needs the credential's external id).
   */
  static arnFor(roleName: string, awsAccountId: string, partition = "aws"): string {
    return `arn:${partition}:iam::${awsAccountId}:role/${roleName}`;
  }

  readonly role: IamRole;
  /** Inline permission policy (S3, KMS, self-assume). */
  readonly policy: IamRolePolicy;
  /** The role's ARN attribute (equals `arnFor(roleName, …)` once created). */
  readonly roleArn: string;
  readonly roleName: string;
  /** The role, its permission policy and a 60 s IAM propagation delay: external locations depend on them. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: UnityCatalogAwsRoleProps) {
    super(scope, id);
    validateBucketNames(props.bucketNames);
    const partition = props.partition ?? "aws";
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    if (!Token.isUnresolved(maxSession) && (maxSession < 3600 || maxSession > 43200)) {
      throw new Error(`UnityCatalogAwsRole: maxSessionDurationSeconds must be 3600–43200, got ${maxSession}`);
    }

    // Trust, in two statements (both need the storage credential's external id):
    // 1. Unity Catalog's master role (Databricks' account) may assume the role when it presents
    //    `sts:ExternalId` = the credential's external id; the id keeps another Databricks customer
    //    from pointing a credential at our role (confused deputy).
    // 2. The role may assume itself: Unity Catalog re-assumes the role from a session of the role to
    //    hand out down-scoped credentials. Since June 2023 AWS no longer lets a role assume itself
    //    implicitly, and Databricks stopped accepting non-self-assuming roles for credentials created
    //    after 2024-09-20 and for all credentials from 2025-01-20. A trust policy cannot name a role
    //    that does not exist yet (IAM rejects the principal), so the statement trusts the account
    //    root with an `aws:PrincipalArn` ArnLike condition on the role's own ARN, checked at assume
    //    time.
    // The data source writes both statements (the external id on the self-assume too since
    // terraform-provider-databricks PR #4738, May 2025) and knows the master role ARN per partition.
    const trust = new DataDatabricksAwsUnityCatalogAssumeRolePolicy(this, "AssumeRolePolicy", {
      provider: props.databricksProvider,
      awsAccountId: props.awsAccountId,
      roleName: props.roleName,
      externalId: props.externalId,
      awsPartition: props.partition,
      unityCatalogIamArn: props.unityCatalogIamArn,
    });

    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: "Assumed by Unity Catalog (storage credential) to access the lakehouse buckets",
      assumeRolePolicy: trust.json,
      maxSessionDuration: maxSession,
      tags: layerTags("platform"),
    });
    this.roleArn = this.role.arn;
    this.roleName = props.roleName;

    // Our own document rather than `databricks_aws_unity_catalog_policy`: that data source takes one
    // bucket (N buckets would mean N documents merged, each repeating the self-assume statement), puts
    // object and bucket actions on both ARNs, and since early 2025 (PR #4406) always adds the "managed
    // file events" statements (create/delete any SNS topic and SQS queue, `arn:aws:sqs:*:*:*`), which the
    // lakehouse does not use. These statements mirror its S3 (incl. multipart), KMS and STS ones, split
    // per resource kind.
    const bucketArns = props.bucketNames.map((name) => `arn:${partition}:s3:::${name}`);
    const permissions = new DataAwsIamPolicyDocument(this, "PermissionPolicy", {
      statement: [
        {
          // Multipart actions as in the provider's policy (aws/data_aws_unity_catalog_policy.go at
          // v1.99.0): large writes are multipart, and failed ones must be listed and aborted.
          sid: "ReadWriteLayerObjects",
          effect: "Allow",
          actions: [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:ListMultipartUploadParts",
            "s3:AbortMultipartUpload",
          ],
          resources: bucketArns.map((arn) => `${arn}/*`),
        },
        {
          sid: "ListLayerBuckets",
          effect: "Allow",
          actions: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
          resources: bucketArns,
        },
        {
          // The key policy further limits use to requests made through S3 (kms:ViaService).
          sid: "UseStorageKey",
          effect: "Allow",
          actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
          resources: [props.kmsKeyArn],
        },
        {
          // Self-assume needs both sides: the trust above and this permission on the caller.
          sid: "AssumeSelf",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          resources: [this.role.arn],
        },
      ],
    });
    // Inline: the policy belongs to this role only and goes away with it.
    this.policy = new IamRolePolicy(this, "Policy", {
      name: "unity-catalog-storage",
      role: this.role.id,
      policy: permissions.json,
    });
    // External locations are validated on create; give IAM time to make the new role assumable: 60 s,
    // as the Databricks SRA waits (20 s failed intermittently).
    this.ready = [
      this.role,
      this.policy,
      new PropagationDelay(this, "Propagation", { after: [this.role, this.policy] }).ready,
    ];
  }
}

function validateBucketNames(bucketNames: readonly string[]): void {
  if (bucketNames.length === 0) {
    throw new Error("UnityCatalogAwsRole: bucketNames must name at least one bucket");
  }
  const literals = bucketNames.filter((name) => !Token.isUnresolved(name));
  const dotted = literals.filter((name) => name.includes("."));
  if (dotted.length > 0) {
    throw new Error(
      `UnityCatalogAwsRole: Unity Catalog rejects bucket names with dots: ${dotted.map((n) => `'${n}'`).join(", ")}`,
    );
  }
  const duplicates = literals.filter((name, index) => literals.indexOf(name) !== index);
  if (duplicates.length > 0) {
    throw new Error(`UnityCatalogAwsRole: bucketNames lists '${duplicates[0]}' more than once`);
  }
}
