import { join } from "path";
import {
  Annotations,
  Aspects,
  TerraformDataSource,
  TerraformResource,
  TerraformStack,
  type IAspect,
  type ISynthesisSession,
} from "cdktf";
// Not re-exported from the package root; the same hook TerraformAsset uses to write files at synth time.
import { addCustomSynthesis, invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { Construct, type IConstruct } from "constructs";
import { evaluateGuardrails } from "../../guardrails/engine";
import { formatFinding, writeReport } from "../../guardrails/report";
import { declaredSuppressions, suppressGuardrails } from "./guardrail-suppressions";
import type { ElementInfo } from "../../guardrails/context";
import type { SynthesizedStackJson } from "../../terraform-json/synthesized-stack";
import type { GuardrailRule, GuardrailSuppression, GuardrailsReport, Stage } from "../../guardrails/types";

/** Props of {@link LakehouseGuardrails}. */
export interface LakehouseGuardrailsProps {
  /** Stage of the environment: prod-only and non-dev rules apply by it. */
  readonly stage: Stage;
  /**
   * Rules to evaluate.
   * @default LAKEHOUSE_RULES (every built-in rule)
   */
  readonly rules?: readonly GuardrailRule[];
  /**
   * Tag keys every taggable AWS/Azure resource must carry.
   * @default DEFAULT_REQUIRED_TAG_KEYS (project, environment, owner, cost-center, layer, managed-by)
   */
  readonly requiredTagKeys?: readonly string[];
  /**
   * Tag keys Databricks compute must carry in `custom_tags`.
   * @default DEFAULT_REQUIRED_COMPUTE_TAG_KEYS (the above without layer)
   */
  readonly requiredComputeTagKeys?: readonly string[];
  /**
   * Stack-wide suppressions, each with a non-empty reason. Narrower ones go on a construct with
   * {@link suppressGuardrails}.
   * @default none
   */
  readonly suppressions?: readonly GuardrailSuppression[];
  /**
   * Write `guardrails.json` and `guardrails.md` next to the stack's `cdk.tf.json`.
   * @default true
   */
  readonly writeReport?: boolean;
}

interface VisitedElement extends ElementInfo {
  readonly construct: IConstruct;
}

function hasTagsArgument(node: TerraformResource): boolean {
  return "tagsInput" in node;
}

/**
 * Policy checks that run on every synth of the stack they are added to.
 *
 * It is an aspect (added to the stack on construction) that records each Terraform resource and data
 * source it visits, and a synth hook that, once every aspect has run (tags, prevent_destroy), evaluates
 * the rules on `stack.toTerraform()` — the resolved JSON Terraform will read, overrides included —
 * writes the report into the stack's synth directory, and turns failures into annotations: errors stop
 * synth (`cdktf synth` lists them per construct), warnings are printed and recorded in the manifest.
 * The JSON it resolved is the one synth writes: the stack is resolved once.
 *
 * @example
 * // In a TerraformStack: check every synth of this stack against the prod rules.
 * new LakehouseGuardrails(this, "Guardrails", {
 *   stage: "prod",
 *   suppressions: [{ ruleId: "LH-AZST-004", reason: "Account created before infrastructure encryption; migration planned" }],
 * });
 */
export class LakehouseGuardrails extends Construct implements IAspect {
  /** The report of the last synth (or {@link evaluate}) of this stack. */
  public lastReport?: GuardrailsReport;

  private readonly stack: TerraformStack;
  private readonly props: LakehouseGuardrailsProps;
  private readonly visited = new Map<string, VisitedElement>();
  /** The stack's JSON resolved by this synth's check, until synth writes it. */
  private resolved?: SynthesizedStackJson;

  constructor(scope: Construct, id: string, props: LakehouseGuardrailsProps) {
    super(scope, id);
    this.stack = TerraformStack.of(this);
    this.props = props;
    if (props.suppressions) suppressGuardrails(this.stack, props.suppressions);
    Aspects.of(this.stack).add(this);
    addCustomSynthesis(this, { onSynthesize: (session) => this.onSynthesize(session) });
    this.shareResolvedJson();
  }

  /** Records resources and data sources (their construct, path and whether they take tags). */
  visit(node: IConstruct): void {
    if (node instanceof TerraformResource) {
      this.visited.set(`${node.terraformResourceType}.${node.friendlyUniqueId}`, {
        construct: node,
        path: node.node.path,
        taggable: hasTagsArgument(node),
      });
    } else if (node instanceof TerraformDataSource) {
      this.visited.set(`data.${node.terraformResourceType}.${node.friendlyUniqueId}`, {
        construct: node,
        path: node.node.path,
        taggable: false,
      });
    }
  }

  /**
   * Applies the stack's aspects and evaluates the rules, without writing files or annotations (for
   * tests and tools; `app.synth()` does the same and also reports).
   */
  evaluate(): GuardrailsReport {
    // As app.synth() does: cross-stack references first (they add outputs and remote-state reads).
    this.stack.prepareStack();
    invokeAspects(this.stack);
    return this.compute(this.stack.toTerraform() as SynthesizedStackJson);
  }

  /**
   * Resolving a stack to JSON is the costliest step of its synth, and cdktf's synthesizer resolves it
   * again to write `cdk.tf.json` right after the synth hooks (this check among them) have run, with
   * nothing in between that changes the tree. So the stack's next `toTerraform()` after the check
   * returns the JSON the check resolved (the engine only reads it), once; whatever happens, it is
   * dropped when the stack's synth ends.
   */
  private shareResolvedJson(): void {
    const stack = this.stack;
    const resolve = stack.toTerraform.bind(stack);
    stack.toTerraform = () => {
      const json = this.resolved;
      this.resolved = undefined;
      return json ?? resolve();
    };
    const synthesizer = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session) => {
        try {
          synthesizer.synthesize(session);
        } finally {
          this.resolved = undefined;
        }
      },
    };
  }

  private compute(json: SynthesizedStackJson): GuardrailsReport {
    const report = evaluateGuardrails(json, {
      stackName: this.stack.node.id,
      stage: this.props.stage,
      rules: this.props.rules,
      requiredTagKeys: this.props.requiredTagKeys,
      requiredComputeTagKeys: this.props.requiredComputeTagKeys,
      suppressions: declaredSuppressions(this.stack),
      elementInfo: (address) => this.visited.get(address),
    });
    this.lastReport = report;
    return report;
  }

  private onSynthesize(session: ISynthesisSession): void {
    const json = this.stack.toTerraform() as SynthesizedStackJson;
    const report = this.compute(json);
    this.resolved = json;
    if (this.props.writeReport ?? true) {
      const directory = join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
      writeReport(directory, report);
    }
    const byPath = new Map(this.stack.node.findAll().map((n) => [n.node.path, n]));
    for (const finding of report.findings) {
      if (finding.status !== "fail") continue;
      const target =
        this.visited.get(finding.address)?.construct ?? byPath.get(finding.constructPath) ?? this;
      const message = formatFinding(report.stack, finding);
      if (finding.severity === "error") Annotations.of(target).addError(message);
      else Annotations.of(target).addWarning(message);
    }
    for (const problem of report.problems) {
      Annotations.of(byPath.get(problem.path) ?? this).addError(
        `[guardrails] stack ${report.stack}: ${problem.message}`,
      );
    }
  }
}
