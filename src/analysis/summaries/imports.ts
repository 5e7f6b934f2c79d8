// The names an import statement binds, and the repository modules it runs.
//   import shop.tasks            binds `shop`, runs shop/tasks.py
//   import shop.tasks as t       binds `t`
//   from .services import warm   binds `warm` (a member of shop/services.py), runs that module
//   from . import signals        binds `signals` (a submodule), runs shop/signals.py
import type { Binding } from "./facts.js";
import type { ModuleIndex } from "../project/modules.js";
import { maybeTextOf, type SyntaxNode } from "./parser.js";

export interface ImportResult {
  bindings: Map<string, Binding>;
  /** Repository files the statement executes. */
  paths: string[];
  /** Bound names that are classes of a models module (`from .models import Rate`). */
  models: string[];
}

export function importBindings(node: SyntaxNode, fromPath: string, index: ModuleIndex): ImportResult {
  const result: ImportResult = { bindings: new Map(), paths: [], models: [] };
  if (node.type === "import_statement") {
    for (const item of node.namedChildren) plainImport(item, fromPath, index, result);
  } else {
    fromImport(node, fromPath, index, result);
  }
  return result;
}

function plainImport(item: SyntaxNode, fromPath: string, index: ModuleIndex, out: ImportResult): void {
  const aliased = item.type === "aliased_import";
  const dotted = (aliased ? item.childForFieldName("name") : item)?.text;
  if (!dotted) return;
  const path = index.resolveAbsolute(dotted, fromPath);
  if (path) out.paths.push(path);
  if (aliased) {
    const alias = maybeTextOf(item.childForFieldName("alias"));
    if (alias) out.bindings.set(alias, { kind: "module", dotted, ...(path ? { path } : {}) });
  } else {
    const head = dotted.split(".")[0]!;
    const headPath = index.resolveAbsolute(head, fromPath);
    out.bindings.set(head, { kind: "module", dotted: head, ...(headPath ? { path: headPath } : {}) });
  }
}

function fromImport(node: SyntaxNode, fromPath: string, index: ModuleIndex, out: ImportResult): void {
  const moduleText = maybeTextOf(node.childForFieldName("module_name"));
  if (!moduleText) return;
  const modulePath = index.resolve(moduleText, fromPath);
  const moduleDotted = modulePath ? index.dottedName(modulePath) : moduleText.replace(/^\.+/, "");
  const fromModels = /(^|\.)models$/.test(moduleText) || /(^|\/)models(\.py|\/__init__\.py)$/.test(modulePath ?? "");
  let runsModule = false;
  for (const item of node.childrenForFieldName("name")) {
    const aliased = item.type === "aliased_import";
    const name = (aliased ? item.childForFieldName("name") : item)?.text;
    const local = aliased ? maybeTextOf(item.childForFieldName("alias")) : name;
    if (!name || !local) continue;
    const sub = index.resolve(moduleText.endsWith(".") ? moduleText + name : `${moduleText}.${name}`, fromPath);
    if (sub) {
      out.paths.push(sub);
      out.bindings.set(local, { kind: "module", path: sub, dotted: index.dottedName(sub) });
      continue;
    }
    runsModule = true;
    out.bindings.set(local, { kind: "member", dotted: `${moduleDotted}.${name}`, ...(modulePath ? { path: modulePath } : {}) });
    if (fromModels && /^[A-Z]/.test(name)) out.models.push(local);
  }
  if (runsModule && modulePath) out.paths.push(modulePath);
}
