import { Testing } from "cdktf";
import type { ResolvedAzureEnvironment } from "../../config";
import { AzureEnvironmentStack } from "../../stacks/azure-environment-stack";
import { buildLayers, exampleEnvironment, remoteOutput } from "../support/layers";
import { dataOf, onlyResource, resourcesOf, synthJson } from "../support/terraform-json";

function azureEnvironment(
  name: string,
  edit?: (env: Record<string, unknown>) => void,
): ResolvedAzureEnvironment {
  return exampleEnvironment<ResolvedAzureEnvironment>(`azure-${name}`, edit);
}

/** The environment layer (`azure-<name>`) alone. */
function synthAzure(environment: ResolvedAzureEnvironment) {
  return buildLayers(environment).environment;
}

/** The workspace layer (`azure-<name>-workspace`). */
function synthWorkspace(environment: ResolvedAzureEnvironment) {
  return buildLayers(environment).workspace;
}

describe("AzureEnvironmentStack", () => {
  test("prod encrypts storage with the vault's key through the user-assigned identity", () => {
    const doc = synthAzure(azureEnvironment("prod"));
    const account = onlyResource(doc, "azurerm_storage_account");
    const key = Object.keys(resourcesOf(doc, "azurerm_key_vault_key"))[0]!;
    const identity = Object.keys(resourcesOf(doc, "azurerm_user_assigned_identity"))[0]!;
    expect(account.customer_managed_key).toEqual({
      key_vault_key_id: `\${azurerm_key_vault_key.${key}.versionless_id}`,
      user_assigned_identity_id: `\${azurerm_user_assigned_identity.${identity}.id}`,
    });
    expect(onlyResource(doc, "azurerm_key_vault").purge_protection_enabled).toBe(true);
  });

  test("prod keeps landing files immutable, and nothing else", () => {
    const doc = synthAzure(azureEnvironment("prod"));
    const policies = Object.values(resourcesOf(doc, "azurerm_storage_container_immutability_policy"));
    expect(policies).toHaveLength(1);
    expect(policies[0]!.storage_container_resource_manager_id).toMatch(
      /azurerm_storage_container\.Storage_Container-landing_\w+\.id/,
    );
    expect(policies[0]!.immutability_period_in_days).toBe(365);
  });

  test("dev uses a Microsoft-managed key: no vault, no identity", () => {
    const doc = synthAzure(azureEnvironment("dev"));
    expect(resourcesOf(doc, "azurerm_key_vault")).toEqual({});
    expect(resourcesOf(doc, "azurerm_user_assigned_identity")).toEqual({});
    expect(onlyResource(doc, "azurerm_storage_account").customer_managed_key).toBeUndefined();
  });

  test("the vault firewall admits the config's stable runner ranges only: no per-run variable", () => {
    const doc = synthAzure(
      azureEnvironment("prod", (env) => {
        (env.network as { allowedPublicIpRanges: string[] }).allowedPublicIpRanges = ["198.51.100.0/24"];
      }),
    );
    expect(doc.variable?.deployer_ip_ranges).toBeUndefined();
    const vault = onlyResource(doc, "azurerm_key_vault");
    expect(vault.public_network_access_enabled).toBe(true);
    expect(vault.network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      ip_rules: ["198.51.100.0/24"],
    });
  });

  test("the provider manages storage through Resource Manager only and uses Entra ID for data", () => {
    const provider = synthAzure(azureEnvironment("dev")).provider?.azurerm?.[0] as Record<string, unknown>;
    expect(provider.storage_use_azuread).toBe(true);
    expect(JSON.stringify(provider.features)).toContain('"data_plane_available":false');
  });

  test("an azurerm backend keys state by stack and authenticates with Entra ID", () => {
    const doc = synthAzure(
      azureEnvironment("staging", (env) => {
        env.backend = {
          type: "azurerm",
          resourceGroupName: "tfstate-rg",
          storageAccountName: "tfstatefrdlh",
          containerName: "tfstate",
        };
      }),
    );
    expect(doc.terraform?.backend).toEqual({
      azurerm: {
        resource_group_name: "tfstate-rg",
        storage_account_name: "tfstatefrdlh",
        container_name: "tfstate",
        key: "azure-staging.tfstate",
        use_azuread_auth: true,
      },
    });
  });

  test("outputs the Kafka bootstrap server and the layer URLs for the workspace stage", () => {
    const doc = synthAzure(azureEnvironment("dev"));
    expect(doc.output?.kafka_bootstrap_servers?.value).toBe("frdlh-dev-ingest.servicebus.windows.net:9093");
    expect((doc.output?.layer_urls?.value as Record<string, string>).bronze).toMatch(
      /^abfss:\/\/bronze@\$\{azurerm_storage_account\.\w+\.name\}\.dfs\.core\.windows\.net\/$/,
    );
  });
});

