/** Field schemas more than one concern of the lakehouse config uses. */
import { z } from "zod";
import { matching, matchingKey } from "../../vocabulary/config-issues";
import { tagValue } from "../limits";

export const email = matching(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be an email address");

export const tags = z.record(
  matchingKey(
    /^[A-Za-z][A-Za-z0-9_.:/-]{0,127}$/,
    "must be a tag key of letters, digits and _ . : / - (≤128)",
  ),
  tagValue,
);
