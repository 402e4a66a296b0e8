import { priced, type PricingRule } from "./context";

/** A NAT gateway, priced the same way on both clouds: hours plus data processed. */
export const natGateway: PricingRule = (_nat, ctx) => ({
  kind: "components",
  components: [
    priced(ctx, "NAT gateway hours", ctx.hoursPerMonth, "nat.hour"),
    priced(
      ctx,
      "Data processed",
      ctx.usage.profile.network.natGbPerMonth,
      "nat.dataGb",
      "network.natGbPerMonth",
    ),
  ],
});
