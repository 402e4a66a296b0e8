/** Quoting: identifiers, string literals and comments, and injection attempts through every input. */
import { qualifiedName, quoteIdentifier, sqlString, type PipelineSqlContext } from "../../../pipelines";
import { CONTEXT, codeOnly, files, spec } from "../../support/pipeline-sql";

describe("quoting", () => {
  test("identifiers are backtick-quoted with backticks doubled", () => {
    expect(quoteIdentifier("customers")).toBe("`customers`");
    expect(quoteIdentifier("a`b")).toBe("`a``b`");
    expect(quoteIdentifier("``x`")).toBe("`````x```");
    expect(quoteIdentifier("")).toBe("``");
    expect(qualifiedName("main", "silver", "t")).toBe("`main`.`silver`.`t`");
  });

  test.each([
    ["plain", "'plain'"],
    ["it's", "'it\\'s'"],
    ["back\\slash", "'back\\\\slash'"],
    ["line\nbreak\ttab\r", "'line\\nbreak\\ttab\\r'"],
    ["nul\u0000bell\u0007", "'nul\\u0000bell\\u0007'"],
    ["\\'", "'\\\\\\''"],
  ])("string literal %j", (value, literal) => {
    expect(sqlString(value)).toBe(literal);
  });

  test("a hostile catalog name stays one identifier", () => {
    const out = files("azure", { ...CONTEXT.azure, catalog: "x`.`y`; DROP TABLE z; --\nSELECT" });
    for (const content of Object.values(out)) {
      expect(content).toContain("`x``.``y``; DROP TABLE z; --\nSELECT`.`");
      expect(codeOnly(content)).not.toContain("DROP TABLE");
      // The header comment names the catalog: the newline must not end the comment.
      expect(
        content
          .split("\n\n")[0]!
          .split("\n")
          .every((line) => line.startsWith("-- ")),
      ).toBe(true);
    }
  });

  test("a hostile file path stays one string literal", () => {
    // Generator-level defence: validation would reject parts of this, the generator must not rely on it.
    const s = spec("azure");
    const source = s.sources[1]!;
    if (source.type !== "files") throw new Error("expected a files source");
    (source as { path: string }).path = "customers/'); DROP TABLE x; --\\";
    (source as { options: Record<string, string> }).options = { "header'": "'); DROP TABLE y; --" };
    const bronze = files("azure", CONTEXT.azure, s)["bronze.sql"]!;
    expect(bronze).toContain(
      "'abfss://landing@frdprodlake.dfs.core.windows.net/customers/\\'); DROP TABLE x; --\\\\'",
    );
    expect(bronze).toContain("`header'` => '\\'); DROP TABLE y; --'");
    expect(codeOnly(bronze)).not.toContain("DROP TABLE");
    expect(codeOnly(bronze).match(/;/g)).toHaveLength(4); // one statement per table
  });

  test("hostile comments and secret names stay literals", () => {
    const s = spec("azure");
    (s.tables[0]!.bronze as { comment?: string }).comment = "x'; DROP TABLE t; --";
    const ctx: PipelineSqlContext = {
      ...CONTEXT.azure,
      eventHubs: { ...CONTEXT.azure.eventHubs!, secretScope: "s')", secretKey: "k'); DROP TABLE u; --" },
    };
    const bronze = files("azure", ctx, s)["bronze.sql"]!;
    expect(bronze).toContain("secret('s\\')', 'k\\'); DROP TABLE u; --')");
    expect(codeOnly(bronze)).not.toContain("DROP TABLE");
  });

  test("a Terraform token in the landing URL is passed through as text", () => {
    const bronze = files("azure", {
      ...CONTEXT.azure,
      landingUrl: "abfss://landing@${azurerm_storage_account.lake.name}.dfs.core.windows.net",
    })["bronze.sql"]!;
    expect(bronze).toContain(
      "'abfss://landing@${azurerm_storage_account.lake.name}.dfs.core.windows.net/customers/'",
    );
  });
});
