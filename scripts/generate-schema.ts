/**
 * `npm run schema`: writes the config's JSON Schema (generated from the zod schema) to
 * `schema/lakehouse.schema.json`. Run it after changing `config/schema.ts` or the dataset spec; a test
 * fails while the committed file is stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { JSON_SCHEMA_FILE, renderJsonSchema } from "../config/json-schema";

const target = join(__dirname, "..", "..", JSON_SCHEMA_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderJsonSchema());
console.log(`wrote ${JSON_SCHEMA_FILE}`);
