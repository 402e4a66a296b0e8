import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import {
  DatabricksWorkspaceVpc,
  type DatabricksWorkspaceVpcProps,
} from "../../../constructs/aws/databricks-workspace-vpc";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { AWS_DEV_PRIVATE_LINK, AWS_DEV_VPC_PROPS, awsTestStack } from "../../support/stacks";

// The VPC under test is AWS_DEV_VPC_PROPS (test/support/stacks.ts), the one every AWS workspace test
// builds: 10.20.0.0/16; private 10.20.0.0/19 in us-east-1a and 10.20.32.0/19 in us-east-1b; public
// 10.20.64.0/28; AWS_DEV_PRIVATE_LINK adds the PrivateLink subnet 10.20.64.16/28.

interface Synthesized {
  json: TerraformJson;
  construct: DatabricksWorkspaceVpc;
  /** A token of the construct as it appears in the JSON, e.g. `${aws_vpc.<logical id>.id}`. */
  resolve: (value: unknown) => unknown;
  /** `${<type>.<logical id>.id}` of a resource of the construct. */
  ref: (resource: { id: string }) => string;
}

function synth(overrides: Partial<DatabricksWorkspaceVpcProps> = {}): Synthesized {
  const stack = awsTestStack();
  const construct = new DatabricksWorkspaceVpc(stack, "DatabricksVpc", {
    ...AWS_DEV_VPC_PROPS,
    ...overrides,
  });
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: unknown): unknown =>
    Tokenization.resolve(value, { scope: stack, preparing: false, resolver });
  const ref = (resource: { id: string }): string => resolve(resource.id) as string;
  return { json: synthJson(stack), construct, resolve, ref };
}

interface SgRule {
  security_group_id: string;
  ip_protocol: string;
  from_port: number;
  to_port: number;
  cidr_ipv4?: string;
  referenced_security_group_id?: string;
}

function rules(json: TerraformJson, type: string): SgRule[] {
  return Object.values(resourcesOf(json, type)) as unknown as SgRule[];
}

