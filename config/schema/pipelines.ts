/** The `pipelines` section: how an environment runs the pipeline generated from the dataset spec. */
import { z } from "zod";
import { matching, wholeNumber } from "../../vocabulary/config-issues";
import { timeZone } from "../limits";
import { email } from "./common";

/**
 * How the environment runs the medallion pipeline generated from the cloud's dataset spec. Absent:
 * no pipeline, orchestration or maintenance job is deployed.
 */
export const pipelines = z
  .object({
    /** Serverless, or classic clusters under the pipelines cluster policy. */
    compute: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("serverless") }).strict(),
      z
        .object({
          kind: z.literal("classic"),
          minWorkers: wholeNumber(1, 1000, "workers"),
          maxWorkers: wholeNumber(1, 1000, "workers"),
          /**
           * Run the pipeline clusters on Photon: faster for most SQL, billed at a higher DBU rate;
           * turn it off for light or UDF-heavy pipelines. (Serverless pipelines always use Photon.)
           * @default true
           */
          photon: z.boolean().default(true),
        })
        .strict(),
    ]),
    /** Run continuously (streaming latency) instead of triggered updates. @default false */
    continuous: z.boolean().default(false),
    /** Quartz schedule of the orchestration job (pipeline update, then gold). Required unless continuous. */
    schedule: z
      .object({
        cron: z.string(),
        /** IANA time zone of the cron expression. @default "UTC" */
        timezone: timeZone.default("UTC"),
      })
      .strict()
      .optional(),
    /** Who is emailed when a pipeline update or job run fails (at least one). */
    failureEmails: z.array(email),
    /**
     * Service principal (application id) the pipeline and its jobs run as, instead of their owner (the
     * Terraform identity, which holds far broader rights). It gets exactly what the pipeline needs:
     * USE_CATALOG, the write privileges on bronze/silver/gold, READ_FILES on landing, READ on the
     * Event Hubs secret (Azure) or ACCESS on the Kinesis service credential (AWS), CAN_USE on the SQL
     * warehouse. Required outside dev, and one per environment: an environment's principal must not
     * be able to use another environment's grants. Assign it to the workspace (account console or
     * `databricks_mws_permission_assignment`) and give the deployer the Service Principal User role
     * on it. @default none (dev only: run as the owner)
     */
    runAsServicePrincipal: matching(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      "must be a service principal application id (a lowercase UUID)",
    ).optional(),
    /**
     * Publish the spec's `onlineServing` features to an online feature store. Turn it on once the
     * pipeline has run: the synced tables need their gold source tables to exist.
     * @default false
     */
    onlineServing: z.boolean().default(false),
  })
  .strict();
