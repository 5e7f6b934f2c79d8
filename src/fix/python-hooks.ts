// gunicorn hooks in a Python config file: extend the hook the file defines, or add it at the
// end. A hook is asked for by name and body lines; two fixes asking for one hook get one hook.
import { moduleFunctions } from "../analysis/servers/python-hooks.js";
import { parsePython, type SyntaxNode } from "../analysis/summaries/parser.js";
import { newlineOf, type TextEdit } from "./text-edits.js";
import { Refused } from "./refused.js";

export interface HookRequest {
  name: string;
  /** `server` or `server, worker`, as gunicorn calls the hook. */
  params: string;
  /** The docstring of a new hook, saying why it is there. */
  doc: string;
  imports: string[];
  statements: string[];
}

/** Hooks in the order gunicorn calls them, for a file that gets several. */
const ORDER = ["on_starting", "when_ready", "pre_fork", "post_fork", "post_worker_init"];

/** Header of a gunicorn.conf.py a fix creates. */
export const NEW_CONFIG_HEADER = "# gunicorn reads ./gunicorn.conf.py from the directory it starts in.";

/** The edits that make `text` define each requested hook with its lines. */
export function renderHooks(path: string, text: string, requests: readonly HookRequest[]): TextEdit[] {
  if (requests.length === 0) return [];
  if (!path.endsWith(".py")) throw new Refused("not a Python config file");
  const merged = mergeRequests(requests);
  const nl = newlineOf(text);
  const root = parsePython(text).rootNode;
  const defs = moduleFunctions(root);
  const edits: TextEdit[] = [];
  const added: HookRequest[] = [];
  for (const request of merged) {
    assertDefinedOnce(root, request.name, defs.get(request.name));
    const def = defs.get(request.name);
    if (def) {
      const edit = extendHook(def, request, nl);
      if (edit) edits.push(edit);
    } else added.push(request);
  }
  if (added.length > 0) {
    const content = text.trimEnd();
    const lead = content === "" ? `${NEW_CONFIG_HEADER}${nl}${nl}${nl}` : `${nl}${nl}${nl}`;
    const body = added.map((r) => newHook(r, nl)).join(`${nl}${nl}${nl}`);
    edits.push({ start: content.length, end: text.length, insert: `${lead}${body}${nl}` });
  }
  return edits;
}

function mergeRequests(requests: readonly HookRequest[]): HookRequest[] {
  const byName = new Map<string, HookRequest>();
  for (const r of requests) {
    const known = byName.get(r.name);
    if (!known) byName.set(r.name, { ...r, imports: [...r.imports], statements: [...r.statements] });
    else {
      for (const i of r.imports) if (!known.imports.includes(i)) known.imports.push(i);
      for (const s of r.statements) if (!known.statements.includes(s)) known.statements.push(s);
    }
  }
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** A hook assigned from another function, or defined inside a block, cannot be extended exactly. */
function assertDefinedOnce(root: SyntaxNode, name: string, def: SyntaxNode | undefined): void {
  for (const node of root.namedChildren) {
    const assign = node.type === "expression_statement" ? node.namedChildren[0] : undefined;
    if (assign?.type === "assignment" && assign.childForFieldName("left")?.text === name) {
      throw new Refused(`${name} is assigned (line ${node.startPosition.row + 1}), not defined: add the lines to the function it names by hand`);
    }
  }
  const nested = root
    .descendantsOfType("function_definition")
    .filter((fn) => fn.childForFieldName("name")?.text === name && fn.id !== def?.id && !insideFunction(fn));
  if (nested.length > 0)
    throw new Refused(`${name} is defined inside a block (line ${nested[0]!.startPosition.row + 1}): which definition gunicorn gets depends on the run`);
}

function insideFunction(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === "function_definition") return true;
  return false;
}

/** Lines appended to the end of an existing hook's body, unless it already has them. */
function extendHook(def: SyntaxNode, request: HookRequest, nl: string): TextEdit | undefined {
  const body = def.childForFieldName("body");
  const last = body?.namedChildren.filter((c) => c.type !== "comment").pop();
  if (!body || !last) throw new Refused(`${request.name} has no body to extend`);
  if (body.startPosition.row === def.startPosition.row) throw new Refused(`${request.name} is written on one line: extend it by hand`);
  if (leavesEarly(body)) throw new Refused(`${request.name} returns or yields before its end: add the lines by hand where they always run`);
  const have = new Set(body.text.split("\n").map((l) => l.trim()));
  const lines = [...request.imports, ...request.statements].filter((l) => !have.has(l));
  if (lines.length === 0) return undefined;
  const indent = " ".repeat(body.namedChildren[0]!.startPosition.column);
  return { start: last.endIndex, end: last.endIndex, insert: lines.map((l) => `${nl}${indent}${l}`).join("") };
}

/** A return, yield or raise in the hook itself (not in a function it defines). */
function leavesEarly(body: SyntaxNode): boolean {
  const pending = [...body.namedChildren];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") continue;
    if (node.type === "return_statement" || node.type === "yield" || node.type === "raise_statement") return true;
    pending.push(...node.namedChildren);
  }
  return false;
}

function newHook(request: HookRequest, nl: string): string {
  return [
    `def ${request.name}(${request.params}):`,
    `    """${request.doc}"""`,
    ...request.imports.map((i) => `    ${i}`),
    ...(request.imports.length > 0 ? [""] : []),
    ...request.statements.map((s) => `    ${s}`),
  ].join(nl);
}