describe("DatabricksWorkspaceVpc", () => {
  const defaults = synth();
  const sgRef = defaults.ref(defaults.construct.securityGroup);

  test("creates a VPC with DNS hostnames and DNS support on", () => {
    const vpc = onlyResource(defaults.json, "aws_vpc");
    expect(vpc.cidr_block).toBe("10.20.0.0/16");
    expect(vpc.enable_dns_hostnames).toBe(true);
    expect(vpc.enable_dns_support).toBe(true);
    expect(unresolvedReferences(defaults.json)).toEqual([]);
  });

  test("puts the two private subnets in distinct availability zones, without public IPs", () => {
    const privateSubnets = defaults.construct.privateSubnets.map((subnet) =>
      Object.entries(resourcesOf(defaults.json, "aws_subnet")).find(
        ([id]) => defaults.ref(subnet) === `\${aws_subnet.${id}.id}`,
      ),
    );
    expect(privateSubnets.map((entry) => entry?.[1].cidr_block)).toEqual(["10.20.0.0/19", "10.20.32.0/19"]);
    const zones = privateSubnets.map((entry) => entry?.[1].availability_zone);
    expect(new Set(zones).size).toBe(2);
    for (const subnet of Object.values(resourcesOf(defaults.json, "aws_subnet"))) {
      expect(subnet.map_public_ip_on_launch).toBe(false);
    }
    expect(defaults.resolve(defaults.construct.workspaceNetwork.subnetIds)).toEqual(
      defaults.construct.privateSubnets.map((subnet) => defaults.ref(subnet)),
    );
  });

  test("routes the private subnets to the NAT gateway and the public subnet to the internet gateway", () => {
    const { json, construct, ref } = defaults;
    const routes = Object.values(resourcesOf(json, "aws_route"));
    const privateRoute = routes.find((r) => r.route_table_id === ref(construct.privateRouteTable));
    expect(privateRoute).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      nat_gateway_id: ref(construct.natGateway),
    });
    expect(privateRoute?.gateway_id).toBeUndefined();
    const publicRoute = routes.find((r) => r.route_table_id === ref(construct.publicRouteTable));
    expect(publicRoute?.destination_cidr_block).toBe("0.0.0.0/0");
    expect(publicRoute?.gateway_id).toMatch(/^\$\{aws_internet_gateway\./);

    const nat = onlyResource(json, "aws_nat_gateway");
    expect(nat.subnet_id).toBe(ref(construct.publicSubnet));
    expect(nat.allocation_id).toMatch(/^\$\{aws_eip\..*\.allocation_id\}$/);
    expect(onlyResource(json, "aws_eip").domain).toBe("vpc");

    const associations = Object.values(resourcesOf(json, "aws_route_table_association"));
    for (const subnet of construct.privateSubnets) {
      expect(associations).toContainEqual({
        subnet_id: ref(subnet),
        route_table_id: ref(construct.privateRouteTable),
      });
    }
    expect(associations).toContainEqual({
      subnet_id: ref(construct.publicSubnet),
      route_table_id: ref(construct.publicRouteTable),
    });
  });

  test("lets cluster nodes talk to each other on all TCP and UDP ports, in and out", () => {
    for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      const selfRules = rules(defaults.json, type).filter((r) => r.referenced_security_group_id === sgRef);
      expect(
        selfRules.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.security_group_id]).sort(),
      ).toEqual([
        ["tcp", 0, 65535, sgRef],
        ["udp", 0, 65535, sgRef],
      ]);
    }
  });

  test("opens only the ports Databricks requires to anywhere, and no ingress from outside", () => {
    const toAnywhere = rules(defaults.json, "aws_vpc_security_group_egress_rule").filter(
      (r) => r.cidr_ipv4 === "0.0.0.0/0",
    );
    expect(toAnywhere.every((r) => r.ip_protocol === "tcp" && r.security_group_id === sgRef)).toBe(true);
    expect(toAnywhere.map((r) => [r.from_port, r.to_port]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [443, 443],
      [2443, 2443],
      [3306, 3306],
      [6666, 6666],
      [8443, 8443],
      [8444, 8444],
      [8445, 8451],
    ]);
    const ingress = rules(defaults.json, "aws_vpc_security_group_ingress_rule");
    expect(ingress.every((r) => r.referenced_security_group_id === sgRef && r.cidr_ipv4 === undefined)).toBe(
      true,
    );
    // The default security group is emptied: no rules at all.
    const defaultGroup = onlyResource(defaults.json, "aws_default_security_group");
    expect(defaultGroup.ingress).toBeUndefined();
    expect(defaultGroup.egress).toBeUndefined();
  });

  test("adds an S3 gateway endpoint on the private route table", () => {
    const endpoints = Object.values(resourcesOf(defaults.json, "aws_vpc_endpoint"));
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({
      vpc_endpoint_type: "Gateway",
      route_table_ids: [defaults.ref(defaults.construct.privateRouteTable)],
    });
    expect(endpoints[0]!.service_name).toMatch(/^com\.amazonaws\..*\.s3$/);
  });

  test("creates no PrivateLink resources unless asked", () => {
    expect(Object.keys(resourcesOf(defaults.json, "aws_subnet"))).toHaveLength(3);
    expect(Object.keys(resourcesOf(defaults.json, "aws_security_group"))).toHaveLength(1);
    expect(defaults.construct.restApiEndpoint).toBeUndefined();
    expect(defaults.construct.workspaceNetwork.privateLinkEndpoints).toBeUndefined();
  });

  test("with privateLink, adds REST API and relay interface endpoints in their own subnet and group", () => {
    const { json, construct, ref, resolve } = synth({ privateLink: AWS_DEV_PRIVATE_LINK });
    const interfaces = Object.values(resourcesOf(json, "aws_vpc_endpoint")).filter(
      (e) => e.vpc_endpoint_type === "Interface",
    );
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(
      [AWS_DEV_PRIVATE_LINK.workspaceServiceName, AWS_DEV_PRIVATE_LINK.relayServiceName].sort(),
    );
    const endpointSubnet = Object.entries(resourcesOf(json, "aws_subnet")).find(
      ([, subnet]) => subnet.cidr_block === AWS_DEV_PRIVATE_LINK.subnet.cidrBlock,
    );
    expect(endpointSubnet).toBeDefined();
    const endpointGroupRef = ref(construct.privateLinkSecurityGroup!);
    for (const endpoint of interfaces) {
      expect(endpoint.private_dns_enabled).toBe(true);
      expect(endpoint.subnet_ids).toEqual([`\${aws_subnet.${endpointSubnet![0]}.id}`]);
      expect(endpoint.security_group_ids).toEqual([endpointGroupRef]);
    }
    const endpointIngress = rules(json, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.security_group_id === endpointGroupRef,
    );
    expect(endpointIngress.map((r) => [r.from_port, r.to_port]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [443, 443],
      [2443, 2443],
      [6666, 6666],
      [8443, 8451],
    ]);
    expect(
      endpointIngress.every((r) => r.referenced_security_group_id === ref(construct.securityGroup)),
    ).toBe(true);
    expect(resolve(construct.workspaceNetwork.privateLinkEndpoints)).toEqual({
      restApiEndpointId: ref(construct.restApiEndpoint!),
      relayEndpointId: ref(construct.relayEndpoint!),
    });
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("rejects two private subnets in the same availability zone", () => {
    expect(() =>
      synth({
        privateSubnets: [
          { cidrBlock: "10.20.0.0/19", availabilityZone: "us-east-1a" },
          { cidrBlock: "10.20.32.0/19", availabilityZone: "us-east-1a" },
        ],
      }),
    ).toThrow("privateSubnets must be in two different availability zones, both are in 'us-east-1a'");
  });

  test("rejects a private subnet outside Databricks' /17–/26 netmask range", () => {
    expect(() =>
      synth({
        privateSubnets: [
          { cidrBlock: "10.20.0.0/27", availabilityZone: "us-east-1a" },
          { cidrBlock: "10.20.32.0/19", availabilityZone: "us-east-1b" },
        ],
      }),
    ).toThrow("private subnet '10.20.0.0/27' must have a netmask between /17 and /26");
  });
});