describe("AzureEnvironmentStack Databricks platform", () => {
  const prodLayers = buildLayers(azureEnvironment("prod"));
  const prod = prodLayers.environment;
  const prodWorkspace = prodLayers.workspace;
  const devLayers = buildLayers(azureEnvironment("dev"));
  const dev = devLayers.environment;

  test("the workspace is premium, VNet-injected and has no public IPs on cluster nodes", () => {
    const workspace = onlyResource(prod, "azurerm_databricks_workspace");
    const vnet = Object.keys(resourcesOf(prod, "azurerm_virtual_network"))[0]!;
    expect(workspace.sku).toBe("premium");
    expect(workspace.custom_parameters).toMatchObject({
      no_public_ip: true,
      virtual_network_id: `\${azurerm_virtual_network.${vnet}.id}`,
    });
  });

  test("prod turns public network access off and reaches the workspace through private endpoints", () => {
    expect(onlyResource(prod, "azurerm_databricks_workspace")).toMatchObject({
      public_network_access_enabled: false,
      network_security_group_rules_required: "NoAzureDatabricksRules",
    });
    const subresources = Object.values(resourcesOf(prod, "azurerm_private_endpoint"))
      .map((e) => e.private_service_connection as Record<string, unknown>)
      .filter((c) => String(c.private_connection_resource_id).includes("azurerm_databricks_workspace."))
      .map((c) => (c.subresource_names as string[])[0]);
    expect(subresources.sort()).toEqual(["browser_authentication", "databricks_ui_api"]);
    expect(resourcesOf(dev, "azurerm_private_endpoint")).toEqual({});
  });

  test("the storage firewall lets in the workspace subnets, serverless (NCC) subnets and the UC access connector", () => {
    const rules = onlyResource(prod, "azurerm_storage_account").network_rules as Record<string, unknown>;
    expect(rules.virtual_network_subnet_ids).toMatch(
      /^\$\{concat\(\[azurerm_subnet\.WorkspaceNetwork_HostSubnet_\w+\.id, azurerm_subnet\.WorkspaceNetwork_ContainerSubnet_\w+\.id\], databricks_mws_network_connectivity_config\.ServerlessConnectivity_Config_\w+\.egress_config\[0\]\.default_rules\[0\]\.azure_service_endpoint_rule\[0\]\.subnets\)\}$/,
    );
    expect(rules.private_link_access).toEqual([
      { endpoint_resource_id: expect.stringMatching(/azurerm_databricks_access_connector\.\w+\.id/) },
    ]);
  });

  test("the NCC is regional and bound to the environment's workspace", () => {
    expect(onlyResource(prod, "databricks_mws_network_connectivity_config")).toMatchObject({
      name: "frdlh-prod-ncc",
      region: "westeurope",
      provider: "databricks.account",
    });
    expect(onlyResource(prod, "databricks_mws_ncc_binding").workspace_id).toMatch(
      /^\$\{azurerm_databricks_workspace\.Workspace_\w+\.workspace_id\}$/,
    );
  });

  test("the Event Hubs firewall lets in the workspace subnets", () => {
    const namespace = onlyResource(prod, "azurerm_eventhub_namespace");
    const vnetRules = (namespace.network_rulesets as { virtual_network_rule: { subnet_id: string }[] }[])[0]!
      .virtual_network_rule;
    expect(vnetRules.map((r) => r.subnet_id)).toEqual([
      expect.stringMatching(/azurerm_subnet\.WorkspaceNetwork_HostSubnet_\w+\.id/),
      expect.stringMatching(/azurerm_subnet\.WorkspaceNetwork_ContainerSubnet_\w+\.id/),
    ]);
  });

  test("Unity Catalog's storage credential (workspace layer) is the environment layer's access connector", () => {
    const credential = onlyResource(prodWorkspace, "databricks_storage_credential");
    expect(credential.azure_managed_identity).toEqual({
      access_connector_id: expect.stringMatching(
        new RegExp(`^${remoteOutput("azure-prod", "azurerm_databricks_access_connector\\w+id")}$`),
      ),
    });
  });

  test("every environment looks the region's metastore up and assigns it at account level; none creates one", () => {
    for (const doc of [prod, dev]) {
      expect(resourcesOf(doc, "databricks_metastore")).toEqual({});
      expect(Object.values(dataOf(doc, "databricks_metastore"))).toEqual([
        { provider: "databricks.account", region: "westeurope" },
      ]);
      expect(onlyResource(doc, "databricks_metastore_assignment")).toMatchObject({
        provider: "databricks.account",
        metastore_id: expect.stringMatching(/^\$\{data\.databricks_metastore\.\w+\.metastore_id\}$/),
        workspace_id: expect.stringMatching(/^\$\{azurerm_databricks_workspace\.\w+\.workspace_id\}$/),
      });
    }
  });

  test("the environment layer has only the account provider; the workspace layer's provider targets its workspace", () => {
    expect(prod.provider?.databricks).toEqual([
      {
        alias: "account",
        host: "https://accounts.azuredatabricks.net",
        account_id: "${var.databricks_account_id}",
      },
    ]);
    expect(prodWorkspace.provider?.databricks).toEqual([
      {
        host: expect.stringMatching(
          new RegExp(
            `^https://${remoteOutput("azure-prod", "azurerm_databricks_workspace\\w+workspace_url")}$`,
          ),
        ),
        azure_workspace_resource_id: expect.stringMatching(
          new RegExp(`^${remoteOutput("azure-prod", "azurerm_databricks_workspace\\w+id")}$`),
        ),
      },
    ]);
  });

  test("workspace CMKs ask for the AzureDatabricks application's object id at deploy time", () => {
    expect(prod.variable?.azure_databricks_object_id).toMatchObject({ type: "string" });
    expect(dev.variable?.azure_databricks_object_id).toBeUndefined();
  });
});

