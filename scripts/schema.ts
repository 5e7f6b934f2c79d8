// `npm run schema`: writes forksafe.schema.json from the zod schema in src/config/schema.ts.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchemaText, SCHEMA_FILE } from "../src/config/json-schema.js";

writeFileSync(fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url)), configJsonSchemaText());
