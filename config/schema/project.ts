/** The `project` section: names and tags every environment shares. */
import { z } from "zod";
import { matching } from "../../vocabulary/config-issues";
import { requiredTagValue } from "../limits";
import { tags } from "./common";

export const PROJECT_SCHEMA = z
  .object({
    /** Human-readable project name, written to the `project` tag. */
    name: matching(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "must be 3–40 lowercase letters, digits or hyphens"),
    /** Short prefix for resource names (storage accounts allow only 24 lowercase characters). */
    prefix: matching(
      /^[a-z][a-z0-9]{1,7}$/,
      "must be 2–8 lowercase letters or digits, starting with a letter",
    ),
    /** Written to the `owner` tag of every resource. */
    owner: requiredTagValue,
    /** Written to the `cost-center` tag of every resource. */
    costCenter: requiredTagValue,
    tags: tags.optional(),
  })
  .strict();