/** The example's prod pipelines are serverless; these tests run them on classic clusters (2–8 workers). */
const classicPipelines = (env: Record<string, unknown>) => {
  (env.pipelines as { compute: unknown }).compute = { kind: "classic", minWorkers: 2, maxWorkers: 8 };
};

describe("AzureEnvironmentStack pipelines (workspace layer)", () => {
  const prod = synthWorkspace(azureEnvironment("prod"));
  const classicProd = synthWorkspace(azureEnvironment("prod", classicPipelines));

  test("the Event Hubs connection string reaches the pipeline through a secret, never as a literal", () => {
    expect(onlyResource(prod, "databricks_secret")).toMatchObject({
      key: "eventhubs-listen-connection-string",
      string_value: expect.stringMatching(
        new RegExp(
          `^${remoteOutput("azure-prod", "azurerm_eventhub_namespace_authorization_ruleIngest_ListenRule_\\w+primary_connection_string")}$`,
        ),
      ),
    });
    expect(onlyResource(prod, "databricks_secret_scope").name).toBe("frdlh-prod-ingest");
  });

  test("a classic pipeline runs under the pipelines policy, tagged for cost", () => {
    const pipeline = onlyResource(classicProd, "databricks_pipeline");
    const clusters = pipeline.cluster as {
      label: string;
      policy_id: string;
      custom_tags: Record<string, string>;
    }[];
    for (const cluster of clusters) {
      expect(cluster.policy_id).toMatch(/databricks_cluster_policy\.ClusterPolicies_PipelinesPolicy_\w+\.id/);
      expect(cluster.custom_tags.environment).toBe("prod");
    }
    expect(clusters.find((c) => c.label === "default")).toMatchObject({
      autoscale: { min_workers: 2, max_workers: 8 },
    });
  });
});

describe("AzureEnvironmentStack serverless pipelines", () => {
  /** NCC private endpoint rules to the Event Hubs namespace (group id "namespace"). */
  const eventHubsRules = (doc: ReturnType<typeof synthAzure>) =>
    Object.values(resourcesOf(doc, "databricks_mws_ncc_private_endpoint_rule")).filter(
      (rule) => rule.group_id === "namespace",
    );

  test("classic pipelines get no private endpoint to Event Hubs from serverless compute", () => {
    expect(eventHubsRules(synthAzure(azureEnvironment("prod", classicPipelines)))).toEqual([]);
  });

  test("serverless pipelines reach the Event Hubs namespace through an NCC private endpoint", () => {
    const doc = synthAzure(
      azureEnvironment("prod", (env) => {
        (env.pipelines as { compute: unknown }).compute = { kind: "serverless" };
      }),
    );
    const ncc = Object.keys(resourcesOf(doc, "databricks_mws_network_connectivity_config"))[0]!;
    const namespace = Object.keys(resourcesOf(doc, "azurerm_eventhub_namespace"))[0]!;
    expect(eventHubsRules(doc)).toEqual([
      expect.objectContaining({
        provider: "databricks.account",
        network_connectivity_config_id: `\${databricks_mws_network_connectivity_config.${ncc}.network_connectivity_config_id}`,
        resource_id: `\${azurerm_eventhub_namespace.${namespace}.id}`,
        group_id: "namespace",
      }),
    ]);
    const pipeline = onlyResource(
      synthWorkspace(
        azureEnvironment("prod", (env) => {
          (env.pipelines as { compute: unknown }).compute = { kind: "serverless" };
        }),
      ),
      "databricks_pipeline",
    );
    expect(pipeline.serverless).toBe(true);
    expect(pipeline.cluster).toBeUndefined();
  });

  test("classic pipelines can run without Photon", () => {
    const doc = synthWorkspace(
      azureEnvironment("prod", (env) => {
        (env.pipelines as { compute: unknown }).compute = {
          kind: "classic",
          minWorkers: 1,
          maxWorkers: 2,
          photon: false,
        };
      }),
    );
    expect(onlyResource(doc, "databricks_pipeline").photon).toBe(false);
    expect(
      onlyResource(synthWorkspace(azureEnvironment("prod", classicPipelines)), "databricks_pipeline").photon,
    ).toBe(true);
  });
});

