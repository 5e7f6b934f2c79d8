// Querysets handed to functions: a function's parameters, the work it does on them (database
// work only when a caller passes a queryset), and which arguments of a call are querysets.
//   def count_rows(rows): return len(rows)      `len(rows)` evaluates parameter `rows`
//   count_rows(Banner.objects.all())             argument 0 is a queryset: the len() runs a query
import { EVALUATING_BUILTINS, isEvaluating, isQueryset, kindOf, PICKLERS, type KindOf } from "../knowledge/django-orm.js";
import type { QuerysetArgument, SettingsStore } from "./facts.js";
import { attributeNameOf, maybeTextOf, type SyntaxNode, textOf } from "./parser.js";

/** Positional parameter names of a function definition, a leading `self` or `cls` left out. */
export function parameterNames(fn: SyntaxNode): string[] {
  const names: string[] = [];
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type === "identifier") names.push(textOf(p));
    else if (p.type === "typed_parameter") names.push(p.namedChildren[0]?.type === "identifier" ? p.namedChildren[0].text : "");
    else if (p.type === "default_parameter" || p.type === "typed_default_parameter") names.push(maybeTextOf(p.childForFieldName("name")) ?? "");
    else break; // *args, **kwargs, `*`, `/`: what follows is not matched by position
  }
  if (names[0] === "self" || names[0] === "cls") names.shift();
  return names;
}

/**
 * Why this call would touch the database if the parameter it works on were a queryset:
 * `len(rows)`, `rows.count()`, `pickle.dumps(rows)` in a function taking `rows`.
 */
export function parameterCall(call: SyntaxNode, names: KindOf): { what: string; param: string } | undefined {
  const fn = call.childForFieldName("function");
  const args = () => call.childForFieldName("arguments")?.namedChildren ?? [];
  const parameter = (node: SyntaxNode | null | undefined) => (node?.type === "identifier" && names(textOf(node)) === "parameter" ? textOf(node) : undefined);
  if (fn?.type === "identifier") {
    const name = textOf(fn);
    if (!EVALUATING_BUILTINS.has(name)) return undefined;
    const param = name === "print" ? args().map(parameter).find(Boolean) : parameter(args()[0]);
    return param ? { what: "evaluates a queryset", param } : undefined;
  }
  if (fn?.type !== "attribute") return undefined;
  const method = attributeNameOf(fn);
  const pickles = method === "dumps" || method === "dump";
  if (!pickles && !isEvaluating(method)) return undefined;
  const object = fn.childForFieldName("object");
  if (object && pickles && PICKLERS.test(textOf(object))) {
    const param = parameter(args()[0]);
    return param ? { what: "evaluates a queryset (pickling runs its query)", param } : undefined;
  }
  const param = parameter(object);
  return param && isEvaluating(method) ? { what: "runs a query", param } : undefined;
}

/** The arguments of a call that are querysets, or parameters of the calling function. */
export function querysetArguments(call: SyntaxNode, names: KindOf, storeOf?: (name: string) => SettingsStore | undefined): QuerysetArgument[] {
  const found: QuerysetArgument[] = [];
  let position: number | undefined = 0;
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (arg.type === "list_splat") position = undefined; // positions after *args are unknown
    if (arg.type === "list_splat" || arg.type === "dictionary_splat" || arg.type === "comment") continue;
    const keyword = arg.type === "keyword_argument";
    const at = keyword ? maybeTextOf(arg.childForFieldName("name")) : position;
    if (!keyword && position !== undefined) position++;
    const value = keyword ? arg.childForFieldName("value") : arg;
    if (at === undefined || !value) continue;
    const kind = kindOf(value, names);
    const store = value.type === "identifier" && !kind ? storeOf?.(textOf(value)) : undefined;
    if (store) found.push({ at, store });
    else if (isQueryset(kind)) found.push({ at });
    else if (kind === "parameter" && value.type === "identifier") found.push({ at, param: textOf(value) });
  }
  return found;
}
