/** One environment per cloud: the sections of the other files of `config/schema/`, plus name, stage and guardrail exceptions. */
import { z } from "zod";
import { STAGES } from "../../vocabulary/stage";
import { matching } from "../../vocabulary/config-issues";
import { azurermBackend, localBackend, s3Backend } from "./backend";
import { budget } from "./budget";
import { tags } from "./common";
import { awsDatabricks, azureDatabricks } from "./databricks";
import { network } from "./network";
import { pipelines } from "./pipelines";
import { awsStorage, azureStorage } from "./storage";
import { awsStreaming, azureStreaming } from "./streaming";

/** Names used inside resource names: lowercase so they are legal for every cloud's naming rules. */
const envName = matching(
  /^[a-z][a-z0-9]{1,9}$/,
  "must be 2–10 lowercase letters or digits, starting with a letter",
);

const stage = z.enum(STAGES, {
  errorMap: () => ({ message: `must be one of ${STAGES.join(", ")}` }),
});

/** Exceptions to the guardrails for the whole environment; each needs a known rule id and a reason. */
const guardrails = z
  .object({
    suppressions: z
      .array(
        z
          .object({
            ruleId: z.string(),
            reason: z.string().trim().min(1, "must say why the exception is acceptable"),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const commonEnvironment = {
  name: envName,
  budget: budget.optional(),
  guardrails: guardrails.default({}),
  pipelines: pipelines.optional(),
  /** Drives protection defaults: everything but `dev` gets prevent_destroy on stateful resources. */
  stage,
  network,
  tags: tags.optional(),
};

export const AZURE_ENVIRONMENT_SCHEMA = z
  .object({
    cloud: z.literal("azure"),
    ...commonEnvironment,
    region: z.string(),
    storage: azureStorage,
    streaming: azureStreaming,
    databricks: azureDatabricks,
    backend: z.discriminatedUnion("type", [localBackend, azurermBackend]).default({ type: "local" }),
  })
  .strict();

export const AWS_ENVIRONMENT_SCHEMA = z
  .object({
    cloud: z.literal("aws"),
    ...commonEnvironment,
    region: z.string(),
    storage: awsStorage,
    streaming: awsStreaming,
    databricks: awsDatabricks,
    backend: z.discriminatedUnion("type", [localBackend, s3Backend]).default({ type: "local" }),
  })
  .strict();
