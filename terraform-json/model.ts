/**
 * The one model of what Terraform will read, whether it comes from a cdktf synth (`cdk.tf.json`) or a
 * plan (`terraform show -json`): stacks of elements (resources and data sources) with their attribute
 * values, the providers' literal settings and, for plans, each change's actions.
 */
import type { PlanDocument } from "./plan-changes";
import type { Attributes } from "./values";

/** `managed` for resources, `data` for data sources (Terraform's own words in plan JSON). */
export type ElementMode = "managed" | "data";

/** A plan's change actions (format 1.x; `forget` comes from `removed { lifecycle { destroy = false } }`). */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

/** One resource or data source. */
export interface TerraformElement {
  readonly mode: ElementMode;
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical id in synth output (`Bucket_1234`); the plan's name with its instance key (`b["x"]`). */
  readonly name: string;
  /** `aws_s3_bucket.Bucket_1234`, `data.aws_iam_policy_document.Doc_5678`, or the plan's address. */
  readonly address: string;
  /**
   * Attribute values without cdktf's `//` metadata: synth arguments (references are `${…}` strings) or a
   * plan's planned (`after`) values (its `before` values for a deleted resource).
   */
  readonly attributes: Attributes;
  /** Synth only: the construct path cdktf records in the element's `//` metadata. */
  readonly constructPath?: string;
  /** Plan only: the change's actions. */
  readonly actions?: readonly PlanAction[];
  /** Plan only: attribute values before the change (null when the resource is created). */
  readonly before?: Attributes | null;
}

/** One provider configuration: a synth `provider` block, or a plan's `provider_config` literals. */
export interface ProviderConfig {
  /** Local name, e.g. `aws`. */
  readonly name: string;
  readonly alias?: string;
  /** Synth: the block as written (alias included); plan: the expressions' constant values. */
  readonly attributes: Attributes;
}

/** One stack: a synthesized `cdk.tf.json`, or one plan. */
export interface StackModel {
  /**
   * Synth: the stack name from cdktf's metadata (else the directory name); plan: the name it was given
   * (`<stack>=<plan.json>`) or its cdktf.out/stacks/<stack>/ directory, never the file name.
   */
  readonly name: string;
  readonly source: "synth" | "plan";
  /** The file it was read from (`<memory>` when read from an object). */
  readonly path: string;
  /** Managed resources as they will exist, by address (a plan's deleted resources are in `deleted`). */
  readonly resources: readonly TerraformElement[];
  /** Data sources, by address. */
  readonly dataSources: readonly TerraformElement[];
  /** Plan only: resources the plan deletes without re-creating. */
  readonly deleted: readonly TerraformElement[];
  readonly providers: readonly ProviderConfig[];
  /** Synth only: the `cdk.tf.json` as read (its `moved`, `import`, `removed` blocks and locals). */
  readonly synth?: Attributes;
  /** Plan only: every change of the plan, as the data-loss review reads it. */
  readonly plan?: PlanDocument;
}

/** Synth output of several stacks, or one plan per stack. */
export interface Snapshot {
  readonly kind: "synth" | "plan";
  /** The directory, file or files read. */
  readonly path: string;
  readonly stacks: readonly StackModel[];
}

/** The default (unaliased) configuration of a provider, if the stack has one. */
export function defaultProvider(stack: StackModel, name: string): ProviderConfig | undefined {
  return stack.providers.find((p) => p.name === name && p.alias === undefined);
}
