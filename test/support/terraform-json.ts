/**
 * Helpers to read a synthesized stack as Terraform JSON and assert on it. Tests look at the JSON a
 * user would apply, not at construct internals. Reading the JSON is the terraform-json model's job;
 * this adds the cdktf step (synthesize a stack) and keeps the names tests use.
 */
import { Testing, type TerraformStack } from "cdktf";
import type { SynthesizedStackJson } from "../../terraform-json/synthesized-stack";

export {
  dataOf,
  onlyResource,
  references,
  resourcesOf,
  unresolvedReferences,
} from "../../terraform-json/synthesized-stack";

/** The synthesized stack document (`cdk.tf.json`). */
export type TerraformJson = SynthesizedStackJson;

/** Synthesizes a stack (aspects included) and parses the result. */
export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}
