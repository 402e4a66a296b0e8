import { AzurermBackend, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../config";

/**
 * Where a stack keeps its state. Local by default so the example can be tried without any cloud;
 * remote backends key the state by stack id so environments never share a state file.
 */
export function configureBackend(stack: TerraformStack, env: ResolvedEnvironment): void {
  const backend = env.backend;
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `terraform.${env.id}.tfstate` });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key ?? `${env.id}.tfstate`,
        // State access with Entra ID, like the lakehouse account (shared keys may be disabled).
        useAzureadAuth: true,
      });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key ?? `${env.id}/terraform.tfstate`,
        region: backend.region ?? env.region,
        encrypt: true,
      });
      // Native S3 state locking (Terraform ≥ 1.10); cdktf 0.21's S3Backend has no field for it.
      s3.addOverride("use_lockfile", true);
      return;
    }
  }
}
