// forksafe.schema.json: generated from the zod schema and committed (npm run schema), it accepts
// every configuration the README and docs/configuration.md show and rejects what the loader rejects.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/load-config.js";
import { configJsonSchemaText, SCHEMA_FILE } from "../../src/config/json-schema.js";
import { FAIL_ON, SEVERITY_SETTINGS } from "../../src/config/schema.js";

const committed = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), "utf8");
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(committed) as object);
const docs = ["README.md", "docs/configuration.md"].map((p) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8")).join("\n");

/** The documentation's YAML blocks that are configurations: those that open with a `# forksafe.yml` line. */
function documentedConfigs(): string[] {
  return [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((text) => /^# (yaml-language-server:.*\n# )?(\.github\/)?forksafe\.yml/.test(text));
}

function loaderAccepts(value: unknown): boolean {
  try {
    parseConfig(value, "forksafe.yml");
    return true;
  } catch {
    return false;
  }
}

describe("forksafe.schema.json", () => {
  it("is generated from the current zod schema (npm run schema)", () => {
    expect(committed).toBe(configJsonSchemaText());
  });

  it("accepts every configuration the documentation shows", () => {
    const examples = documentedConfigs();
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const text of examples) {
      const value: unknown = parse(text);
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      expect(loaderAccepts(value)).toBe(true);
    }
  });

  it("has the loader's keys and enums", () => {
    const schema = JSON.parse(committed) as { properties: Record<string, { enum?: string[]; additionalProperties?: { enum: string[] } }> };
    expect(Object.keys(schema.properties).sort()).toEqual(["database_calls", "entry_points", "exclude", "fail_on", "include", "rules"]);
    expect(schema.properties.fail_on!.enum).toEqual([...FAIL_ON]);
    expect(schema.properties.rules!.additionalProperties!.enum).toEqual([...SEVERITY_SETTINGS]);
  });

  const cases: Array<[string, unknown]> = [
    ["an unknown key", { inclde: ["src/**"] }],
    ["an unknown level", { rules: { FS101: "fatal" } }],
    ["a malformed rule id", { rules: { fs101: "off" } }],
    ["an unknown fail_on", { fail_on: "sometimes" }],
    ["a string for a list", { include: "src/**" }],
    ["an empty glob", { exclude: [""] }],
    ["a number in a list", { database_calls: [3] }],
    ["a list at the top", ["src/**"]],
    ["a mapping for entry_points", { entry_points: { web: "Procfile" } }],
  ];
  it.each(cases)("rejects %s, as the loader does", (_name, value) => {
    expect(loaderAccepts(value)).toBe(false);
    expect(validate(value)).toBe(false);
  });

  const good: Array<[string, unknown]> = [
    ["an empty mapping", {}],
    [
      "every key",
      { include: ["a/**"], exclude: ["b"], rules: { FS101: "off", FS110: "note" }, database_calls: ["x.y"], entry_points: ["Procfile"], fail_on: "never" },
    ],
  ];
  it.each(good)("accepts %s, as the loader does", (_name, value) => {
    expect(loaderAccepts(value)).toBe(true);
    expect(validate(value)).toBe(true);
  });
});
