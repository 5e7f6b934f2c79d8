import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clientTableMarkdown, withClientTable } from "../../src/report/fork-clients-doc.js";

describe("the README's table of clients", () => {
  it("is what `npm run docs` generates from src/analysis/knowledge/clients.ts", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    // If this fails, run `npm run docs` and commit README.md.
    expect(readme).toBe(withClientTable(readme));
  });

  it("says which clients are reported and cites a source for each", () => {
    const table = clientTableMarkdown();
    expect(table).toMatch(/\| PyMongo \| `pymongo\.MongoClient`.* \| no: FS202 \|/);
    expect(table).toMatch(/\| redis-py \|.* \| yes: no finding \|/);
    for (const row of table.split("\n").slice(2)) expect(row).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\) \|$/);
  });

  it("refuses a README without the markers", () => {
    expect(() => withClientTable("# X\n")).toThrow(/needs the markers/);
  });
});
