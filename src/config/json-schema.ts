// The JSON Schema of forksafe.yml, generated from the one zod schema (never written by hand), for
// editors: `# yaml-language-server: $schema=...` completes keys and rule ids and flags typos.
import { z } from "zod";
import { configSchema } from "./schema.js";

export const SCHEMA_FILE = "forksafe.schema.json";

export function configJsonSchema(): Record<string, unknown> {
  // "input": what a user writes, where every key is optional and defaults fill the rest.
  const generated = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" });
  return {
    ...generated,
    title: "forksafe.yml",
    description: "Configuration of Forksafe (forksafe.yml, or .github/forksafe.yml for the GitHub App). Every key is optional.",
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
