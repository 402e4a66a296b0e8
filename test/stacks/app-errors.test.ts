/** How main.ts ends on an error: user-caused errors as one message without a stack trace, bugs with one. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, App, TerraformStack } from "cdktf";
import { loadConfig, readConfigInput } from "../../config";
import { describeAppError, exitOnAppError } from "../../stacks/app-errors";
import { withEnvironment } from "../fixtures/config";

/** Runs `fail` and returns what exitOnAppError printed and the exit code. */
function outcomeOf(fail: () => unknown): { printed: string[]; code: number } {
  const printed: string[] = [];
  let code = -1;
  class Exit extends Error {}
  try {
    fail();
    throw new Error("expected an error");
  } catch (error) {
    try {
      exitOnAppError(error, {
        error: (message) => printed.push(message),
        exit: (c) => {
          code = c;
          throw new Exit();
        },
      });
    } catch (exit) {
      if (!(exit instanceof Exit)) throw exit;
    }
  }
  return { printed, code };
}

const STACK_FRAME = /^\s+at /m;

test("a config error: printed once, every issue with its path, no stack trace, exit 1", () => {
  const { printed, code } = outcomeOf(() =>
    loadConfig(
      withEnvironment("aws-dev", (env) => {
        env.budget!.monthlyLimit = Infinity;
        env.budget!.startDate = "2026-13-01";
      }),
    ),
  );
  expect(code).toBe(1);
  expect(printed).toEqual([
    "Invalid lakehouse config (2 problems):\n" +
      "  - environments.aws-dev.budget.monthlyLimit: Infinity must be a finite amount from 0.01 to 1000000000000\n" +
      "  - environments.aws-dev.budget.startDate: '2026-13-01' must be the first day of a month, YYYY-MM-01 with month 01–12, from 2017-06-01 (Azure's earliest budget start) to 2087-05-01 (AWS budgets end on 2087-06-15)",
  ]);
});

describe("config files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "app-errors-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a missing file is a config error (exit 1, no stack trace)", () => {
    const path = join(dir, "missing.yaml");
    const { printed, code } = outcomeOf(() => readConfigInput(path));
    expect(code).toBe(1);
    expect(printed).toEqual([
      `Invalid lakehouse config (1 problem):\n  - LAKEHOUSE_CONFIG: cannot read '${path}' (ENOENT)`,
    ]);
  });

  test("a duplicate key is a config error naming line and column", () => {
    const path = join(dir, "dup.json");
    writeFileSync(path, '{\n  "stage": "dev",\n  "stage": "prod"\n}\n');
    const { printed, code } = outcomeOf(() => readConfigInput(path));
    expect(code).toBe(1);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain("line 3, column 3: duplicate key 'stage'");
    expect(printed[0]).not.toMatch(STACK_FRAME);
  });
});

test("a guardrail failure at synth (an error annotation) is the user's to fix: exit 1, no stack trace", () => {
  const outdir = mkdtempSync(join(tmpdir(), "app-errors-synth-"));
  try {
    const { printed, code } = outcomeOf(() => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "azure-prod");
      Annotations.of(stack).addError("[LH-ADLS-001] storage account allows shared keys");
      app.synth();
    });
    expect(code).toBe(1);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^Encountered Annotations with level "ERROR":/);
    expect(printed[0]).toContain("[LH-ADLS-001] storage account allows shared keys");
    expect(printed[0]).not.toMatch(STACK_FRAME);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test("anything else is a bug: said so, with the stack trace, exit 2", () => {
  const { printed, code } = outcomeOf(() => (undefined as unknown as { trim(): string }).trim());
  expect(code).toBe(2);
  expect(printed).toHaveLength(1);
  expect(printed[0]).toMatch(/^Internal error in cdktf-lakehouse \(a bug, not a problem with your config/);
  expect(printed[0]).toContain("TypeError");
  expect(printed[0]).toMatch(STACK_FRAME);
});

test("a thrown non-Error value is a bug too", () => {
  expect(describeAppError("boom")).toEqual({
    message: expect.stringMatching(/^Internal error in cdktf-lakehouse .*:\nboom$/s),
    exitCode: 2,
  });
});
