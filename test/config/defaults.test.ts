import { defaultedPrefix, defaultNote, formatFieldPath, parseFieldPath } from "../../config/defaults";

describe("defaulted values", () => {
  test("field paths parse and print both ways", () => {
    expect(parseFieldPath("databricks.grants[2].group")).toEqual(["databricks", "grants", 2, "group"]);
    expect(formatFieldPath(["databricks", "grants", 2, "group"])).toBe("databricks.grants[2].group");
  });

  test("the first path segment the user did not write is where the default took over", () => {
    const written = { databricks: { warehouse: { size: "Small" } } };
    const effective = { databricks: { warehouse: { size: "Small", users: ["a", "b"] } } };
    expect(defaultedPrefix(written, effective, ["databricks", "warehouse", "users", 1])).toEqual([
      "databricks",
      "warehouse",
      "users",
    ]);
    expect(defaultedPrefix(written, effective, ["databricks", "warehouse", "size"])).toBeUndefined();
    // Absent from both (a missing required field): not a default.
    expect(defaultedPrefix(written, effective, ["databricks", "workspaceName"])).toBeUndefined();
  });

  test("the note names the field to set", () => {
    expect(defaultNote({}, { a: { b: 1 } }, "a.b", "environments.aws-dev.")).toBe(
      " (this value is a default: environments.aws-dev.a is not in your config; set it to override the default)",
    );
    expect(defaultNote({ a: { b: 1 } }, { a: { b: 1 } }, "a.b")).toBe("");
  });
});
