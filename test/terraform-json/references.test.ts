import fc from "fast-check";
import {
  parseReferences,
  plainReference,
  referencedAddresses,
  templateExpressions,
} from "../../terraform-json/references";

describe("parseReferences", () => {
  test("a resource attribute", () => {
    expect(parseReferences("${aws_kms_key.Key_1A2B.arn}")).toEqual([
      {
        kind: "resource",
        address: "aws_kms_key.Key_1A2B",
        type: "aws_kms_key",
        name: "Key_1A2B",
        attribute: ["arn"],
      },
    ]);
  });

  test("data sources, variables, locals, modules and meta values", () => {
    expect(
      parseReferences(
        "${data.aws_iam_policy_document.Doc.json}-${var.region}-${local.tags}-${module.net.id}-${each.value}",
      ).map((r) => [r.kind, r.address, r.attribute]),
    ).toEqual([
      ["data", "data.aws_iam_policy_document.Doc", ["json"]],
      ["variable", "var.region", []],
      ["local", "local.tags", []],
      ["module", "module.net", ["id"]],
      ["meta", "each.value", []],
    ]);
  });

  test("indexes and nested attributes belong to the traversal, not to new references", () => {
    expect(parseReferences("${databricks_sql_endpoint.W.odbc_params[0].path}")).toEqual([
      {
        kind: "resource",
        address: "databricks_sql_endpoint.W",
        type: "databricks_sql_endpoint",
        name: "W",
        attribute: ["odbc_params", "[0]", "path"],
      },
    ]);
    expect(referencedAddresses("${aws_x.A.attr.sub}")).toEqual(["aws_x.A"]);
    expect(referencedAddresses('${aws_x.A["key"].id}')).toEqual(["aws_x.A"]);
    expect(referencedAddresses("${aws_subnet.A.*.id}")).toEqual(["aws_subnet.A"]);
    expect(referencedAddresses("${aws_subnet.A[*].id}")).toEqual(["aws_subnet.A"]);
  });

  test("logical ids may contain dashes", () => {
    expect(referencedAddresses("${aws_kinesis_stream.Ingest_Stream-card-transactions_5F0A.arn}")).toEqual([
      "aws_kinesis_stream.Ingest_Stream-card-transactions_5F0A",
    ]);
  });

  test("function names, object keys, string literals, numbers and for variables are not references", () => {
    expect(
      referencedAddresses(
        '${jsonencode({ Statement = [{ Resource = aws_s3_bucket.B.arn, Effect = "Allow.Deny" }] })}',
      ),
    ).toEqual(["aws_s3_bucket.B"]);
    expect(referencedAddresses("${[for s in aws_subnet.A : s.id]}")).toEqual(["aws_subnet.A"]);
    expect(referencedAddresses("${{ for k, v in var.m : k => v.id }}")).toEqual(["var.m"]);
    expect(referencedAddresses("${1.5 + length(var.list)}")).toEqual(["var.list"]);
    expect(referencedAddresses("${provider::aws::arn_parse(aws_iam_role.R.arn)}")).toEqual([
      "aws_iam_role.R",
    ]);
    expect(referencedAddresses("${element(aws_subnet.A.ids, 0).cidr_block}")).toEqual(["aws_subnet.A"]);
  });

  test("conditionals and templates inside string literals are read", () => {
    expect(referencedAddresses('${var.on ? aws_x.A.id : "none"}')).toEqual(["var.on", "aws_x.A"]);
    expect(referencedAddresses('${upper("${aws_x.A.name}-x")}')).toEqual(["aws_x.A"]);
    expect(referencedAddresses("${var.a == var.b}")).toEqual(["var.a", "var.b"]);
  });

  test("$${ is a literal, not an interpolation; non-strings have no references", () => {
    expect(parseReferences("$${aws_x.A.id}")).toEqual([]);
    expect(parseReferences("plain text aws_x.A.id")).toEqual([]);
    expect(parseReferences(42)).toEqual([]);
    expect(parseReferences(undefined)).toEqual([]);
    expect(templateExpressions("a-${var.x}-b-${lookup({ a = 1 }, var.k)}")).toEqual([
      "var.x",
      "lookup({ a = 1 }, var.k)",
    ]);
  });
});

describe("plainReference", () => {
  test("a string that is exactly one traversal", () => {
    expect(plainReference("${azurerm_resource_group.Rg.location}")).toMatchObject({
      address: "azurerm_resource_group.Rg",
      attribute: ["location"],
    });
    expect(plainReference("${data.aws_region.R.name}")).toMatchObject({ kind: "data", attribute: ["name"] });
  });

  test("anything around or inside the traversal makes it not plain", () => {
    expect(plainReference("${aws_x.A.id}-suffix")).toBeUndefined();
    expect(plainReference("${upper(aws_x.A.id)}")).toBeUndefined();
    expect(plainReference("${aws_x.A.id}${aws_x.B.id}")).toBeUndefined();
    expect(plainReference("${var.on ? aws_x.A.id : aws_x.B.id}")).toBeUndefined();
    expect(plainReference("literal")).toBeUndefined();
  });

  test("property: any ${type.name.attr} built from identifiers reads back as itself", () => {
    const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
    const logicalId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(ident, logicalId, ident, (type, name, attr) => {
        fc.pre(
          !["data", "var", "local", "module", "each", "count", "self", "path", "terraform"].includes(type),
        );
        expect(plainReference(`\${${type}.${name}.${attr}}`)).toEqual({
          kind: "resource",
          address: `${type}.${name}`,
          type,
          name,
          attribute: [attr],
        });
      }),
    );
  });
});
