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
