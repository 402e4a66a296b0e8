import { App, TerraformStack, type AppConfig } from "cdktf";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- cdktf's own error, as its App.synth throws it
import errors = require("cdktf/lib/errors");
import { installSynthReplacements } from "./synth-replacements";

/**
 * A cdktf `App` whose synth resolves each stack once. cdktf's `App.synth` (0.21) first "prepares" every
 * stack — resolves every element once only to find cross-stack references, which add an output to the
 * referenced stack and a remote-state read to the referencing one — and then resolves every element
 * again to write it: two walks of every resource. Here the stacks are synthesized in reverse order, so
 * every stack that reads another is written before the stack it reads, and each `LakehouseStack`
 * resolves in cdktf's "preparing" mode while it writes (`LakehouseStack.toTerraform`): the walk that
 * writes a stack finds its cross-stack references, and the outputs they add are in place before the
 * referenced stack is written. The output is byte-identical to cdktf's (test/stacks/single-resolve-app.test.ts
 * compares every file of both examples).
 *
 * A stack that reads a stack created after it (later in the construct tree) would be written before the
 * output it needs exists: that raises an error naming both stacks instead of writing a broken reference.
 * Under cdktf's HCL output (`SYNTH_HCL_OUTPUT`) the app synthesizes as cdktf does.
 *
 * What the order changes, for stacks composed otherwise than ours (a review found these; none applies to
 * the lakehouse stacks, whose aspects touch resources and data sources only and which read nothing of
 * another stack at synth time): a stack is resolved before the stacks it reads run their aspects, so a
 * `Lazy` reading a value another stack's aspect sets sees it unset; and the remote-state read a stack
 * gets from a cross-stack reference is added while it resolves, after its own aspects ran (cdktf adds it
 * before), so an aspect does not see it.
 *
 * @example
 * const app = new SingleResolveApp({ outdir: "cdktf.out" });
 * addLakehouseStacks(app, config);
 * app.synth();
 */
export class SingleResolveApp extends App {
  private readonly written = new Set<TerraformStack>();
  private singleResolve = false;

  public constructor(config: AppConfig = {}) {
    super(config);
    // LakehouseStack.toTerraform's resolve runs through the token walk; each replacement gives cdktf's results.
    installSynthReplacements();
  }

  /** Whether `stack` is being synthesized by a {@link SingleResolveApp} that resolves each stack once. */
  public static resolvesOnce(stack: TerraformStack): boolean {
    const app = App.of(stack);
    return app instanceof SingleResolveApp && app.singleResolve;
  }

  public override synth(): void {
    const envHcl = process.env.SYNTH_HCL_OUTPUT;
    if (this.hclOutput || envHcl === "true" || envHcl === "1") return super.synth();
    this.singleResolve = true;
    this.written.clear();
    try {
      const session = { outdir: this.outdir, skipValidation: this.skipValidation, manifest: this.manifest };
      const stacks = this.node.findAll().filter(TerraformStack.isStack);
      // A LakehouseStack only ensures its backend here; any other stack prepares as in cdktf.
      stacks.forEach((stack) => stack.prepareStack());
      for (const stack of [...stacks].reverse()) {
        stack.synthesizer.synthesize(session);
        this.written.add(stack);
      }
      // The manifest took each stack's dependencies when the stack started to synthesize; a stack
      // learns what it reads while it resolves, so record them now (cdktf's order knew them before).
      for (const stack of stacks) {
        const entry = this.manifest.stacks[stack.node.id];
        if (entry)
          (entry as { dependencies: string[] }).dependencies = stack.dependencies.map((d) => d.node.path);
      }
      if (!this.skipValidation) {
        const validations = this.node.validate();
        if (validations.length > 0) throw errors.appValidationFailure(validations.join("\n  "));
      }
      this.manifest.writeToFile();
    } finally {
      this.singleResolve = false;
      this.written.clear();
    }
  }

  /** cdktf's cross-stack reference, refused when the referenced stack has been written already. */
  public override crossStackReference(
    fromStack: TerraformStack,
    toStack: TerraformStack,
    identifier: string,
  ): string {
    if (this.singleResolve && this.written.has(fromStack)) {
      throw new Error(
        `Stack '${toStack.node.id}' reads '${identifier}' from stack '${fromStack.node.id}', which is created after it ` +
          `and was therefore written first: create a stack before the stacks that read it (SingleResolveApp synthesizes ` +
          `in reverse order so that the reading stacks come first).`,
      );
    }
    return super.crossStackReference(fromStack, toStack, identifier);
  }
}