describe("DatabricksWorkspaceVpc production options", () => {
  const SECOND_PUBLIC = { cidrBlock: "10.20.64.32/28", availabilityZone: "us-east-1b" };

  test("per-zone NAT: each private subnet routes to the NAT gateway of its own zone", () => {
    const { json, construct, ref } = synth({ secondPublicSubnet: SECOND_PUBLIC });
    expect(construct.natGateways).toHaveLength(2);
    expect(construct.privateRouteTables).toHaveLength(2);
    const nats = resourcesOf(json, "aws_nat_gateway");
    const subnets = resourcesOf(json, "aws_subnet");
    const zoneOfNat = (natRef: string) => {
      const nat = Object.entries(nats).find(([id]) => natRef === `\${aws_nat_gateway.${id}.id}`)![1];
      const subnet = Object.entries(subnets).find(([id]) => nat.subnet_id === `\${aws_subnet.${id}.id}`)![1];
      return subnet.availability_zone;
    };
    const routes = Object.values(resourcesOf(json, "aws_route"));
    const associations = Object.values(resourcesOf(json, "aws_route_table_association"));
    construct.privateSubnets.forEach((subnet, i) => {
      const table = associations.find((a) => a.subnet_id === ref(subnet))!.route_table_id;
      expect(table).toBe(ref(construct.privateRouteTables[i]!));
      const route = routes.find(
        (r) => r.route_table_id === table && r.destination_cidr_block === "0.0.0.0/0",
      )!;
      expect(zoneOfNat(route.nat_gateway_id as string)).toBe(["us-east-1a", "us-east-1b"][i]);
    });
    // The gateway endpoint serves both route tables.
    const s3 = Object.values(resourcesOf(json, "aws_vpc_endpoint"))[0]!;
    expect(s3.route_table_ids).toEqual(construct.privateRouteTables.map((t) => ref(t)));
    // The second public subnet routes to the internet gateway like the first.
    expect(associations).toContainEqual({
      subnet_id: expect.stringMatching(/aws_subnet\.DatabricksVpc_PublicSubnet2_\w+\.id/),
      route_table_id: ref(construct.publicRouteTable),
    });
  });

  test("a second public subnet outside the second private subnet's zone is rejected", () => {
    expect(() => synth({ secondPublicSubnet: { ...SECOND_PUBLIC, availabilityZone: "us-east-1c" } })).toThrow(
      "DatabricksWorkspaceVpc: with secondPublicSubnet, the public subnets must be in the private subnets' zones (us-east-1a, us-east-1b), got us-east-1a, us-east-1c",
    );
  });

  test("endpoint policies: S3 for this account's and Databricks' buckets only", () => {
    const { json } = synth({ endpointPolicies: { awsAccountId: "123456789012" } });
    const s3 = Object.values(resourcesOf(json, "aws_vpc_endpoint"))[0]!;
    expect(s3.policy).toMatch(
      /^\$\{data\.aws_iam_policy_document\.DatabricksVpc_S3EndpointPolicy_\w+\.json\}$/,
    );
    const doc = Object.values(json.data?.aws_iam_policy_document ?? {})[0] as {
      statement: { sid: string; actions: string[]; condition: unknown[] }[];
    };
    expect(doc.statement.map((st) => [st.sid, st.actions, st.condition])).toEqual([
      [
        "ThisAccountsBuckets",
        ["s3:*"],
        [{ test: "StringEquals", variable: "s3:ResourceAccount", values: ["123456789012"] }],
      ],
      [
        "DatabricksBuckets",
        ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation", "s3:PutObject"],
        [{ test: "StringEquals", variable: "s3:ResourceAccount", values: ["414351767826"] }],
      ],
    ]);
    // No interface endpoints, so no STS/Kinesis policies.
    expect(Object.keys(json.data?.aws_iam_policy_document ?? {})).toHaveLength(1);
  });

  test("interface endpoints: STS and Kinesis in both private subnets, HTTPS from the cluster group only", () => {
    const { json, construct, ref } = synth({
      interfaceEndpoints: true,
      endpointPolicies: { awsAccountId: "123456789012" },
    });
    const endpoints = Object.values(resourcesOf(json, "aws_vpc_endpoint")).filter(
      (e) => e.vpc_endpoint_type === "Interface",
    );
    expect(endpoints.map((e) => String(e.service_name).split(".").pop())).toEqual(["kinesis-streams", "sts"]);
    for (const endpoint of endpoints) {
      expect(endpoint).toMatchObject({
        subnet_ids: construct.privateSubnets.map((s) => ref(s)),
        private_dns_enabled: true,
        policy: expect.stringMatching(
          /^\$\{data\.aws_iam_policy_document\.DatabricksVpc_(Sts|Kinesis)EndpointPolicy_\w+\.json\}$/,
        ),
      });
    }
    const group = Object.entries(resourcesOf(json, "aws_security_group")).find(([id]) =>
      id.includes("ServiceEndpointSecurityGroup"),
    )!;
    const ingress = rules(json, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.security_group_id === `\${aws_security_group.${group[0]}.id}`,
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: ref(construct.securityGroup),
      }),
    ]);
    expect(construct.interfaceEndpoints).toHaveLength(2);
  });

  test("front-end client networks may reach the PrivateLink endpoints on 443", () => {
    const { json, construct } = synth({
      privateLink: { ...AWS_DEV_PRIVATE_LINK, frontEndClientCidrs: ["10.200.0.0/16"] },
    });
    const frontEnd = rules(json, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.cidr_ipv4 !== undefined,
    );
    expect(frontEnd).toEqual([
      expect.objectContaining({
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "10.200.0.0/16",
      }),
    ]);
    expect(construct.privateLinkSecurityGroup).toBeDefined();
  });
});
