import type { UsageProfile } from "../usage";
import { priced, type PricingRule } from "./context";

/**
 * A network resource billed per hour plus per GB it processes: `<what> hours` at `<price>.hour` and
 * "Data processed" at `<price>.dataGb`, the GB taken from the usage profile's `network.<gbPerMonth>`.
 */
export function hoursAndDataProcessed(
  what: string,
  price: string,
  gbPerMonth: keyof UsageProfile["network"],
): PricingRule {
  return (_resource, ctx) => ({
    kind: "components",
    components: [
      priced(ctx, `${what} hours`, ctx.hoursPerMonth, `${price}.hour`),
      priced(
        ctx,
        "Data processed",
        ctx.usage.profile.network[gbPerMonth],
        `${price}.dataGb`,
        `network.${gbPerMonth}`,
      ),
    ],
  });
}

/** A NAT gateway, priced the same way on both clouds: hours plus data processed. */
export const natGateway: PricingRule = hoursAndDataProcessed("NAT gateway", "nat", "natGbPerMonth");
