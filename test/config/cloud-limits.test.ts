/**
 * Cloud limits in the config, each tested on both sides of its boundary: what the cloud accepts loads,
 * one step further is a config error naming path, value and rule.
 */
import { loadConfig } from "../../config";
import type { LakehouseConfigInput } from "../../config";
import { exampleConfig, loose, withConfig, withEnvironment, withProject } from "../fixtures/config";
import { issuesOf, onlyIssueOf } from "../support/config-issues";

const loads = (input: LakehouseConfigInput) => expect(() => loadConfig(input)).not.toThrow();
const only = (input: LakehouseConfigInput, path: string) => onlyIssueOf(() => loadConfig(input), path);

/** `count` tags `t0`…`t<count-1>`. */
const manyTags = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`t${i}`, "v"]));

describe("tag count", () => {
  // The example's project has one tag (data-classification) and every environment has pipelines.
  test("20 config tags with pipelines load (jobs and pipelines take 25, the toolkit sets 5)", () => {
    loads(withEnvironment("aws-dev", (env) => void (env.tags = manyTags(19))));
  });

  test("21 config tags with pipelines are rejected", () => {
    const issue = only(
      withEnvironment("aws-dev", (env) => void (env.tags = manyTags(20))),
      "environments.aws-dev.tags",
    );
    expect(issue).toContain("add 21 tags; at most 20: Databricks jobs and pipelines take at most 25 tags");
  });

  test("without pipelines 39 config tags load and 40 are rejected (SQL warehouses take fewer than 45)", () => {
    const noPipelines = (count: number) =>
      withEnvironment("azure-dev", (env) => {
        delete env.pipelines;
        env.tags = manyTags(count - 1);
      });
    loads(noPipelines(39));
    const issue = only(noPipelines(40), "environments.azure-dev.tags");
    expect(issue).toContain("add 40 tags; at most 39: Databricks SQL warehouses take fewer than 45 tags");
  });

  test("60 project tags are rejected once per environment", () => {
    const issues = issuesOf(() => loadConfig(withProject((p) => void (p.tags = manyTags(60)))));
    expect(issues).toHaveLength(6);
    expect(issues[0]).toMatch(/^environments\.azure-dev\.tags: .* add 60 tags; at most 20/);
  });
});

describe("tag keys", () => {
  test("a 128-character key loads, 129 is rejected", () => {
    loads(withProject((p) => void (p.tags = { [`k${"x".repeat(127)}`]: "v" })));
    const issue = only(
      withProject((p) => void (p.tags = { [`k${"x".repeat(128)}`]: "v" })),
      `project.tags.k${"x".repeat(128)}`,
    );
    expect(issue).toContain("must be a tag key of letters, digits and _ . : / - (≤128)");
  });

  test("'/' in a key is refused on Azure and accepted on AWS", () => {
    loads(withEnvironment("aws-dev", (env) => void (env.tags = { "team/unit": "fraud" })));
    const issue = only(
      withEnvironment("azure-dev", (env) => void (env.tags = { "team/unit": "fraud" })),
      "environments.azure-dev.tags.team/unit",
    );
    expect(issue).toContain("contains a character Azure refuses in tag names");
  });

  test("an 'aws:' prefix is refused on AWS", () => {
    const issue = only(
      withEnvironment("aws-dev", (env) => void (env.tags = { "aws:team": "fraud" })),
      "environments.aws-dev.tags.aws:team",
    );
    expect(issue).toContain("starts with 'aws:', a prefix AWS reserves");
  });

  test("keys that differ only in case are one tag on Azure, two on AWS", () => {
    const both = (id: "azure-dev" | "aws-dev") =>
      withEnvironment(id, (env) => void (env.tags = { Team: "a", team: "b" }));
    loads(both("aws-dev"));
    const issue = only(both("azure-dev"), "environments.azure-dev.tags.team");
    expect(issue).toContain("'team' and 'Team' are the same tag on Azure");
  });

  test("Databricks' own tags: 'Name' exactly on AWS, any case on Azure", () => {
    loads(withEnvironment("aws-dev", (env) => void (env.tags = { vendor: "acme" })));
    only(
      withEnvironment("aws-dev", (env) => void (env.tags = { Name: "x" })),
      "environments.aws-dev.tags.Name",
    );
    only(
      withEnvironment("azure-dev", (env) => void (env.tags = { vendor: "acme" })),
      "environments.azure-dev.tags.vendor",
    );
  });

  test("a key the toolkit sets (any case) is rejected", () => {
    const issue = only(
      withProject((p) => void (p.tags = { Owner: "someone" })),
      "project.tags.Owner",
    );
    expect(issue).toContain("is set by the toolkit on every resource");
  });
});

