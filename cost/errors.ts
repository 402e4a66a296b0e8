import { readFileSync } from "node:fs";

/** Bad input to the cost review (bad arguments, usage values or catalog, a region the catalog lacks). */
export class CostReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CostReviewError";
  }
}

/** The JSON in `path`, or a {@link CostReviewError} naming `what` and the file when it is not valid JSON. */
export function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (e) {
    throw new CostReviewError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}
