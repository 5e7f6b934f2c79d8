// FS112: a close that runs only in the workers (post_fork, post_worker_init, pre_request) is
// moved to the master's when_ready hook: removed from the worker hook (the whole hook when the
// close was all it did), added to when_ready. Under uWSGI (@postfork) the fix is lazy-apps.
import { parsePython, type SyntaxNode } from "../analysis/summaries/parser.js";
import type { Finding } from "../analysis/types.js";
import { sameStart } from "./entry-points.js";
import { MASTER_CLOSE } from "./gunicorn-master-close.js";
import { Refused } from "./refused.js";
import { lineEnd, lineStart, rangeOf, type TextEdit } from "./text-edits.js";
import { lazyApps } from "./uwsgi-lazy-apps.js";
import type { FixWorkspace } from "./workspace.js";

const WORKER_HOOKS = new Set(["post_fork", "post_worker_init", "pre_request"]);

export async function moveClose(ws: FixWorkspace, finding: Finding): Promise<void> {
  const eps = ws.result.entryPoints.filter(
    (ep) => ep.mitigation === "worker-close" && ep.mitigationLocation && sameStart(ep.mitigationLocation, finding.location),
  );
  if (eps.some((ep) => ep.server === "uwsgi")) {
    for (const ep of eps.filter((e) => e.server === "uwsgi")) await lazyApps(ws, finding, ep);
    return;
  }
  if (eps.length === 0) return;
  const path = finding.location.path;
  const file = await ws.file(path);
  if ("problem" in file) throw new Refused(file.problem);
  const { start } = rangeOf(file.text, finding.location);
  const root = parsePython(file.text).rootNode;
  const call = root.descendantForIndex(start);
  const statement = closingStatement(call);
  const hook = statement?.parent?.parent;
  const name = hook?.childForFieldName("name")?.text ?? "";
  if (!statement || hook?.type !== "function_definition" || hook.parent?.type !== "module" || !WORKER_HOOKS.has(name)) {
    throw new Refused(`${path}:${finding.location.startLine}: the close is not a statement of the worker hook itself (a helper, a branch): move it by hand`);
  }
  ws.change(path, finding, `${path}: the connection close moves from ${name} (each worker) to when_ready (the master, before fork)`, {
    edits: removal(file.text, hook, statement),
    hooks: [MASTER_CLOSE],
  });
}

/** The statement that closes: the call's expression statement, or the `for c in connections.all():` loop around it. */
function closingStatement(node: SyntaxNode | null): SyntaxNode | undefined {
  let statement: SyntaxNode | undefined;
  for (let n = node; n; n = n.parent) {
    if (n.type === "expression_statement" && !statement) statement = n;
    if (n.type === "for_statement" && /connections\.all\(\)/.test(n.childForFieldName("right")?.text ?? "")) statement = n;
    if (n.type === "function_definition") break;
  }
  return statement;
}

/** Remove the close; the whole hook when nothing else is left in it; the django import when nothing else uses it. */
function removal(text: string, hook: SyntaxNode, statement: SyntaxNode): TextEdit[] {
  const body = hook.childForFieldName("body")!;
  const others = body.namedChildren.filter((c) => c.id !== statement.id && c.type !== "comment" && !isDocstring(c, body) && c.type !== "pass_statement");
  const imports = others.filter((c) => importsOnlyConnections(c));
  const rest = others.filter((c) => !imports.includes(c));
  if (rest.length === 0) {
    // The hook goes with the comment lines right above it (they describe it) and the blank lines before them.
    const start = text.slice(0, commentsAbove(text, hook.startIndex)).trimEnd().length;
    return [{ start, end: lineEnd(text, hook.endIndex) - (text.endsWith("\n") || lineEnd(text, hook.endIndex) < text.length ? 1 : 0), insert: "" }];
  }
  const edits = [wholeLines(text, statement)];
  const usedElsewhere = rest.some((c) => /\bconnections?\b/.test(c.text));
  if (!usedElsewhere) edits.push(...imports.map((c) => wholeLines(text, c)));
  return edits;
}

/** The node's lines; and the blank lines after them when they opened the block (nothing would be left to separate). */
function wholeLines(text: string, node: SyntaxNode): TextEdit {
  const start = lineStart(text, node.startIndex);
  let end = lineEnd(text, node.endIndex);
  if (/:\s*(#.*)?$/.test(text.slice(lineStart(text, start - 1), Math.max(0, start - 1)))) {
    while (end < text.length && /^[ \t]*\r?$/.test(text.slice(end, lineEnd(text, end)).replace(/\n$/, ""))) end = lineEnd(text, end);
  }
  return { start, end, insert: "" };
}

/** Where the run of comment lines directly above `offset`'s line starts (`offset` itself when there is none). */
function commentsAbove(text: string, offset: number): number {
  let start = lineStart(text, offset);
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    if (!/^[ \t]*#/.test(text.slice(previous, start))) break;
    start = previous;
  }
  return start;
}

function isDocstring(node: SyntaxNode, body: SyntaxNode): boolean {
  return node.id === body.namedChildren[0]?.id && node.type === "expression_statement" && node.namedChildren[0]?.type === "string";
}

/** `from django.db import connections` (or connection), nothing else. */
function importsOnlyConnections(node: SyntaxNode): boolean {
  return node.type === "import_from_statement" && /^from\s+django\.db\s+import\s+connections?\s*$/.test(node.text);
}
