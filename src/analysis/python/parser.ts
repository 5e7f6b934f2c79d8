// One tree-sitter parser for Python, and the conversions from its nodes to our locations.
import { createRequire } from "node:module";
import type Parser from "tree-sitter";
import { keepShape } from "../kept-shapes.js";
import type { Location, Span } from "../types.js";

const require = createRequire(import.meta.url);
const TreeSitter = require("tree-sitter") as typeof Parser;
const Python = require("tree-sitter-python") as Parser.Language;

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;

/** Parses Python source. tree-sitter recovers from syntax errors: ERROR nodes mark what it could not. */
export function parsePython(text: string): Tree {
  if (!parser) {
    parser = new TreeSitter();
    parser.setLanguage(Python);
    keepNodeShapes(parser);
  }
  return parser.parse(text);
}

/** Python with the kinds of node a summary reads (summary-query.ts). */
const SAMPLE = `import os
from django.apps import AppConfig
from . import signals as s

class ShopConfig(AppConfig):
    name = "shop"
    @property
    def label(self, *args, key=None, **kw):
        items = [x for x in range(3) if x > 1]
        if settings.DEBUG and not key:
            return {"a": 1, **kw}[0:2]
        elif key in ("b", 'c'):
            lambda y: y.objects.filter(id=1).first()
        for row in Model.objects.all():
            print(f"{row!r}", -1, 2.5, None, True)
        try:
            with connection.cursor() as c:
                c.execute("SELECT 1")
        except Exception:
            pass
        return getattr(self, "x")
`;

/**
 * tree-sitter gives every node type a class, and a node's shape depends on the numbers it holds:
 * the nodes of a small parse, held for the life of the process, keep those shapes, and the code
 * V8 compiled for them, between scans (kept-shapes.ts).
 */
function keepNodeShapes(p: Parser): void {
  const nodes: SyntaxNode[] = [];
  const pending = [p.parse(SAMPLE).rootNode];
  for (let node = pending.pop(); node; node = pending.pop()) {
    nodes.push(node);
    pending.push(...node.children);
  }
  keepShape("tree-sitter nodes", nodes);
}

/** A node's range: tree-sitter rows and columns are 0-based UTF-16 units; ours are 1-based. */
export function spanOf(node: SyntaxNode): Span {
  return {
    startLine: node.startPosition.row + 1,
    startColumn: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

export function locationOf(path: string, node: SyntaxNode): Location {
  return { path, ...spanOf(node) };
}
