import { AzurermBackend, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../config";

/** Where a stack keeps its state: an environment's `backend` config. */
export type BackendConfig = ResolvedEnvironment["backend"];

/**
 * Where a stack keeps its state. Local by default so the example can be tried without any cloud;
 * every stack (each deploy layer of each environment) has its own state: remote backends key it by
 * stack id. An explicit `key` names the environment layer's state; the workspace layer's key gets
 * `-workspace` inserted before its `.tfstate` / `/terraform.tfstate` ending ({@link layerStateKey}).
 */
export function configureBackend(
  stack: TerraformStack,
  backend: BackendConfig,
  options: { readonly region: string; readonly layer?: "workspace" },
): void {
  const stackId = stack.node.id;
  const key = (configured: string | undefined, fallback: string): string =>
    configured === undefined ? fallback : layerStateKey(configured, options.layer);
  switch (backend.type) {
    case "local":
      // cdktf runs Terraform in cdktf.out/stacks/<stack>/, and a later layer reads this state through
      // a `terraform_remote_state` with the same path from its own directory: the path goes through
      // the parent so it names the same file from both (the state still lives in the stack's directory).
      new LocalBackend(stack, { path: `../${stackId}/terraform.${stackId}.tfstate` });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: key(backend.key, `${stackId}.tfstate`),
        // State access with Entra ID, like the lakehouse account (shared keys may be disabled).
        useAzureadAuth: true,
      });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: key(backend.key, `${stackId}/terraform.tfstate`),
        region: backend.region ?? options.region,
        encrypt: true,
      });
      // Native S3 state locking (Terraform ≥ 1.10); cdktf 0.21's S3Backend has no field for it.
      s3.addOverride("use_lockfile", true);
      return;
    }
  }
}

/**
 * The state key of a deploy layer from the key configured for the environment: unchanged for the
 * environment layer; for the workspace layer `-workspace` goes before a `/terraform.tfstate` or
 * `.tfstate` ending (`prod/terraform.tfstate` → `prod-workspace/terraform.tfstate`, `prod.tfstate` →
 * `prod-workspace.tfstate`), else at the end.
 */
export function layerStateKey(key: string, layer?: "workspace"): string {
  if (layer === undefined) return key;
  const suffix = `-${layer}`;
  const ending = /(\/terraform\.tfstate|\.tfstate)$/.exec(key);
  return ending ? `${key.slice(0, ending.index)}${suffix}${ending[0]}` : `${key}${suffix}`;
}
