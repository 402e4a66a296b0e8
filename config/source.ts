import { readFileSync } from "node:fs";
import { EXAMPLE_CONFIG } from "./example";
import { ConfigValidationError } from "./load";

/**
 * The raw config the app builds from: the JSON file named by `LAKEHOUSE_CONFIG`, or the built-in
 * example when it is unset. A missing or malformed file is a config error, reported like the others.
 */
export function readConfigInput(path: string | undefined = process.env.LAKEHOUSE_CONFIG): unknown {
  if (!path) return EXAMPLE_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigValidationError([
      `LAKEHOUSE_CONFIG: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigValidationError([
      `LAKEHOUSE_CONFIG: '${path}' is not valid JSON (${(error as Error).message})`,
    ]);
  }
}
