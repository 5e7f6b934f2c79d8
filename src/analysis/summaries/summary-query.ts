// The one native query a file is summarised with: its captures arrive in source order.
import { createRequire } from "node:module";
import type Parser from "tree-sitter";

const require = createRequire(import.meta.url);
const TreeSitter = require("tree-sitter") as typeof Parser;
const Python = require("tree-sitter-python") as Parser.Language;

const QUERY_SOURCE = `
(function_definition) @fn
(class_definition) @class
(lambda) @lambda
(call) @call
(for_statement right: (_) @iter)
(for_in_clause right: (_) @iter)
(if_statement) @if
(elif_clause) @elif
(while_statement condition: (_) @cond)
(not_operator argument: (_) @cond)
(comparison_operator) @cmp
(subscript) @subscript
(assignment) @assign
(with_item value: (as_pattern) @with)
(import_statement) @import
(import_from_statement) @import
`;
// Patterns with text predicates, which the binding checks in JavaScript for every candidate
// node: compiled in only for files that contain the word.
const OPTIONAL_PATTERNS: Array<[word: string, pattern: string]> = [
  ["choices", `(keyword_argument name: (identifier) @kw (#eq? @kw "choices") value: (_) @choices)`],
  ["constance", `(attribute object: (identifier) @cfg (#eq? @cfg "config")) @constance`],
];
const queries = new Map<string, Parser.Query>();

/** The query for a file's text, compiled once per set of optional patterns it needs. */
export function summaryQuery(text: string): Parser.Query {
  const extra = OPTIONAL_PATTERNS.filter(([word]) => text.includes(word)).map(([, pattern]) => pattern);
  const key = extra.join("\n");
  let query = queries.get(key);
  if (!query) {
    query = new TreeSitter.Query(Python, QUERY_SOURCE + key);
    queries.set(key, query);
  }
  return query;
}
