// What an expression is, as far as the database goes: a manager or queryset (lazy), a model
// class, a model instance, or something that runs a query now. Names follow what each scope
// has bound so far (`qs = Rate.objects.filter(...)`, `User = get_user_model()`).
import { KNOWN_HELPERS, QUERYING_MANAGER_METHODS } from "./library-overrides.js";
import { attributeNameOf, maybeTextOf, type SyntaxNode, textOf } from "../summaries/parser.js";

/** `parameter`: a parameter of the enclosing function, a queryset when its caller passes one. */
export type Kind = "manager" | "queryset" | "model" | "instance" | "parameter";

/** Looks a bare name up in the function, then the module. */
export type KindOf = (name: string) => Kind | undefined;

/** Build a query and run nothing. */
const LAZY = new Set([
  "filter",
  "exclude",
  "all",
  "values",
  "values_list",
  "order_by",
  "select_related",
  "prefetch_related",
  "annotate",
  "only",
  "defer",
  "using",
  "none",
  "distinct",
  "reverse",
  "extra",
  "alias",
  "select_for_update",
  "dates",
  "datetimes",
  "union",
  "intersection",
  "difference",
  "complex_filter",
  "raw",
]);

/** Run a query on a manager or queryset; the value is an instance for those in INSTANCE. */
const EVALUATING = new Set([
  "get",
  "create",
  "get_or_create",
  "update_or_create",
  "bulk_create",
  "bulk_update",
  "count",
  "exists",
  "contains",
  "first",
  "last",
  "earliest",
  "latest",
  "aggregate",
  "in_bulk",
  "iterator",
  "update",
  "delete",
  "explain",
  ...QUERYING_MANAGER_METHODS.map((m) => m.name),
]);
const INSTANCE = new Set(["get", "create", "first", "last", "earliest", "latest", "get_current", "get_solo"]);

/** Builtins that evaluate a queryset passed to them. */
export const EVALUATING_BUILTINS = new Set([
  "list",
  "tuple",
  "set",
  "frozenset",
  "sorted",
  "len",
  "bool",
  "repr",
  "str",
  "print",
  "dict",
  "any",
  "all",
  "sum",
  "max",
  "min",
  "enumerate",
]);

const INSTANCE_METHODS = new Set(["save", "delete", "refresh_from_db", "asave", "adelete", "arefresh_from_db"]);
/**
 * Class methods of tree models that query when called: django-treebeard's node classes
 * (treebeard/models.py, mp_tree.py, ns_tree.py, al_tree.py: add_root, fix_tree, load_bulk...).
 * The model may come from `apps.get_model()` or oscar's `get_model()`, so they are known by name
 * on a model. (django-mptt's `objects.rebuild()` is read from the library summaries, with the
 * steps inside mptt, where the model's class is known.)
 */
const TREE_CLASS_QUERIES = new Set(["add_root", "fix_tree", "load_bulk", "dump_bulk", "find_problems", "get_first_root_node", "get_last_root_node"]);
/** Tree-model class methods that return a queryset and run nothing (treebeard's get_root_nodes, get_tree). */
const TREE_CLASS_QUERYSETS = new Set(["get_root_nodes", "get_tree"]);
/**
 * What `Model.add_root(...)` and the like do when the model's class cannot be read (a model from
 * `get_model()`): the walk uses it only when the call resolves to no code it can follow.
 */
export function treeClassCall(call: SyntaxNode, names: KindOf): string | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute" || !TREE_CLASS_QUERIES.has(attributeNameOf(fn))) return undefined;
  const owner = fn.childForFieldName("object");
  return owner && kindOf(owner, names) === "model" ? "runs a tree-model query" : undefined;
}