describe("tag values", () => {
  test("a 256-character value loads, 257 is rejected", () => {
    loads(withProject((p) => void (p.tags = { note: "x".repeat(256) })));
    const issue = only(
      withProject((p) => void (p.tags = { note: "x".repeat(257) })),
      "project.tags.note",
    );
    expect(issue).toContain("must be 0–256 characters (has 257)");
  });

  test("a 100,000-character owner and a 257-character cost center are rejected", () => {
    expect(
      only(
        withProject((p) => void (p.owner = "x".repeat(100_000))),
        "project.owner",
      ),
    ).toContain("must be 1–256 characters (has 100000)");
    expect(
      only(
        withProject((p) => void (p.costCenter = "c".repeat(257))),
        "project.costCenter",
      ),
    ).toContain("must be 1–256 characters (has 257)");
    loads(withProject((p) => void (p.costCenter = "c".repeat(256))));
  });

  test("a value with ',' loads on Azure and is rejected on AWS", () => {
    loads(withEnvironment("azure-dev", (env) => void (env.tags = { team: "fraud, risk" })));
    const issue = only(
      withEnvironment("aws-dev", (env) => void (env.tags = { team: "fraud, risk" })),
      "environments.aws-dev.tags.team",
    );
    expect(issue).toContain("'fraud, risk' is not a valid AWS tag value");
  });

  test("the owner is checked against AWS tag characters when any environment is on AWS", () => {
    const issue = only(
      withProject((p) => void (p.owner = "Data Platform <dp@example.com>")),
      "project.owner",
    );
    expect(issue).toContain("is written to AWS tags");
    loads(
      withConfig((c) => {
        c.project.owner = "Data Platform <dp@example.com>";
        c.environments = c.environments.filter((env) => env.cloud === "azure");
      }),
    );
  });
});

describe("printable characters only", () => {
  test.each([
    ["NUL", "a\u0000b", "U+0000"],
    ["right-to-left override", "abc\u202Edef", "U+202E"],
    ["first isolate", "abc\u2068def", "U+2068"],
    ["line separator", "a\u2028b", "U+2028"],
    ["next line (C1)", "a\u0085b", "U+0085"],
    ["unpaired surrogate", "a\uD800b", "U+D800"],
  ])("%s in a tag value is rejected and shown escaped", (_name, value, code) => {
    const issue = only(
      withProject((p) => void (p.tags = { note: value })),
      "project.tags.note",
    );
    expect(issue).toContain(code);
    expect(issue).not.toContain(value);
    expect(issue).toContain("use printable characters only");
  });

  test("a line break in a tag value is rejected, in a comment it is kept on one line", () => {
    only(
      withProject((p) => void (p.tags = { note: "a\nb" })),
      "project.tags.note",
    );
    loads(
      withConfig((c) => {
        const table = (c.datasets as { tables: { silver: { comment: string } }[] }).tables[0]!;
        table.silver.comment = "first line\nsecond line";
      }),
    );
  });

  test("a control character in a key is rejected", () => {
    const issues = issuesOf(() => loadConfig(withProject((p) => void (p.tags = { "a\u0007": "v" }))));
    expect(issues).toEqual([
      "project.tags: key 'a\\u{7}' contains the control character U+0007; use printable characters only",
    ]);
  });

  test("a right-to-left override in a comment (datasets) is rejected at its path", () => {
    const issue = only(
      withConfig((c) => {
        const table = (c.datasets as { tables: { silver: { comment: string } }[] }).tables[0]!;
        table.silver.comment = "ok \u202E evil";
      }),
      "datasets.tables.transactions.silver.comment",
    );
    expect(issue).toContain("bidirectional control U+202E");
  });

  test("a U+2028 in an expectation expression is rejected", () => {
    const issue = only(
      withConfig((c) => {
        const silver = (c.datasets as { tables: { silver: { expectations: { expression?: string }[] } }[] })
          .tables[0]!.silver;
        silver.expectations[5]!.expression = "amount > 0\u2028OR true";
      }),
      "datasets.tables.transactions.silver.expectations[5].expression",
    );
    expect(issue).toContain("U+2028");
  });
});

