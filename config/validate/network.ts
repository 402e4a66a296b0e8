/** The environment network: subnets inside the address space and apart, public firewall ranges. */
import {
  isNonPublic,
  isPrivateNetwork,
  parseCidr,
  PRIVATE_NETWORK_RANGES,
  rangeContains,
  rangesOverlap,
  type Ipv4Range,
} from "../cidr";
import type { Report } from "./report";

export function checkNetwork(
  network: {
    cidr: string;
    subnets: Record<string, string>;
    allowedPublicIpRanges: string[];
    minimumPublicPrefixLength: number;
  },
  cloud: "azure" | "aws",
  report: Report,
): void {
  const vnet = parseCidr(network.cidr);
  // A public address space would route the workspace's private traffic to whoever owns those addresses.
  if (vnet && !isPrivateNetwork(vnet)) {
    report(
      "network.cidr",
      `'${network.cidr}' must lie inside a private range (${PRIVATE_NETWORK_RANGES.join(", ")}); a ${cloud === "azure" ? "VNet" : "VPC"} on public addresses would shadow those hosts`,
    );
  }
  const subnets: [string, Ipv4Range][] = [];
  for (const [name, cidr] of Object.entries(network.subnets)) {
    const range = parseCidr(cidr);
    if (!range) continue; // already reported by the schema
    if (vnet && !rangeContains(vnet, range)) {
      report(`network.subnets.${name}`, `'${cidr}' must lie inside network.cidr '${network.cidr}'`);
    }
    for (const [otherName, other] of subnets) {
      if (rangesOverlap(range, other)) {
        report(
          `network.subnets.${name}`,
          `'${cidr}' overlaps subnet '${otherName}' (${network.subnets[otherName]}); subnets must not overlap`,
        );
      }
    }
    subnets.push([name, range]);
  }
  network.allowedPublicIpRanges.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    if (!range) return;
    if (isNonPublic(range)) {
      report(
        `network.allowedPublicIpRanges[${i}]`,
        `'${cidr}' is not a public range; firewall IP rules take public egress ranges only (use subnets for private traffic)`,
      );
    } else if (range.prefix < network.minimumPublicPrefixLength) {
      report(
        `network.allowedPublicIpRanges[${i}]`,
        `'${cidr}' is wider than /${network.minimumPublicPrefixLength} (${2 ** (32 - range.prefix)} addresses would pass the storage, Key Vault and Event Hubs firewalls); list narrower ranges or lower network.minimumPublicPrefixLength on purpose`,
      );
    } else if (cloud === "azure" && range.prefix === 31) {
      report(
        `network.allowedPublicIpRanges[${i}]`,
        `'${cidr}' is a /31, which Azure IP rules reject; list the two addresses as /32 entries`,
      );
    }
  });
}
