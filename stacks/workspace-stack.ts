import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Aspects, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config";
import type { MedallionLayer } from "../vocabulary/medallion";
import type { LakehouseGuardrails } from "../constructs/core/lakehouse-guardrails";
import { PropagationDelay } from "../constructs/core/propagation-delay";
import { ProviderDependencyAspect } from "../constructs/core/provider-dependency-aspect";
import type { DatasetSpec } from "../pipelines";
import type { StorageCredentialSource } from "../constructs/databricks/unity-catalog";
import {
  addAwsWorkspaceAccess,
  awsUnityCatalogRoleArn,
  type AwsWorkspaceAccess,
} from "./aws-workspace-access";
import { addDatabricksPlatform, type DatabricksPlatform } from "./databricks-platform";
import { addEnvironmentBaseline } from "./environment-baseline";
import { addMedallionPipelines, type MedallionPipelines } from "./medallion-pipelines";
import { LakehouseStack } from "./lakehouse-stack";

/**
 * What an environment layer hands to its workspace layer. Values are tokens of the environment
 * layer's resources: used in the workspace stack they become cdktf cross-stack references (an output
 * there, a `terraform_remote_state` here), which also make the workspace stack deploy after it.
 */
interface WorkspaceLayerInputsBase {
  /** `https://<workspace host>`, for the workspace-level provider. */
  readonly workspaceUrl: string;
  /** Numeric workspace id (catalog binding). */
  readonly workspaceId: string | number;
  /**
   * Account-level assignments to the workspace by a stable name (`metastore`, `group:<name>`,
   * `service-principal:<application id>`) → their ids. The layer waits for them to propagate before
   * its first call, and waits again when one changes.
   */
  readonly accountAssignments: Readonly<Record<string, string>>;
  /** Storage URL of each medallion layer (external locations, the pipeline's landing URL). */
  readonly layerUrls: Readonly<Record<MedallionLayer, string>>;
}

/** Azure: the workspace's resource id, the access connector, the Event Hubs Kafka endpoint. */
export interface AzureWorkspaceLayerInputs extends WorkspaceLayerInputsBase {
  readonly cloud: "azure";
  /** `azurerm_databricks_workspace.id`, for the provider's Azure authentication. */
  readonly workspaceResourceId: string;
  /** Unity Catalog access connector id (the storage credential's identity). */
  readonly accessConnectorId: string;
  readonly eventHubs: {
    readonly bootstrapServers: string;
    readonly consumerGroup: string;
    /** The listen rule's connection string (stored in a secret scope for the pipeline). */
    readonly connectionString: string;
  };
}

/** AWS: what the Unity Catalog IAM roles of the workspace layer may use. */
export interface AwsWorkspaceLayerInputs extends WorkspaceLayerInputsBase {
  readonly cloud: "aws";
  readonly awsAccountId: string;
  readonly partition: string;
  /** `<bucketPrefix>`: the roles are named after it (as the environment layer's AWS resources). */
  readonly resourceNamePrefix: string;
  readonly layerBucketNames: Readonly<Record<MedallionLayer, string>>;
  readonly storageKmsKeyArn: string;
  readonly streamArns: readonly string[];
  /** Deployed name of each spec stream (literal names). */
  readonly streamNames: Readonly<Record<string, string>>;
  readonly streamKmsKeyArn: string;
}

export type WorkspaceLayerInputs = AzureWorkspaceLayerInputs | AwsWorkspaceLayerInputs;

/** Props of {@link WorkspaceStack}. */
export interface WorkspaceStackProps {
  /** The environment, as its environment layer was built from. */
  readonly environment: ResolvedEnvironment;
  /** `environmentLayer.workspaceLayer` of the environment's `<env>` stack. */
  readonly inputs: WorkspaceLayerInputs;
  /** The cloud's validated dataset spec; with the environment's `pipelines` settings it deploys the pipelines. @default none */
  readonly datasets?: DatasetSpec;
}

