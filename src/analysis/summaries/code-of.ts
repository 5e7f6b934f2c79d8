import { type SyntaxNode, textOf } from "./parser.js";

/** Source text on one line, at most 80 characters. */
export function codeOf(node: SyntaxNode, source = textOf(node)): string {
  const text = source.replace(/\s*\n\s*/g, " ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
