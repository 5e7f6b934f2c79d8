import { describe, expect, it } from "vitest";
import { clientTableMarkdown, withClientTable } from "../../src/report/fork-clients-doc.js";

// That docs/fork-hazards.md holds the current table is checked with the other generated docs.
describe("the table of clients", () => {
  it("says which clients are reported and cites a source for each", () => {
    const table = clientTableMarkdown();
    expect(table).toMatch(/\| PyMongo \| `pymongo\.MongoClient`.* \| no: FS202 \|/);
    expect(table).toMatch(/\| redis-py \|.* \| yes: no finding \|/);
    for (const row of table.split("\n").slice(2)) expect(row).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\) \|$/);
  });

  it("refuses a page without the markers", () => {
    expect(() => withClientTable("# X\n")).toThrow(/needs the markers/);
  });
});