describe("subqueries in expectations", () => {
  const expression = (value: string) =>
    withConfig((c) => {
      const silver = (c.datasets as { tables: { silver: { expectations: { expression?: string }[] } }[] })
        .tables[0]!.silver;
      silver.expectations[5]!.expression = value;
    });

  test("SELECT outside quotes is rejected", () => {
    const issue = only(
      expression("amount < (SELECT max(amount) FROM silver.transactions)"),
      "datasets.tables.transactions.silver.expectations[5].expression",
    );
    expect(issue).toContain("must not contain a subquery (SELECT)");
  });

  test("'select' inside a string literal or a quoted identifier is not a subquery", () => {
    loads(expression("currency <> 'select'"));
    loads(expression("`select` IS NULL OR amount > 0"));
  });
});

describe("money", () => {
  const limit = (value: number) =>
    withEnvironment("aws-dev", (env) => void (env.budget!.monthlyLimit = value));

  test("1e400 (Infinity) is rejected, not synthesized as null", () => {
    const issue = only(limit(Number("1e400")), "environments.aws-dev.budget.monthlyLimit");
    expect(issue).toContain("Infinity must be a finite amount from 0.01 to 1000000000000");
  });

  test("0.01 and 10^12 load; 0.009, 10^12 + 1 and fractions of cents are rejected", () => {
    loads(limit(0.01));
    loads(limit(1_000_000_000_000));
    only(limit(0.009), "environments.aws-dev.budget.monthlyLimit");
    only(limit(1_000_000_000_001), "environments.aws-dev.budget.monthlyLimit");
    expect(only(limit(10.005), "environments.aws-dev.budget.monthlyLimit")).toContain("whole cents");
    loads(limit(10.05));
  });
});

describe("budget start date", () => {
  const start = (value: string) =>
    withEnvironment("azure-dev", (env) => void (env.budget!.startDate = value));
  test.each(["2026-13-01", "2026-00-01", "2026-12-02", "2017-05-01", "2087-06-01"])(
    "%s is rejected",
    (date) => {
      expect(only(start(date), "environments.azure-dev.budget.startDate")).toContain(
        `'${date}' must be the first day`,
      );
    },
  );
  test.each(["2017-06-01", "2026-12-01", "2087-05-01"])("%s loads", (date) => loads(start(date)));
});

describe("budget currency", () => {
  test("AWS takes USD only", () => {
    loads(withEnvironment("aws-dev", (env) => void (env.budget!.currency = "USD")));
    const issue = only(
      withEnvironment("aws-dev", (env) => void (env.budget!.currency = "DOGE")),
      "environments.aws-dev.budget.currency",
    );
    expect(issue).toContain("'DOGE' is not supported: AWS cost budgets are tracked in USD");
  });

  test("Azure takes no currency (the billing account's)", () => {
    const issue = only(
      withEnvironment("azure-dev", (env) => void (env.budget!.currency = "USD")),
      "environments.azure-dev.budget.currency",
    );
    expect(issue).toContain("consumption budgets take no currency");
  });
});

describe("time zones", () => {
  const zone = (value: string) =>
    withEnvironment("azure-dev", (env) => void (env.pipelines!.schedule!.timezone = value));
  test.each(["Mars/Olympus", "", "europe/amsterdam", "UTC+1", " UTC"])(
    "pipelines.schedule.timezone %j is rejected",
    (tz) => {
      expect(only(zone(tz), "environments.azure-dev.pipelines.schedule.timezone")).toContain(
        "is not an IANA time zone name",
      );
    },
  );
  test.each(["UTC", "Europe/Amsterdam", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])(
    "%s loads",
    (tz) => loads(zone(tz)),
  );

  test("the dataset maintenance time zone follows the same rule", () => {
    const issue = only(
      withConfig(
        (c) => void ((c.datasets as { maintenance: { timezone: string } }).maintenance.timezone = "utc"),
      ),
      "datasets.maintenance.timezone",
    );
    expect(issue).toContain("'utc' is not an IANA time zone name");
  });
});

