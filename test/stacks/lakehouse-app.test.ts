/**
 * Every stack of the example config: a reviewed snapshot each, plus properties that must hold in every
 * stack whatever the snapshot says (references resolve, tags, protection, backend).
 */
import { Testing, type TerraformStack } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { STATEFUL_RESOURCE_TYPES } from "../../constructs/governance/prevent-destroy-aspect";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { synthJson, unresolvedReferences, type TerraformJson } from "../support/terraform-json";

const config = loadConfig(EXAMPLE_CONFIG);
const stacks: TerraformStack[] = addLakehouseStacks(Testing.app(), config);
const synthesized = new Map<string, string>(stacks.map((s) => [s.node.id, Testing.synth(s)]));
const json = (id: string): TerraformJson => JSON.parse(synthesized.get(id)!) as TerraformJson;
const ids = [...synthesized.keys()];

const REQUIRED_TAG_KEYS = ["project", "environment", "owner", "cost-center", "layer", "managed-by"];
/** Resource types whose provider schema has `tags`; each instance must carry the required ones. */
const TAGGABLE_TYPES = new Set([
  "azurerm_resource_group",
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_user_assigned_identity",
  "azurerm_eventhub_namespace",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_kinesis_stream",
]);

function allResources(doc: TerraformJson): [string, Record<string, unknown>][] {
  return Object.entries(doc.resource ?? {}).flatMap(([type, byId]) =>
    Object.entries(byId).map(([id, body]) => [`${type}.${id}`, body] as [string, Record<string, unknown>]),
  );
}

test("one stack per (cloud, environment) of the example", () => {
  expect(ids.sort()).toEqual([
    "aws-dev",
    "aws-prod",
    "aws-staging",
    "azure-dev",
    "azure-prod",
    "azure-staging",
  ]);
});

describe.each(ids)("stack %s", (id) => {
  const doc = json(id);
  const env = config.environments.find((e) => e.id === id)!;

  test("matches the reviewed snapshot", () => {
    expect(synthesized.get(id)).toMatchSnapshot();
  });

  test("every reference resolves to something declared in the same stack", () => {
    expect(unresolvedReferences(doc)).toEqual([]);
  });

  test("every tagged resource carries environment, owner, cost-center and layer tags", () => {
    const tagged = allResources(doc).filter(
      ([address, body]) => body.tags !== undefined || TAGGABLE_TYPES.has(address.split(".")[0]!),
    );
    expect(tagged.length).toBeGreaterThanOrEqual(3);
    for (const [address, body] of tagged) {
      const tags = (body.tags ?? {}) as Record<string, string>;
      expect({ address, keys: REQUIRED_TAG_KEYS.filter((k) => !(k in tags)) }).toEqual({ address, keys: [] });
      expect(tags.environment).toBe(env.name);
      expect(tags["cost-center"]).toBe(EXAMPLE_CONFIG.project.costCenter);
    }
  });

  test(`stateful resources are ${env.stage === "dev" ? "destroyable in dev" : "protected from destroy"}`, () => {
    const stateful = allResources(doc).filter(([address]) =>
      STATEFUL_RESOURCE_TYPES.has(address.split(".")[0]!),
    );
    expect(stateful.length).toBeGreaterThan(5);
    for (const [address, body] of stateful) {
      const protectedFlag =
        (body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true;
      expect({ address, protected: protectedFlag }).toEqual({ address, protected: env.stage !== "dev" });
    }
  });

  test("keeps state locally, per stack, for trying it out", () => {
    expect(doc.terraform?.backend).toEqual({ local: { path: `terraform.${id}.tfstate` } });
  });

  test("pins the provider version", () => {
    const providers = doc.terraform?.required_providers as Record<string, { version: string }>;
    const expected = env.cloud === "azure" ? { azurerm: "4.55.0" } : { aws: "6.25.0" };
    for (const [name, version] of Object.entries(expected)) expect(providers[name]?.version).toBe(version);
  });

  test("contains no literal account, subscription or tenant id", () => {
    const text = synthesized.get(id)!;
    expect(text).not.toMatch(/\b\d{12}\b/); // AWS account ids
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i); // Azure GUIDs
  });
});

test("synthesizing the same config twice gives byte-identical output", () => {
  const again = addLakehouseStacks(Testing.app(), loadConfig(EXAMPLE_CONFIG));
  for (const stack of again) expect(Testing.synth(stack)).toBe(synthesized.get(stack.node.id));
});

test("synthJson agrees with the raw synth", () => {
  expect(synthJson(stacks[0]!)).toEqual(json(stacks[0]!.node.id));
});
