// FS203: a SQLAlchemy engine used while the app loads before fork. Under gunicorn, a post_fork
// hook calling `engine.dispose(close=False)` with the engine imported from the module that
// creates it (SQLAlchemy's pooling docs: each child drops the pool it inherited without closing
// the parent's connections); under uWSGI, lazy-apps.
import { join } from "../analysis/servers/places.js";
import { parsePython } from "../analysis/summaries/parser.js";
import { loadsBeforeFork } from "../analysis/servers/entry-summary.js";
import type { EntryPoint, Finding, Location } from "../analysis/types.js";
import { entryPointsOf, gunicornConfigTarget } from "./entry-points.js";
import type { HookRequest } from "./python-hooks.js";
import { Refused } from "./refused.js";
import { rangeOf } from "./text-edits.js";
import { lazyApps } from "./uwsgi-lazy-apps.js";
import type { FixWorkspace } from "./workspace.js";

export async function disposeEngine(ws: FixWorkspace, finding: Finding, only?: EntryPoint[]): Promise<void> {
  const eps = (only ?? entryPointsOf(ws.result, finding)).filter(
    (ep) => loadsBeforeFork(ep) !== "no" && ep.engineDispose?.side !== "master" && ep.engineDispose?.side !== "worker",
  );
  for (const ep of eps) {
    if (ep.server === "uwsgi") {
      await lazyApps(ws, finding, ep);
      continue;
    }
    if (ep.engineDispose?.side === "worker-close") {
      await keepParent(ws, finding, ep.engineDispose.location);
      continue;
    }
    const target = gunicornConfigTarget(ep);
    const engine = await engineOf(ws, finding);
    const base = ep.startDirectory ?? (target.path.endsWith("gunicorn.conf.py") ? dirOf(target.path) : undefined);
    const module = base === undefined ? undefined : moduleName(engine.path, base);
    if (!module) throw new Refused(`${engine.path} is not importable as a module from the directory gunicorn starts in`);
    const file = await ws.file(target.path);
    if ("problem" in file) throw new Refused(file.problem);
    const hook: HookRequest = {
      name: "post_fork",
      params: "server, worker",
      doc: "Drop the SQLAlchemy pool copied from the master, without closing the master's connections.",
      imports: [`from ${module} import ${engine.name}`],
      statements: [`${engine.name}.dispose(close=False)`],
    };
    ws.change(
      target.path,
      finding,
      `${target.path}: post_fork disposes ${module}.${engine.name}'s pool in each worker, keeping the master's connections open`,
      { hooks: [hook] },
    );
  }
}

/** A plain `dispose()` in a worker hook closes the master's connections too: it gets `close=False`. */
async function keepParent(ws: FixWorkspace, finding: Finding, location: Location): Promise<void> {
  const file = await ws.file(location.path);
  if ("problem" in file) throw new Refused(file.problem);
  const { start, end } = rangeOf(file.text, location);
  const call = parsePython(file.text).rootNode.descendantForIndex(start, end);
  const args = call.type === "call" ? call.childForFieldName("arguments") : undefined;
  if (!args || args.namedChildren.length > 0) {
    throw new Refused(`${location.path}:${location.startLine}: dispose() is called with arguments; give it close=False by hand`);
  }
  ws.change(location.path, finding, `${location.path}: the dispose() in each worker keeps the master's connections open (close=False)`, {
    edits: [{ start: args.startIndex, end: args.endIndex, insert: "(close=False)" }],
  });
}

/** The one module-level `NAME = create_engine(...)` in the files the finding goes through. */
async function engineOf(ws: FixWorkspace, finding: Finding): Promise<{ path: string; name: string }> {
  const paths = [...new Set([finding.location.path, ...finding.chain.map((c) => c.location.path)])];
  const found: { path: string; name: string }[] = [];
  let flask = false;
  for (const path of paths) {
    const file = await ws.file(path);
    if ("problem" in file) continue;
    for (const node of parsePython(file.text).rootNode.namedChildren) {
      const assign = node.type === "expression_statement" ? node.namedChildren[0] : undefined;
      const target = assign?.type === "assignment" ? assign.childForFieldName("left") : undefined;
      const callee = assign?.childForFieldName("right")?.type === "call" ? assign.childForFieldName("right")!.childForFieldName("function")?.text : undefined;
      if (target?.type !== "identifier" || !callee) continue;
      if (/(^|\.)create_engine$/.test(callee)) found.push({ path, name: target.text });
      if (/(^|\.)SQLAlchemy$/.test(callee)) flask = true;
    }
  }
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new Refused(`several engines could be the one used: ${found.map((e) => `${e.name} in ${e.path}`).join(", ")}`);
  throw new Refused(
    flask
      ? "the engine is Flask-SQLAlchemy's (db.engine), which exists only inside an app context: dispose it in post_fork within app.app_context() by hand"
      : `no module-level create_engine() found in ${paths.join(", ")}`,
  );
}

function dirOf(path: string): string {
  return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
}

/** `shop/db.py` from `` is `shop.db`; undefined when the file is not under `base` or a part is not a name. */
function moduleName(path: string, base: string): string | undefined {
  const prefix = base === "" ? "" : `${join(base, "")}/`;
  if (!path.startsWith(prefix) || !path.endsWith(".py")) return undefined;
  const parts = path.slice(prefix.length, -3).split("/");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  return parts.length > 0 && parts.every((p) => /^[A-Za-z_]\w*$/.test(p)) ? parts.join(".") : undefined;
}