/** The words of the tree-model methods, for the summariser's text tests. */
export const TREE_WORDS: readonly string[] = [...TREE_CLASS_QUERIES, ...TREE_CLASS_QUERYSETS];
const MANAGERS = new Set(["objects", "_default_manager", "_base_manager", "_tree_manager"]);
/** Modules whose dump()/dumps() pickle their first argument. */
export const PICKLERS = /^(pickle|cPickle|_pickle|dill|cloudpickle)$/;
/** Django cache methods that pickle the value they store (every built-in backend pickles it). */
const CACHE_STORES = new Set(["set", "add", "get_or_set", "aset", "aadd", "aget_or_set"]);
/** Known helpers (library-overrides.ts) by called name, with what they do. */
const HELPERS = new Map(KNOWN_HELPERS.map((h) => [h.name, h.what]));

export function isEvaluating(method: string): boolean {
  return EVALUATING.has(method) || (method.startsWith("a") && EVALUATING.has(method.slice(1)));
}

/** The kind of an expression, or undefined when it is none of ours. */
export function kindOf(node: SyntaxNode, names: KindOf): Kind | undefined {
  switch (node.type) {
    case "identifier":
      return names(textOf(node));
    case "parenthesized_expression":
      return node.namedChildren[0] ? kindOf(node.namedChildren[0], names) : undefined;
    case "attribute": {
      return MANAGERS.has(attributeNameOf(node)) ? "manager" : undefined;
    }
    case "subscript": {
      const value = node.childForFieldName("value");
      const sub = node.childForFieldName("subscript");
      if (!value || !sub || !isQueryset(kindOf(value, names))) return undefined;
      return sub.type === "slice" && !steppedSlice(sub) ? "queryset" : undefined;
    }
    case "call":
      return callKind(node, names);
    default:
      return undefined;
  }
}

function callKind(call: SyntaxNode, names: KindOf): Kind | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "identifier") {
    // Django's get_user_model(), and oscar's get_model("app", "Model") (oscar.core.loading).
    if (textOf(fn) === "get_user_model" || textOf(fn) === "get_model") return "model";
    return names(textOf(fn)) === "model" ? "instance" : undefined;
  }
  if (fn.type !== "attribute") return undefined;
  const method = attributeNameOf(fn);
  if (method === "get_model") return "model";
  if (method === "get_queryset") return "queryset";
  if (TREE_CLASS_QUERYSETS.has(method)) {
    const owner = fn.childForFieldName("object");
    return owner && kindOf(owner, names) === "model" ? "queryset" : undefined;
  }
  if (method === "get_solo") return "instance";
  if (!LAZY.has(method) && !INSTANCE.has(method)) return undefined;
  const object = fn.childForFieldName("object");
  if (!object || !isQueryset(kindOf(object, names))) return undefined;
  if (LAZY.has(method)) return "queryset";
  return INSTANCE.has(method) ? "instance" : undefined;
}

export function isQueryset(kind: Kind | undefined): boolean {
  return kind === "manager" || kind === "queryset";
}

/** `cache` or `caches["name"]`, as imported from django.core.cache. */
function isCache(node: SyntaxNode): boolean {
  if (node.type === "identifier") return textOf(node) === "cache";
  return node.type === "subscript" && maybeTextOf(node.childForFieldName("value")) === "caches";
}

/** The value `cache.set(key, value)` stores: the second positional argument, or `value=`/`default=`. */
function cachedValueIsQueryset(call: SyntaxNode, names: KindOf): boolean {
  const args = (call.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "comment");
  const keyword = args.find((a) => a.type === "keyword_argument" && ["value", "default"].includes(maybeTextOf(a.childForFieldName("name")) ?? ""));
  const value = keyword ? keyword.childForFieldName("value") : args.filter((a) => a.type !== "keyword_argument")[1];
  return value ? isQueryset(kindOf(value, names)) : false;
}

/** `[::2]`: a slice with a step evaluates the queryset. */
export function steppedSlice(slice: SyntaxNode): boolean {
  if (textOf(slice).split(":", 3).length < 3) return false; // fewer than two colons
  return slice.children.filter((c) => c.type === ":").length === 2;
}

/**
 * Why this call touches the database, or undefined. `what` completes "... " in a message, e.g.
 * "runs a query" ("`Rate.objects.count()` runs a query").
 */
