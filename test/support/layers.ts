/** Building an environment's two deploy layers in tests, with cross-stack references resolved as `cdktf synth` does. */
import { Testing, type TerraformStack } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig, type ResolvedEnvironment } from "../../config";
import type { LakehouseConfigInput } from "../../config/schema";
import { AwsEnvironmentStack } from "../../stacks/aws-environment-stack";
import { AzureEnvironmentStack } from "../../stacks/azure-environment-stack";
import { WorkspaceStack } from "../../stacks/workspace-stack";
import { synthJson, type TerraformJson } from "./terraform-json";

/**
 * Prepares stacks as `app.synth()` does before writing them: cross-stack references become outputs in
 * the referenced stack and `terraform_remote_state` reads in the referencing one. `Testing.synth`
 * alone skips this, and would show references to resources of another stack.
 */
export function prepareStacks(stacks: readonly TerraformStack[]): void {
  for (const stack of stacks) stack.prepareStack();
}

/** One environment of the example (edited), resolved. */
export function exampleEnvironment<E extends ResolvedEnvironment = ResolvedEnvironment>(
  id: string,
  edit?: (env: Record<string, unknown>, config: LakehouseConfigInput) => void,
): E {
  const input = structuredClone(EXAMPLE_CONFIG);
  const env = input.environments.find((e) => `${e.cloud}-${e.name}` === id);
  if (!env) throw new Error(`no example environment ${id}`);
  edit?.(env as unknown as Record<string, unknown>, input);
  return loadConfig(input).environments.find((e) => e.id === id) as E;
}

/** Both layers of one environment, built in a fresh app, with their prepared JSON. */
export interface BuiltLayers {
  readonly environmentStack: AzureEnvironmentStack | AwsEnvironmentStack;
  readonly workspaceStack: WorkspaceStack;
  /** The `<env>` stack's JSON. */
  readonly environment: TerraformJson;
  /** The `<env>-workspace` stack's JSON. */
  readonly workspace: TerraformJson;
}

const built = new Map<string, BuiltLayers>();

/**
 * Builds (or returns the already built) layers of an environment. The same resolved environment always
 * synthesizes the same JSON, so tests share one build per distinct environment; they only read it.
 */
export function buildLayers(environment: ResolvedEnvironment, withDatasets = true): BuiltLayers {
  const key = JSON.stringify([environment, withDatasets]);
  const cached = built.get(key);
  if (cached) return cached;
  const result = build(environment, withDatasets);
  built.set(key, result);
  return result;
}

function build(environment: ResolvedEnvironment, withDatasets: boolean): BuiltLayers {
  const app = Testing.app();
  const datasets = withDatasets ? loadConfig(EXAMPLE_CONFIG).datasets[environment.cloud] : undefined;
  const environmentStack =
    environment.cloud === "azure"
      ? new AzureEnvironmentStack(app, environment.id, { environment, datasets })
      : new AwsEnvironmentStack(app, environment.id, { environment });
  const workspaceStack = new WorkspaceStack(app, `${environment.id}-workspace`, {
    environment,
    inputs: environmentStack.workspaceLayer,
    datasets,
  });
  prepareStacks([environmentStack, workspaceStack]);
  return {
    environmentStack,
    workspaceStack,
    environment: synthJson(environmentStack),
    workspace: synthJson(workspaceStack),
  };
}

/** `${data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.cross-stack-output-<type><id…>}` as a regex source. */
export function remoteOutput(stack: string, typeAndIdPattern: string): string {
  return `\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${stack}\\.outputs\\.cross-stack-output-${typeAndIdPattern}\\}`;
}
