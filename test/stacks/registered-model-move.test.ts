/**
 * The registered model's logical id changed from `RegisteredModel` (one model per catalog) to
 * `RegisteredModel_<name>` (models listed in the config). The first model and its grants carry `moved`
 * blocks from the old addresses, so an existing deployment renames them in state instead of destroying
 * the model (which `prevent_destroy` would refuse outside dev) and revoking its grants.
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { readSynthDocument } from "../../cost/data-loss/synth-document";
import { reviewSynthStack } from "../../cost/data-loss/synth-review";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { prepareStacks } from "../support/layers";
import type { TerraformJson } from "../support/terraform-json";

const OLD_MODEL = "databricks_registered_model.UnityCatalog_RegisteredModel_8D5D444D";
const NEW_MODEL = "databricks_registered_model.UnityCatalog_RegisteredModel_fraud_model_A21613B7";
const OLD_GRANTS = "databricks_grants.UnityCatalog_RegisteredModelGrants_906630E9";
const NEW_GRANTS = "databricks_grants.UnityCatalog_RegisteredModelGrants_fraud_model_A83BA23F";

const stacks = addLakehouseStacks(Testing.app(), loadConfig(EXAMPLE_CONFIG));
prepareStacks(stacks);
const head = JSON.parse(
  Testing.synth(stacks.find((s) => s.node.id === "azure-prod-workspace")!),
) as TerraformJson & { moved?: { from: string; to: string }[] };

/**
 * The stack as the previous release synthesized it (main before the models list, commit 8c0255b^1):
 * the model and its grants under their old logical ids, references to them too, and no moved block.
 */
function previousRelease(): Record<string, unknown> {
  const id = (address: string) => address.split(".")[1]!;
  const text = JSON.stringify({ ...head, moved: undefined })
    .split(id(NEW_MODEL))
    .join(id(OLD_MODEL))
    .split(id(NEW_GRANTS))
    .join(id(OLD_GRANTS));
  return JSON.parse(text) as Record<string, unknown>;
}

test("the synthesized stack moves the model and its grants from their previous addresses", () => {
  expect(head.moved).toEqual([
    { from: OLD_MODEL, to: NEW_MODEL },
    { from: OLD_GRANTS, to: NEW_GRANTS },
  ]);
  // The old addresses are gone from the resources; the model is still protected.
  expect(JSON.stringify(head.resource)).not.toContain("RegisteredModel_8D5D444D");
  expect(head.resource!.databricks_registered_model).toEqual({
    UnityCatalog_RegisteredModel_fraud_model_A21613B7: expect.objectContaining({
      name: "fraud_model",
      lifecycle: { prevent_destroy: true },
    }),
  });
});

test("the data-loss review sees a rename of the same object, not a destroy", () => {
  const review = reviewSynthStack(
    "azure-prod-workspace",
    readSynthDocument(previousRelease()),
    readSynthDocument(head as Record<string, unknown>),
  );
  expect(review.warnings).toEqual([]);
  expect(review.notes.map((n) => [n.address, n.message])).toEqual([
    [NEW_GRANTS, `moved from ${OLD_GRANTS} (moved block): same object, no change.`],
    [NEW_MODEL, `moved from ${OLD_MODEL} (moved block): same object, no change.`],
  ]);
});

test("without the moved blocks the review would flag the protected model", () => {
  const review = reviewSynthStack(
    "azure-prod-workspace",
    readSynthDocument(previousRelease()),
    readSynthDocument({ ...head, moved: undefined } as Record<string, unknown>),
  );
  expect(review.warnings.map((w) => [w.kind, w.address, w.preventDestroy])).toEqual([
    ["likely-replace", OLD_MODEL, true],
  ]);
});