export function databaseCall(call: SyntaxNode, names: KindOf): string | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "identifier") return bareCall(call, textOf(fn), names);
  if (fn.type !== "attribute") return undefined;
  const method = attributeNameOf(fn);
  if (method === "call_command") return "runs a management command";
  const helper = HELPERS.get(method);
  if (helper) return helper;
  const object = fn.childForFieldName("object");
  if (!object) return undefined;
  if (method === "ensure_connection" && !boundToOtherValue(object)) return "opens a database connection";
  if (PICKLERS.test(textOf(object)) && (method === "dumps" || method === "dump") && querysetArgument(call, names)) {
    return "evaluates a queryset (pickling runs its query)";
  }
  if (CACHE_STORES.has(method) && isCache(object) && cachedValueIsQueryset(call, names)) {
    return "evaluates a queryset (the cache pickles the value it stores)";
  }
  if (method === "cursor" && isConnection(object) && !boundToOtherValue(object)) return "opens a database cursor";
  if (object.type === "attribute" && maybeTextOf(object.childForFieldName("attribute")) === "introspection") {
    return "introspects the database";
  }
  const kind = kindOf(object, names);
  if (isQueryset(kind) && isEvaluating(method)) return "runs a query";
  if (kind === "instance" && INSTANCE_METHODS.has(method)) return "writes or reads a model instance in the database";
  return undefined;
}

function bareCall(call: SyntaxNode, name: string, names: KindOf): string | undefined {
  if (name === "call_command") return "runs a management command";
  const helper = HELPERS.get(name);
  if (helper && name !== "get_solo") return helper;
  if (EVALUATING_BUILTINS.has(name)) {
    const args = call.childForFieldName("arguments")?.namedChildren ?? [];
    const checked = name === "print" ? args : args.slice(0, 1);
    if (checked.some((a) => a.type !== "keyword_argument" && isQueryset(kindOf(a, names)))) return "evaluates a queryset";
  }
  return undefined;
}

/** Whether the first positional argument of a call is a manager or queryset. */
function querysetArgument(call: SyntaxNode, names: KindOf): boolean {
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  return !!first && first.type !== "keyword_argument" && isQueryset(kindOf(first, names));
}

/**
 * Whether `object` is a bare name that the enclosing function (or module) binds to something other
 * than a Django connection: `connection = celery_app.connection()` is a message-broker connection,
 * and its `ensure_connection()` opens no database session. `conn = connections["default"]` and
 * `with transaction.get_connection() as conn` still count as Django's.
 */
function boundToOtherValue(object: SyntaxNode): boolean {
  if (object.type !== "identifier") return false;
  let scope = object.parent;
  while (scope && scope.type !== "function_definition" && scope.type !== "module") scope = scope.parent;
  const body = scope?.type === "function_definition" ? scope.childForFieldName("body") : scope;
  if (!body) return false;
  const values: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "assignment" && maybeTextOf(child.childForFieldName("left")) === textOf(object)) {
        const right = child.childForFieldName("right");
        if (right) values.push(right);
      }
      if (child.type === "as_pattern" && maybeTextOf(child.childForFieldName("alias")) === textOf(object)) {
        const value = child.namedChildren[0];
        if (value) values.push(value);
      }
      visit(child);
    }
  };
  visit(body);
  return values.length > 0 && values.every((value) => !isDjangoConnection(value));
}

/** A value that is one of Django's connection wrappers. */
function isDjangoConnection(value: SyntaxNode): boolean {
  if (value.type === "call") return /(^|\.)get_connection$/.test(maybeTextOf(value.childForFieldName("function")) ?? "");
  return isConnection(value);
}

/** `connection`, `db.connection`, `connections[alias]`, `connections["default"]`. */
function isConnection(node: SyntaxNode): boolean {
  if (node.type === "subscript") return /(^|\.)connections$/.test(maybeTextOf(node.childForFieldName("value")) ?? "");
  return /(^|\.)connection$/.test(textOf(node));
}
