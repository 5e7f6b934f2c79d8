// One tree-sitter parser for Python, and the conversions from its nodes to our locations.
import { createRequire } from "node:module";
import type Parser from "tree-sitter";
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
  }
  return parser.parse(text);
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