describe("state backends", () => {
  const s3 = (backend: Record<string, unknown>) =>
    withEnvironment("aws-dev", (env) => void (loose(env).backend = { type: "s3", ...backend }));

  test("bucket 'Invalid_Bucket!!' and region 'mars-1' are rejected", () => {
    const issues = issuesOf(() => loadConfig(s3({ bucket: "Invalid_Bucket!!", region: "mars-1" })));
    expect(issues).toEqual([
      expect.stringMatching(
        /^environments\.aws-dev\.backend\.bucket: 'Invalid_Bucket!!' must be an S3 bucket name/,
      ),
      "environments.aws-dev.backend.region: 'mars-1' must be an AWS region code such as us-east-1 or eu-central-1",
    ]);
  });

  test("bucket names: 3 and 63 characters load; 2, 64, '..' and IP addresses are rejected", () => {
    loads(s3({ bucket: "abc" }));
    loads(s3({ bucket: `a${"b".repeat(61)}c`, region: "us-gov-west-1" }));
    for (const bucket of ["ab", `a${"b".repeat(62)}c`, "state..bucket", "192.168.1.1", "xn--state"]) {
      only(s3({ bucket }), "environments.aws-dev.backend.bucket");
    }
  });

  test("an Azure resource group name ending in '.' is rejected", () => {
    const backend = (resourceGroupName: string) =>
      withEnvironment("azure-dev", (env) => {
        loose(env).backend = {
          type: "azurerm",
          resourceGroupName,
          storageAccountName: "tfstate123",
          containerName: "tfstate",
        };
      });
    loads(backend("rg-terraform_(state)"));
    only(backend("rg."), "environments.azure-dev.backend.resourceGroupName");
  });
});

describe("public firewall ranges", () => {
  const ranges = (allowedPublicIpRanges: string[], minimumPublicPrefixLength?: number) =>
    withEnvironment("aws-dev", (env) => {
      env.network.allowedPublicIpRanges = allowedPublicIpRanges;
      if (minimumPublicPrefixLength !== undefined)
        env.network.minimumPublicPrefixLength = minimumPublicPrefixLength;
    });

  test("32.0.0.0/3 (536,870,912 addresses) is rejected", () => {
    const issue = only(ranges(["32.0.0.0/3"]), "environments.aws-dev.network.allowedPublicIpRanges[0]");
    expect(issue).toContain("'32.0.0.0/3' is wider than /24 (536870912 addresses");
  });

  test("a /24 loads and a /23 is rejected by default; lowering the minimum admits the /23", () => {
    loads(ranges(["203.0.113.0/24"]));
    only(ranges(["198.51.100.0/23"]), "environments.aws-dev.network.allowedPublicIpRanges[0]");
    loads(ranges(["198.51.100.0/23"], 23));
  });

  test("the minimum itself must be 8–32", () => {
    only(ranges([], 7), "environments.aws-dev.network.minimumPublicPrefixLength");
  });
});

describe("private address space for networks", () => {
  const network = (prefix: string) =>
    withEnvironment("azure-dev", (env) => {
      env.network = {
        cidr: `${prefix}.0.0/20`,
        subnets: { host: `${prefix}.0.0/22`, container: `${prefix}.4.0/22` },
      };
      env.databricks.privateEndpoints = false;
    });

  test("a public VNet range (8.8.0.0/20) is rejected", () => {
    const issue = only(network("8.8"), "environments.azure-dev.network.cidr");
    expect(issue).toContain("'8.8.0.0/20' must lie inside a private range");
  });

  test.each(["10.40", "172.16", "192.168", "100.64"])("%s.0.0/20 loads", (prefix) => loads(network(prefix)));
  test.each(["172.32", "100.128", "11.0"])("%s.0.0/20 is rejected", (prefix) => {
    only(network(prefix), "environments.azure-dev.network.cidr");
  });
});

describe("names that reach scripts and API calls", () => {
  test("a metastore name with quotes and $( is rejected", () => {
    const issue = only(
      withEnvironment(
        "azure-prod",
        (env) => void (env.databricks.metastore = { mode: "create", name: `lake'"$(rm -rf /)` }),
      ),
      "environments.azure-prod.databricks.metastore.name",
    );
    expect(issue).toContain("must be a metastore name");
  });

  test("a plain metastore name loads (metastores are created from the top-level list)", () => {
    loads(
      withConfig((c) => {
        c.metastores = [{ cloud: "azure", region: "westeurope", name: "frdlh-westeurope" }];
      }),
    );
  });
});

test("the example itself is within every limit", () => {
  loads(exampleConfig());
});