describe("AzureEnvironmentStack guardrails", () => {
  function report(edit?: (env: Record<string, unknown>) => void) {
    return buildLayers(azureEnvironment("prod", edit)).environmentStack.guardrails.evaluate();
  }

  test("runs every rule for the prod stage with no errors", () => {
    const result = report();
    expect(result.stage).toBe("prod");
    expect(result.totals.errors).toBe(0);
    // Private storage, workspace and keys: nothing left to warn about.
    expect(result.totals.warnings).toBe(0);
  });

  test("an environment suppression from config covers the finding and keeps its reason", () => {
    const result = report((env) => {
      (env.storage as { publicNetworkAccess: boolean }).publicNetworkAccess = true;
      env.guardrails = {
        suppressions: [
          {
            ruleId: "LH-AZST-007",
            reason: "Public endpoint behind a deny-all firewall until storage private endpoints exist",
          },
        ],
      };
    });
    expect(result.totals.warnings).toBe(0);
    const suppressed = result.findings.filter((f) => f.status === "suppressed");
    expect(suppressed.map((f) => [f.ruleId, f.suppression?.reason])).toEqual([
      ["LH-AZST-007", "Public endpoint behind a deny-all firewall until storage private endpoints exist"],
    ]);
  });

  test("a weakened property becomes an error finding (synth then stops; see guardrails/synth tests)", () => {
    const environment = azureEnvironment("prod");
    const stack = new AzureEnvironmentStack(Testing.app(), environment.id, { environment });
    // Break a guarded property after construction, as a careless change to a construct would.
    stack.storage.account.minTlsVersion = "TLS1_0";
    expect(
      stack.guardrails.evaluate().findings.filter((f) => f.status === "fail" && f.severity === "error"),
    ).toEqual([expect.objectContaining({ ruleId: "LH-AZST-001" })]);
  });
});

describe("AzureEnvironmentStack private workspace access", () => {
  test("no workspace-level resource is in the layer that creates the private-only workspace", () => {
    const layers = buildLayers(azureEnvironment("prod"));
    expect(
      onlyResource(layers.environment, "azurerm_databricks_workspace").public_network_access_enabled,
    ).toBe(false);
    const databricksTypes = Object.keys(layers.environment.resource ?? {}).filter((t) =>
      t.startsWith("databricks_"),
    );
    for (const type of databricksTypes) {
      for (const resource of Object.values(resourcesOf(layers.environment, type))) {
        expect({ type, provider: resource.provider }).toEqual({ type, provider: "databricks.account" });
      }
    }
    expect(synthJson(layers.workspaceStack).resource?.azurerm_databricks_workspace).toBeUndefined();
  });
});

describe("AzureEnvironmentStack run-as identity (workspace layer)", () => {
  const sp = "5f0c8a7e-1b2c-4d3e-9f10-112233445566";
  const doc = synthWorkspace(
    azureEnvironment("staging", (env) => {
      (env.pipelines as { runAsServicePrincipal?: string }).runAsServicePrincipal = sp;
    }),
  );

  test("the pipeline and both jobs run as the configured service principal, which may read the secret", () => {
    expect(onlyResource(doc, "databricks_pipeline").run_as).toEqual({ service_principal_name: sp });
    for (const job of Object.values(resourcesOf(doc, "databricks_job"))) {
      expect(job.run_as).toEqual({ service_principal_name: sp });
    }
    const readers = Object.values(resourcesOf(doc, "databricks_secret_acl")).map((acl) => acl.principal);
    expect(readers).toContain(sp);
  });

  test("without it (dev only), nothing sets run_as (the owner runs them)", () => {
    expect(
      onlyResource(synthWorkspace(azureEnvironment("dev")), "databricks_pipeline").run_as,
    ).toBeUndefined();
  });
});
