/** User SQL expressions embedded in generated SQL. */
import { unsafeExpressionReason } from "../../../pipelines/syntax/sql-expressions";

describe("expression safety", () => {
  test.each([
    "amount > 0",
    "status IN ('a', 'b')",
    "coalesce(x, 'it\\'s') <> ''",
    "`weird;name` > 0",
    "a = 'x;--y'",
  ])("%j is safe", (expression) => {
    expect(unsafeExpressionReason(expression)).toBeUndefined();
  });
});

describe("characters and subqueries (issue 14)", () => {
  test.each([
    ["U+2028 line separator", "a > 0\u2028OR true", "must be on one line"],
    ["U+0085 next line", "a > 0\u0085OR true", "must be on one line"],
    ["NUL", "a > 0\u0000", "control character U+0000"],
    ["tab", "a >\t0", "control character U+0009"],
    ["right-to-left override", "a > 0 \u202E", "bidirectional control U+202E"],
    ["pop directional isolate", "a > 0 \u2069", "bidirectional control U+2069"],
  ])("%s is refused", (_name, expression, reason) => {
    expect(unsafeExpressionReason(expression)).toContain(reason);
  });

  test.each(["amount < (SELECT max(amount) FROM t)", "EXISTS (select 1)", "x IN (SeLeCt id FROM t)"])(
    "a subquery %j is refused",
    (expression) => {
      expect(unsafeExpressionReason(expression)).toContain("must not contain a subquery (SELECT)");
    },
  );

  test.each(["note <> 'select'", "`select` > 0", "selection_count > 0", "preselect = true"])(
    "%j is not a subquery",
    (expression) => {
      expect(unsafeExpressionReason(expression)).toBeUndefined();
    },
  );
});
