/** The environment's network: address space, subnets and the public ranges its firewalls admit. */
import { z } from "zod";
import { parseCidr } from "../cidr";
import { matchingKey, wholeNumber } from "../../vocabulary/config-issues";

export const cidr = z.string().superRefine((value, ctx) => {
  if (!parseCidr(value)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `'${value}' must be an IPv4 CIDR such as 10.20.0.0/16 (octets 0-255, prefix 0-32, no host bits set)`,
    });
  }
});

export const network = z
  .object({
    /** Address space of the environment's VNet / VPC (used by the workspace network). */
    cidr,
    /** Named subnets inside `cidr`; they must not overlap. */
    subnets: z.record(
      matchingKey(/^[a-z][a-zA-Z0-9-]{0,39}$/, "must be a subnet name of letters, digits or hyphens"),
      cidr,
    ),
    /**
     * Public egress ranges (office, CI runners, the Terraform deployer) let through the storage,
     * Key Vault and Event Hubs firewalls. Everything else is denied.
     * @default []
     */
    allowedPublicIpRanges: z.array(cidr).default([]),
    /**
     * The widest range `allowedPublicIpRanges` may list, as a prefix length. Lowering it admits wider
     * ranges: every address in them reaches the storage, Key Vault and Event Hubs endpoints.
     * @default 24
     */
    minimumPublicPrefixLength: wholeNumber(8, 32, "bits").default(24),
  })
  .strict();