/**
 * The workspace layer of one environment, `<env>-workspace`: Unity Catalog objects, cluster policies,
 * the SQL warehouse, the pipelines' secret scope, folder, pipeline and jobs, the online store, and on
 * AWS the IAM roles Unity Catalog assumes (their trust needs the credentials' external ids). Every
 * call goes to the workspace, so this layer runs where the workspace is reachable: for a private-only
 * workspace, a runner in (or peered with) its network that resolves `privatelink.azuredatabricks.net`.
 *
 * It reads the environment layer's outputs (cross-stack references), so `cdktf deploy <env>
 * <env>-workspace` applies it second. Every workspace-level resource waits for a propagation delay
 * triggered by the environment layer's metastore and identity assignments: ACLs naming account groups
 * fail until their group is assigned to the workspace, and credentials right after a metastore
 * assignment (databricks/terraform-provider-databricks#5282, #5367).
 */
export class WorkspaceStack extends LakehouseStack {
  readonly databricks: DatabricksPlatform;
  /** The propagation delay every workspace-level resource waits for. */
  readonly accountAssignmentsPropagation: PropagationDelay;
  /** Policy checks run on every synth; `guardrails.evaluate()` returns the report. */
  readonly guardrails: LakehouseGuardrails;
  /** AWS: the Unity Catalog IAM role and (with pipelines) the Kinesis service credential. */
  readonly aws?: AwsWorkspaceAccess;
  /** Present when the environment configures pipelines and the cloud has a dataset spec. */
  readonly pipelines?: MedallionPipelines;

  constructor(scope: Construct, id: string, props: WorkspaceStackProps) {
    super(scope, id);
    const env = props.environment;
    const inputs = props.inputs;
    if (inputs.cloud !== env.cloud) {
      throw new Error(
        `WorkspaceStack ${id}: inputs are for ${inputs.cloud}, the environment is ${env.cloud}`,
      );
    }

    if (inputs.cloud === "aws") new AwsProvider(this, "Aws", { region: env.region });
    this.guardrails = addEnvironmentBaseline(this, env, "workspace");

    const workspaceProvider = new DatabricksProvider(this, "DatabricksWorkspace", {
      host: inputs.workspaceUrl,
      azureWorkspaceResourceId: inputs.cloud === "azure" ? inputs.workspaceResourceId : undefined,
    });
    this.accountAssignmentsPropagation = new PropagationDelay(this, "AccountAssignmentsPropagation", {
      triggers: inputs.accountAssignments,
    });
    const ready = [this.accountAssignmentsPropagation.ready];
    // Every workspace-level resource, whoever creates it: no ACL can run before its group is assigned.
    Aspects.of(this).add(new ProviderDependencyAspect(workspaceProvider, ready));

    const storageCredential: StorageCredentialSource =
      inputs.cloud === "azure"
        ? { kind: "azure-managed-identity", accessConnectorId: inputs.accessConnectorId }
        : { kind: "aws-iam-role", roleArn: awsUnityCatalogRoleArn(inputs) };
    this.databricks = addDatabricksPlatform(this, env, {
      workspaceId: inputs.workspaceId,
      workspaceProvider,
      dependsOn: ready,
      storageCredential,
      layerUrls: inputs.layerUrls,
    });
    if (inputs.cloud === "aws") {
      this.aws = addAwsWorkspaceAccess(this, env, inputs, {
        unityCatalog: this.databricks.unityCatalog,
        workspaceProvider,
        kinesis: props.datasets !== undefined && env.pipelines !== undefined,
        dependsOn: ready,
      });
    }

    if (props.datasets) {
      const kinesisCredential = this.aws?.kinesisCredential;
      this.pipelines = addMedallionPipelines(this, env, props.datasets, {
        workspaceProvider,
        landingUrl: inputs.layerUrls.landing,
        warehouseId: this.databricks.warehouse.warehouseId,
        pipelinePolicyId: this.databricks.clusterPolicies.policyIds.pipelines,
        pipelineDependencies: [
          ...Object.values(this.databricks.unityCatalog.schemas),
          ...Object.values(this.databricks.unityCatalog.grants),
          ...(kinesisCredential ? [kinesisCredential.credential] : []),
        ],
        eventHubs: inputs.cloud === "azure" ? inputs.eventHubs : undefined,
        kinesis:
          inputs.cloud === "aws" && kinesisCredential
            ? { serviceCredential: this.aws!.kinesisCredentialName, streamNames: inputs.streamNames }
            : undefined,
      });
    }

    new TerraformOutput(this, "catalog_name", { value: this.databricks.unityCatalog.catalog.name });
    new TerraformOutput(this, "sql_warehouse_id", { value: this.databricks.warehouse.warehouse.id });
  }
}
