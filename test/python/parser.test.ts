import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePython, readsStartFromFields, spanOf, startOf, textOf, type SyntaxNode } from "../../src/analysis/summaries/parser.js";

function* allNodes(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  for (const child of node.children) yield* allNodes(child);
}

describe("startOf, textOf and spanOf", () => {
  it("read the start from the node's fields", () => {
    expect(readsStartFromFields()).toBe(true);
  });

  it("agree with the binding's own getters on every node of every fixture, and on text outside ASCII", () => {
    const fixtures = readdirSync("test/fixtures", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".py"));
    const texts = fixtures.map((f) => readFileSync(path.join("test/fixtures", f), "utf8"));
    texts.push("naïve = 'ü'\n𝔘 = f'{naïve!r:>10}'\nclass Ä:\n    def é(self):\n        return '🙂' + \"\"\"\nā\n\"\"\"\n");
    let checked = 0;
    for (const text of texts) {
      for (const node of allNodes(parsePython(text).rootNode)) {
        expect(startOf(node)).toBe(node.startIndex);
        expect(textOf(node)).toBe(node.text);
        expect(spanOf(node)).toEqual({
          startLine: node.startPosition.row + 1,
          startColumn: node.startPosition.column + 1,
          endLine: node.endPosition.row + 1,
          endColumn: node.endPosition.column + 1,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
