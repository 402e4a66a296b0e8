import { TerraformStack, Testing } from "cdktf";
import { configureBackend, layerStateKey } from "../../stacks/backend";
import { synthJson } from "../support/terraform-json";

describe("layerStateKey", () => {
  test.each([
    ["prod/terraform.tfstate", "prod-workspace/terraform.tfstate"],
    ["lakehouse/prod.tfstate", "lakehouse/prod-workspace.tfstate"],
    ["prod", "prod-workspace"],
  ])("the workspace layer of '%s' keeps its state at '%s'", (key, expected) => {
    expect(layerStateKey(key, "workspace")).toBe(expected);
    expect(layerStateKey(key)).toBe(key);
  });
});

describe("configureBackend", () => {
  function backendOf(id: string, backend: Parameters<typeof configureBackend>[1], layer?: "workspace") {
    const stack = new TerraformStack(Testing.app(), id);
    configureBackend(stack, backend, { region: "eu-west-1", layer });
    return synthJson(stack).terraform?.backend;
  }

  test("local: a path through the parent directory, so a sibling stack's remote state finds it", () => {
    expect(backendOf("aws-dev-workspace", { type: "local" }, "workspace")).toEqual({
      local: { path: "../aws-dev-workspace/terraform.aws-dev-workspace.tfstate" },
    });
  });

  test("remote backends key each layer's state by stack id, or by the configured key per layer", () => {
    const s3 = { type: "s3", bucket: "state" } as const;
    expect(backendOf("aws-prod-workspace", s3, "workspace")).toMatchObject({
      s3: { key: "aws-prod-workspace/terraform.tfstate", region: "eu-west-1" },
    });
    expect(
      backendOf("aws-prod-workspace", { ...s3, key: "lake/prod/terraform.tfstate" }, "workspace"),
    ).toMatchObject({
      s3: { key: "lake/prod-workspace/terraform.tfstate" },
    });
    const azurerm = {
      type: "azurerm",
      resourceGroupName: "rg",
      storageAccountName: "tfstate",
      containerName: "tfstate",
    } as const;
    expect(backendOf("azure-prod", azurerm)).toMatchObject({ azurerm: { key: "azure-prod.tfstate" } });
    expect(backendOf("azure-prod-workspace", { ...azurerm, key: "prod.tfstate" }, "workspace")).toMatchObject(
      {
        azurerm: { key: "prod-workspace.tfstate" },
      },
    );
  });
});
