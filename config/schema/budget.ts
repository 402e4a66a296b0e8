/** The `budget` section: a monthly budget with alerts. */
import { z } from "zod";
import { money, monthStart } from "../limits";
import { email } from "./common";

/** A monthly budget for the environment with alerts; absent: no budget resource. */
export const budget = z
  .object({
    /** Monthly limit: USD on AWS, the billing account's currency on Azure. */
    monthlyLimit: money,
    /** AWS only, and only "USD" (see `validate/budget.ts`); Azure budgets use the billing currency. @default "USD" on AWS */
    currency: z.string().optional(),
    emailRecipients: z.array(email).min(1).max(10),
    /** First day of the first budgeted month (deterministic synth). */
    startDate: monthStart,
    /** @default 80 % and 100 % of actual, 100 % of forecast */
    alerts: z
      .array(
        z.object({ percent: z.number().positive().max(1000), on: z.enum(["actual", "forecasted"]) }).strict(),
      )
      .min(1)
      .max(5)
      .optional(),
  })
  .strict();
