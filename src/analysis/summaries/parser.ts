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
    fieldsHoldStart = startFieldsMatch(parser);
  }
  return parser.parse(text);
}

/*
 * Every call into the binding costs a fraction of a microsecond, and the summariser makes hundreds of
 * thousands per scan. Where a node starts need not be one of them: the binding keeps the node's
 * start on the node itself (fields 2-4: byte offset, row, byte column of the UTF-16 text it was
 * given). startOf() and textOf() read it there. parsePython() checks once, on a sample, that the
 * fields say what the binding's own getters say; if a new binding lays them out otherwise, the
 * getters are used.
 */
let fieldsHoldStart = false;

/** Whether startOf() reads the node's fields (the check passed); for the tests. */
export function readsStartFromFields(): boolean {
  parsePython("");
  return fieldsHoldStart;
}

interface NodeFields {
  [field: number]: number | undefined;
}

/** Where a node starts, in UTF-16 units of the parsed text (`node.startIndex`). */
export function startOf(node: SyntaxNode): number {
  return fieldsHoldStart ? (node as unknown as NodeFields)[2]! / 2 : node.startIndex;
}

/** A node's text (`node.text`), with one call into the binding instead of two. */
export function textOf(node: SyntaxNode): string {
  return (node.tree as unknown as { input: string }).input.substring(startOf(node), node.endIndex);
}

/**
 * The name after the last dot of an `attribute` node (`b` in `a.b`), read from its text: the
 * name is the node's last token. A name with letters outside ASCII is asked of the tree.
 */
export function attributeNameOf(node: SyntaxNode): string {
  const text = textOf(node);
  const found = TRAILING_NAME.exec(text);
  if (found && (found.index === 0 || text.charCodeAt(found.index - 1) < 0x80)) return found[0];
  return maybeTextOf(node.childForFieldName("attribute")) ?? "";
}

const TRAILING_NAME = /[A-Za-z_]\w*$/;

/** textOf() of a node that may be missing. */
export function maybeTextOf(node: SyntaxNode | null | undefined): string | undefined {
  return node ? textOf(node) : undefined;
}

function startRowOf(node: SyntaxNode): { row: number; column: number } {
  if (!fieldsHoldStart) return node.startPosition;
  const fields = node as unknown as NodeFields;
  return { row: fields[3]!, column: fields[4]! / 2 };
}

function startFieldsMatch(sample: Parser): boolean {
  const tree = sample.parse("é = 'ü'\nif x:\n    y = f(é, \"ā\")  # ü\n");
  const nodes = tree.rootNode.descendantsOfType(["identifier", "string", "call", "if_statement", "comment", "module"]);
  const same = nodes.every((n) => {
    const fields = n as unknown as NodeFields;
    const { row, column } = n.startPosition;
    return fields[2]! / 2 === n.startIndex && fields[3] === row && fields[4]! / 2 === column;
  });
  return same && nodes.length === 11;
}

/** A node's range: tree-sitter rows and columns are 0-based UTF-16 units; ours are 1-based. */
export function spanOf(node: SyntaxNode): Span {
  const start = startRowOf(node);
  const end = node.endPosition;
  return { startLine: start.row + 1, startColumn: start.column + 1, endLine: end.row + 1, endColumn: end.column + 1 };
}

export function locationOf(path: string, node: SyntaxNode): Location {
  return { path, ...spanOf(node) };
}
