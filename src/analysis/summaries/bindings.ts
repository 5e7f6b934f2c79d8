// Captures that bind names: assignments (querysets, managers, instances and the class of an
// instance) and import statements (bindings, imported models, the import effect).
import { instantiated } from "./calls.js";
import { codeOf } from "./code-of.js";
import { kindOf } from "../knowledge/django-orm.js";
import { importBindings } from "./imports.js";
import { jobStoreAssignment } from "../knowledge/schedulers.js";
import { storeReads } from "../knowledge/settings-stores.js";
import { locationOf, type SyntaxNode, textOf } from "./parser.js";
import type { SummaryState } from "./summary-state.js";

/** `self.name`: an attribute the method sets and may use again in the same body. */
const SELF_ATTRIBUTE = /^self\.[A-Za-z_]\w*$/;

export function assign(state: SummaryState, node: SyntaxNode): void {
  const scope = state.executable();
  if (!scope) return;
  const text = textOf(node);
  const simple = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=[^=]/.exec(text);
  if (simple && !state.interesting(text) && !/get_user_model|get_model|[A-Z]\w*\(|\bcls\(|sqlalchemy/.test(text)) {
    scope.vars.delete(simple[1]!);
    scope.objects?.delete(simple[1]!);
    scope.schedulers?.delete(simple[1]!);
    scope.jobStores?.delete(simple[1]!);
    return;
  }
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  if (!left || !right) return;
  storeReads(state, node, text);
  const top = state.stack[state.stack.length - 1]!;
  if (left.type === "identifier") {
    const name = textOf(left);
    const cls = instantiated(right);
    if (cls && top.cls) top.cls.attributes.set(name, cls);
    const kind = kindOf(right, state.kindOfName);
    scope.objects?.delete(name);
    if (kind && kind !== "parameter") state.bind(scope, name, kind);
    else scope.vars.delete(name);
    // A model instance keeps both: its kind (for save()) and its class (for its own methods).
    if (cls) (scope.objects ??= new Map()).set(name, cls);
    jobStoreAssignment(state, scope, name, right, text);
    return;
  }
  if (left.type === "attribute" && SELF_ATTRIBUTE.test(textOf(left))) {
    // `self.scheduler = BackgroundScheduler(...)`: known as `self.scheduler` in this function.
    const name = textOf(left);
    const cls = instantiated(right);
    if (cls) (scope.objects ??= new Map()).set(name, cls);
    else scope.objects?.delete(name);
    jobStoreAssignment(state, scope, name, right, text);
    return;
  }
  if (left.type !== "pattern_list" && left.type !== "tuple_pattern") return;
  for (const name of left.namedChildren) if (name.type === "identifier") scope.objects?.delete(textOf(name));
  if (/_or_create\(/.test(textOf(right))) {
    const first = left.namedChildren[0];
    if (first?.type === "identifier") state.bind(scope, textOf(first), "instance");
  }
}

/** `with Session(engine) as session:`: the name is bound to an instance of the class, as an assignment binds it. */
export function withItem(state: SummaryState, node: SyntaxNode): void {
  const scope = state.executable();
  const value = node.namedChildren[0];
  const alias = node.childForFieldName("alias")?.namedChildren[0];
  if (!scope || !value || alias?.type !== "identifier") return;
  const name = textOf(alias);
  scope.vars.delete(name);
  const cls = instantiated(value);
  if (cls) (scope.objects ??= new Map()).set(name, cls);
  else scope.objects?.delete(name);
}

export function importStatement(state: SummaryState, node: SyntaxNode): void {
  const scope = state.executable();
  if (!scope) return;
  const { bindings, paths, models } = importBindings(node, state.path, state.index);
  const target = scope.fn ? scope.fn.bindings : state.summary.bindings;
  for (const [name, binding] of bindings) target.set(name, binding);
  for (const name of models) scope.vars.set(name, "model");
  if (paths.length > 0) state.add({ kind: "import", location: locationOf(state.path, node), code: codeOf(node), paths });
}
