import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/**
 * The Terraform version every stack needs: `moved` blocks (≥ 1.5), `removed` blocks (≥ 1.7) and the S3
 * backend's `use_lockfile` (≥ 1.10; README "Deploy"). Declared in each stack's `terraform` block, so
 * `terraform init` enforces it on the machine that deploys.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10";

/**
 * Base of every lakehouse stack: declares {@link REQUIRED_TERRAFORM_VERSION} and keeps synth independent
 * of a `terraform` binary. cdktf (0.21, `StackSynthesizer.synthesize`) adds a `ValidateTerraformVersion`
 * to any stack with a `moved` block, which runs `terraform version` through `execSync` at synth: on a
 * machine without terraform (CI, the README's first command) synth then fails with "Could not determine
 * version of terraform", and with it every stack pays a process spawn (~150 ms). `hasResourceMove()` is
 * read only for that validation (the `moved` blocks and their metadata are written by the resources), so
 * answering `false` leaves the output unchanged and moves the check to `required_version`.
 *
 * @example
 * class MyStack extends LakehouseStack {
 *   constructor(scope: Construct, id: string) {
 *     super(scope, id);
 *   }
 * }
 */
export abstract class LakehouseStack extends TerraformStack {
  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  }

  /** Always false: see the class comment (the version is enforced by `required_version` instead). */
  public override hasResourceMove(): boolean {
    return false;
  }
}
