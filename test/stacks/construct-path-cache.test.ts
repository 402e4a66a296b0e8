/**
 * `stacks/construct-path-cache.ts` (installed for every test by the jest setup, as `npm run synth` installs it):
 * `node.path` answers what the constructs library computes, for every construct of the example app and for
 * constructs added after a path was read.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { computePath, installConstructPathCache } from "../../stacks/construct-path-cache";
import { addLakehouseStacks, createLakehouseApp } from "../../stacks/lakehouse-app";

describe("construct path cache", () => {
  it("is installed: node.path is no longer the constructs library's getter", () => {
    const getter = Object.getOwnPropertyDescriptor(Node.prototype, "path")?.get;
    expect(getter?.name).toBe("cachedPath");
  });

  it("gives the paths the constructs library gives, before and after more constructs are added", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "path-cache-")) });
    const stack = new TerraformStack(app, "stack");
    const parent = new Construct(stack, "parent");
    const child = new Construct(parent, "child");
    expect([stack.node.path, parent.node.path, child.node.path]).toEqual([
      "stack",
      "stack/parent",
      "stack/parent/child",
    ]);
    expect(child.node.path).toBe("stack/parent/child"); // the remembered answer
    const later = new Construct(parent, "later");
    expect(later.node.path).toBe("stack/parent/later");
    expect(app.node.path).toBe("");
    installConstructPathCache(); // a second install changes nothing
    expect(later.node.path).toBe("stack/parent/later");
  });

  it("answers computePath for every construct of the example app, read before and after synth", () => {
    const app = createLakehouseApp({ outdir: mkdtempSync(join(tmpdir(), "path-cache-")) });
    addLakehouseStacks(app, loadConfig(EXAMPLE_CONFIG));
    const nodes = app.node.findAll().map((c) => c.node);
    const before = nodes.map((node) => node.path);
    app.synth();
    expect(nodes.length).toBeGreaterThan(1000);
    expect(before).toEqual(nodes.map((node) => computePath(node)));
    expect(app.node.findAll().map((c) => c.node.path)).toEqual(
      app.node.findAll().map((c) => computePath(c.node)),
    );
    expect(before).toContain("azure-prod-workspace");
  });
});
