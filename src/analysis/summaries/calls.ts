// The call capture: a database call, a query through a parameter, or a plain call (with its
// queryset arguments and, for a method on an instance, the instance's class) for the walk.
import { codeOf } from "./code-of.js";
import { databaseCall, treeClassCall } from "../knowledge/django-orm.js";
import { hazardCall } from "../knowledge/fork-hazards.js";
import { engineDisposal } from "../knowledge/sqlalchemy.js";
import { TASK_PROXY_WHAT, taskProxyArguments } from "../knowledge/task-queues.js";
import { hasPendingJobs, jobStoreCall, mayUseJobStore } from "../knowledge/schedulers.js";
import { commandCall } from "../startup/management-commands.js";
import { parameterCall, querysetArguments } from "./parameters.js";
import { storeGetattr, storeOf, storeReads } from "../knowledge/settings-stores.js";
import { locationOf, maybeTextOf, type SyntaxNode, textOf } from "./parser.js";
import type { SummaryState } from "./summary-state.js";

const CALLEE = /^((?:super\(\)\.)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(/;
/** `super(Command, self).handle(`: the old spelling of `super().handle(`. */
const OLD_SUPER = /^super\(\s*[A-Za-z_][\w.]*\s*,\s*(?:self|cls)\s*\)\s*\.\s*([A-Za-z_]\w*)\s*\(/;

/** The called name as the walk looks it up: `warm_cache`, `shop.tasks.warm`, `super().save`. */
function calleeOf(text: string): string | undefined {
  const old = text.startsWith("super(") ? OLD_SUPER.exec(text) : null;
  return old ? `super().${old[1]}` : CALLEE.exec(text)?.[1];
}
const SETUP_CALL = /(^|\.)get_[wa]sgi_application$/;
/** A class by Python's naming convention: `Loader`, `warmers.CarrierWarmer`. */
const CLASS_NAME = /^(?:[A-Za-z_]\w*\.)*_?[A-Z]\w*$/;
/** Text of a call that may be `SomeClass(...).method(...)`. */
const INSTANCE_METHOD_CALL = /\)\s*\.\s*[A-Za-z_]\w*\s*\(/;

export function call(state: SummaryState, node: SyntaxNode): void {
  if (!state.executable()) return;
  const text = textOf(node);
  if (text.includes("call_command") && commandCall(state, node)) return;
  const what = state.interesting(text) ? databaseCall(node, state.kindOfName) : undefined;
  if (what) return state.add({ kind: "db", location: locationOf(state.path, node), code: codeOf(node, text), what });
  const onParam = state.executable()?.fn && state.interesting(text) ? parameterCall(node, state.kindOfName) : undefined;
  if (onParam) return state.add({ kind: "db", location: locationOf(state.path, node), code: codeOf(node, text), ...onParam });
  const stored = mayUseJobStore(text) ? jobStoreCall(state, node) : undefined;
  if (stored) state.add(stored);
  const disposal = engineDisposal(state, node, text);
  if (disposal) return state.add(disposal);
  const hazard = hazardCall(state, node, text);
  const called = calleeOf(text);
  if (called === "getattr") {
    const read = storeGetattr(state, node);
    if (read) return state.add(read);
  }
  storeReads(state, node, text);
  if (hazard) {
    state.add(hazard);
    // A scheduler imported from another module: the walk looks at how that module built it.
    if (!stored && called && /^[A-Za-z_]\w*\.start$/.test(called) && state.imported(called.slice(0, called.indexOf(".")))) {
      const pending = hasPendingJobs(state, called.slice(0, called.indexOf(".")));
      state.add({
        kind: "call",
        location: locationOf(state.path, node),
        code: codeOf(node, text),
        callee: called,
        ...(pending ? { pendingJobs: true as const } : {}),
      });
    }
    return;
  }
  if (called === "getattr" || (called !== undefined && DYNAMIC_CALLEE.test(called))) dynamicCall(state, node, called);
  if (!called) return;
  const method = methodOnInstance(state, node, text, called);
  const callee = method?.callee ?? called;
  if (SETUP_CALL.test(callee) && state.executable()?.type === "module" && state.summary.effectsBeforeSetup === undefined) {
    state.summary.effectsBeforeSetup = state.summary.moduleEffects.length;
  }
  const querysetArgs = state.interesting(text) ? querysetArguments(node, state.kindOfName, (name) => storeOf(state, name)) : [];
  state.add({
    kind: "call",
    location: locationOf(state.path, node),
    code: codeOf(node, text),
    callee,
    ...(querysetArgs.length > 0 ? { querysetArgs } : {}),
    ...(method ? { receiver: method.receiver } : {}),
    ...unresolvedMeans(state, node, text),
  });
}

/**
 * `name.method()` on a name bound to `SomeClass(...)`, or `SomeClass(...).method()`. `called`
 * is the name before the first parenthesis; the text is tested before the tree is read.
 */
function methodOnInstance(state: SummaryState, call: SyntaxNode, text: string, called: string): { callee: string; receiver: string } | undefined {
  const dot = called.indexOf(".");
  // `name.method()` or `name.attribute.method()` (a model instance's `article.tags.add()`).
  if (dot > 0 && called.split(".").length <= 3) {
    const receiver =
      state.objectOf(called.slice(0, dot)) ?? (called.startsWith("self.") ? state.objectOf(called.slice(0, called.lastIndexOf("."))) : undefined);
    if (receiver) return { callee: called, receiver };
  }
  if (!CLASS_NAME.test(called) || !INSTANCE_METHOD_CALL.test(text)) return undefined;
  const fn = call.childForFieldName("function");
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
  const method = maybeTextOf(fn?.childForFieldName("attribute"));
  const receiver = object && method ? instantiated(object) : undefined;
  return receiver ? { callee: `${receiver}().${method}`, receiver } : undefined;
}

/** What the call does if the walk cannot follow it (facts.ts CallEffect.unresolvedMeans). */
function unresolvedMeans(state: SummaryState, node: SyntaxNode, text: string): { unresolvedMeans?: string } {
  const means = (state.interesting(text) ? treeClassCall(node, state.kindOfName) : undefined) ?? (taskProxyArguments(text) ? TASK_PROXY_WHAT : undefined);
  return means ? { unresolvedMeans: means } : {};
}

/** The class expression of `Name(...)` (or `Name.from_queryset(QS)(...)`) when it names a class by Python's convention. */
export function instantiated(node: SyntaxNode): string | undefined {
  if (node.type !== "call") return undefined;
  // The text rules most calls out before the tree is asked: a call whose text starts `name(`
  // instantiates a class only if the name is one by convention (or ends `.from_queryset`).
  const head = CALLEE.exec(textOf(node))?.[1];
  if (head !== undefined && (head.startsWith("super()") || !(CLASS_HEAD.test(head) || head.endsWith(".from_queryset")))) return undefined;
  const name = (maybeTextOf(node.childForFieldName("function")) ?? "").replace(FROM_QUERYSET, "");
  return CLASS_NAME.test(name) ? name : undefined;
}

const FROM_QUERYSET = /\.from_queryset\([^()]*\)$/;
/** A dotted name whose last part is capitalised, as CLASS_NAME asks. */
const CLASS_HEAD = /(?:^|\.)_?[A-Z]\w*$/;
/** Calls whose target the text cannot tell: a name looked up at run time, code built at run time. */
const DYNAMIC_CALLEE = /^(?:(?:importlib\.)?import_module|__import__|eval|exec)$/;

/** Marks the calling function as dynamic when a call's target is chosen at run time. */
function dynamicCall(state: SummaryState, node: SyntaxNode, called: string): void {
  const fn = state.executable()?.fn;
  if (!fn || fn.dynamic) return;
  if (DYNAMIC_CALLEE.test(called)) fn.dynamic = `calls ${called}()`;
  else if (node.childForFieldName("function")?.type === "call" && textOf(node).startsWith("getattr(")) fn.dynamic = "calls a method chosen by getattr()";
}
