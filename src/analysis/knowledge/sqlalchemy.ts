// SQLAlchemy, Flask-SQLAlchemy, SQLModel, Alembic and Flask-Migrate: which calls check a
// connection out of an engine's pool. Whatever runs while the app loads leaves that connection
// in the pool, and fork() copies the pool into every worker (SQLAlchemy's pooling docs, "Using
// Connection Pools with Multiprocessing or os.fork()",
// https://docs.sqlalchemy.org/en/20/core/pooling.html#using-connection-pools-with-multiprocessing-or-os-fork).
//
// Like Django's ORM, most of the API builds and runs nothing:
//  - `create_engine()`, `sessionmaker()`, `scoped_session()`, `Session(engine)` connect nothing
//    (an engine connects on first use; a session checks a connection out when it first runs
//    SQL: orm/session.py `_connection_for_bind`);
//  - a query is lazy until a method that returns rows or a number runs it: `filter()`,
//    `filter_by()`, `order_by()`, `join()` build; `all()`, `first()`, `one()`, `count()`,
//    `get()`... run (orm/query.py); Flask-SQLAlchemy's `Model.query` is such a query, and its
//    `get_or_404()`, `first_or_404()`, `paginate()` run it too (flask_sqlalchemy/query.py);
//  - `session.add()` only stages an object; `commit()`, `flush()`, `execute()`, `scalar(s)()`,
//    `get()`, `merge()`, `refresh()` talk to the database; SQLModel's `session.exec()` is
//    `execute()` (sqlmodel/orm/session.py);
//  - `metadata.create_all()`, `drop_all()`, `reflect()`, Flask-SQLAlchemy's `db.create_all()`,
//    `inspect(engine)` (it connects to learn the dialect), `engine.connect()`, `begin()`;
//  - Alembic's `command.upgrade()`/`downgrade()`/`stamp()` and Flask-Migrate's `upgrade()`,
//    `downgrade()`, `stamp()`, `migrate()` run migrations through a connection.
// An engine built with `poolclass=NullPool` keeps no connection: work through it is not reported.
import { codeOf } from "../summaries/code-of.js";
import type { DisposeEffect, HazardEffect } from "../summaries/facts.js";
import { attributeNameOf, locationOf, maybeTextOf, type SyntaxNode, textOf } from "../summaries/parser.js";
import type { SummaryState } from "../summaries/summary-state.js";
import { qualify } from "../summaries/qualify.js";

const CREATE_ENGINE = new Set([
  "sqlalchemy.create_engine",
  "sqlalchemy.engine.create_engine",
  "sqlmodel.create_engine",
  "sqlalchemy.ext.asyncio.create_async_engine",
]);
const FLASK_SQLALCHEMY = new Set(["flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"]);
const ENGINE_CONNECTS = new Set(["connect", "begin", "execute", "raw_connection", "scalar"]);
/** Query methods that build another query and run nothing. */
const QUERY_BUILDS = new Set([
  "filter",
  "filter_by",
  "where",
  "order_by",
  "group_by",
  "having",
  "join",
  "outerjoin",
  "options",
  "limit",
  "offset",
  "distinct",
  "with_entities",
  "select_from",
  "execution_options",
  "params",
  "populate_existing",
  "yield_per",
  "add_columns",
  "with_for_update",
  "union",
  "union_all",
  "enable_eagerloads",
  "correlate",
]);
/** Query methods that run the query (orm/query.py; Flask-SQLAlchemy's query adds the *_or_404 and paginate). */
const QUERY_RUNS = new Set([
  "all",
  "first",
  "one",
  "one_or_none",
  "scalar",
  "count",
  "get",
  "get_or_404",
  "first_or_404",
  "one_or_404",
  "paginate",
  "delete",
  "update",
]);
/** Session methods that talk to the database (orm/session.py); add()/add_all()/delete() only stage. */
const SESSION_RUNS = new Set([
  "execute",
  "exec",
  "scalar",
  "scalars",
  "get",
  "get_one",
  "commit",
  "flush",
  "merge",
  "refresh",
  "connection",
  "bulk_save_objects",
  "bulk_insert_mappings",
  "bulk_update_mappings",
]);
const TABLE_WORK = new Set(["create_all", "drop_all", "reflect"]);
const MIGRATIONS = new Set([
  "alembic.command.upgrade",
  "alembic.command.downgrade",
  "alembic.command.stamp",
  "flask_migrate.upgrade",
  "flask_migrate.downgrade",
  "flask_migrate.stamp",
  "flask_migrate.migrate",
]);
const INSPECT = new Set(["sqlalchemy.inspect"]);
const SESSION_CLASSES =
  /^(?:sqlalchemy\.orm(?:\.session)?\.(?:Session|sessionmaker)|sqlalchemy\.ext\.asyncio\.AsyncSession|sqlmodel\.Session|sqlalchemy\.orm\.scoping\.scoped_session|sqlalchemy\.orm\.scoped_session)$/;
/** A class expression that names a session or session factory by convention: `Session`, `SessionLocal`, `AsyncSession`. */
const SESSION_NAME = /(?:^|\.)\w*Session\w*$/;
/** Names conventionally bound to a session: `session`, `db_session`, `read_session`. */
const SESSION_VARIABLE = /^(?:\w+_)?session$/;
/** Names conventionally bound to Flask-SQLAlchemy's object: `db.session`, `db.create_all()`. */
const FLASK_DB = /^(?:db|database|sqla|_db|orm)$/;

/** Words one of which a call's text must hold to be SQLAlchemy work: the cheap test first. */
const WORDS =
  /query|session|Session|execute|exec\(|scalar|commit|flush|merge|refresh|connect|begin|create_all|drop_all|reflect|upgrade|downgrade|stamp|migrate|inspect|create_engine|create_async_engine|_or_404|paginate|\.(?:all|first|one|one_or_none|count|get|delete|update)\(/;

/** Words without which a module cannot do SQLAlchemy work: the prefilter parses modules that hold one. */
export const SQLALCHEMY_WORDS: readonly string[] = [
  ".query",
  "session.",
  "Session",
  "create_all",
  "drop_all",
  "engine",
  "upgrade(",
  "stamp(",
  "metadata",
  "inspect(",
];

/** Names bound here to a query that has not run (`featured = Product.query.filter_by(...)`), per file. */
const queries = new WeakMap<SummaryState, Set<string>>();

/** Names bound here to a session or a session factory (`scoped_session(...)`, `sessionmaker(...)`), per file. */
const sessions = new WeakMap<SummaryState, Set<string>>();

/** Engines by the name they are bound to, per file being summarised: whether they pool nothing. */
const engines = new WeakMap<SummaryState, Map<string, { nullPool: boolean }>>();

/** The SQLAlchemy database work this call does, or undefined. Also remembers `name = create_engine(...)`. */
export function sqlalchemyWork(state: SummaryState, node: SyntaxNode, text: string): HazardEffect | undefined {
  if (!WORDS.test(text)) return undefined;
  const fn = node.childForFieldName("function");
  if (!fn) return undefined;
  const work = (what: string): HazardEffect => ({
    kind: "hazard",
    hazard: "engine-connect",
    what,
    location: locationOf(state.path, node),
    code: codeOf(node, text),
  });
  const qualified = qualify(state, textOf(fn));
  if (qualified && CREATE_ENGINE.has(qualified)) {
    rememberEngine(state, node);
    return undefined;
  }
  if (qualified && SESSION_CLASSES.test(qualified)) {
    rememberSession(state, node);
    return undefined;
  }
  if (qualified && MIGRATIONS.has(qualified)) return work("runs database migrations through a SQLAlchemy connection");
  if (qualified && INSPECT.has(qualified) && firstArgument(node, (a) => isEngine(state, a)))
    return work("connects a SQLAlchemy engine to inspect the database");
  if (fn.type !== "attribute") return undefined;
  const method = attributeNameOf(fn);
  const object = fn.childForFieldName("object");
  if (!object) return undefined;
  if (QUERY_BUILDS.has(method) && isQuery(state, node)) {
    rememberQuery(state, node);
    return undefined;
  }
  if (TABLE_WORK.has(method) && createsTables(state, object, node)) return work(`connects to the database (${method})`);
  if (QUERY_RUNS.has(method) && isQuery(state, object)) return work("runs a SQLAlchemy query");
  if (SESSION_RUNS.has(method) && isSession(state, object)) return work(`talks to the database through a SQLAlchemy session (${method})`);
  if (ENGINE_CONNECTS.has(method) && isEngine(state, object)) return work("connects a SQLAlchemy engine");
  return undefined;
}

/** `engine.dispose()` or `db.engine.dispose()`: the pool is emptied here (SQLAlchemy's documented remedy before fork). */
export function engineDisposal(state: SummaryState, node: SyntaxNode, text: string): DisposeEffect | undefined {
  if (!text.includes("dispose")) return undefined;
  const fn = node.childForFieldName("function");
  const object = fn?.type === "attribute" && attributeNameOf(fn) === "dispose" ? fn.childForFieldName("object") : undefined;
  if (!object || !isEngine(state, object)) return undefined;
  return { kind: "dispose", location: locationOf(state.path, node), code: codeOf(node, text) };
}

/** `Model.query`, `session.query(Model)` and queries built from them with `filter()` and the like. */
function isQuery(state: SummaryState, node: SyntaxNode): boolean {
  if (node.type === "identifier") return queries.get(state)?.has(textOf(node)) === true;
  if (node.type === "attribute") {
    if (attributeNameOf(node) !== "query") return false;
    const model = node.childForFieldName("object");
    // Flask-SQLAlchemy's query property on a model class: `User.query`.
    return model?.type === "identifier" && /^_?[A-Z]/.test(textOf(model));
  }
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute") return false;
  const method = attributeNameOf(fn);
  const object = fn.childForFieldName("object");
  if (!object) return false;
  if (method === "query") return isSession(state, object);
  return QUERY_BUILDS.has(method) && isQuery(state, object);
}

/** A SQLAlchemy session: `db.session`, `Session(engine)`, `SessionLocal()`, a name bound to one. */
function isSession(state: SummaryState, node: SyntaxNode): boolean {
  if (node.type === "attribute") {
    if (attributeNameOf(node) !== "session") return false;
    const owner = node.childForFieldName("object");
    return owner?.type === "identifier" && isFlaskSqlalchemy(state, textOf(owner));
  }
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    return fn !== null && sessionClass(state, textOf(fn));
  }
  if (node.type !== "identifier") return false;
  const name = textOf(node);
  if (sessions.get(state)?.has(name)) return true;
  const cls = state.objectOf(name);
  if (cls) return sessionClass(state, cls);
  const binding = state.bindingOf(name);
  if (!binding) return false;
  // `from shop.database import db_session`: a repository module's session, by its name.
  return SESSION_CLASSES.test(binding.dotted) || (binding.path !== undefined && SESSION_VARIABLE.test(name));
}

/**
 * A session class or factory: SQLAlchemy's and SQLModel's by qualified name; a repository's
 * by convention (`SessionLocal` imported from the project's database module, or made here).
 * `requests.Session` and `aiohttp.ClientSession` are other libraries' and do not count.
 */
function sessionClass(state: SummaryState, expression: string): boolean {
  const head = expression.split(".")[0]!;
  const binding = state.bindingOf(head);
  if (!binding) return sessions.get(state)?.has(expression) === true || (!expression.includes(".") && SESSION_NAME.test(expression));
  const qualified = qualify(state, expression);
  if (qualified && SESSION_CLASSES.test(qualified)) return true;
  return binding.path !== undefined && SESSION_NAME.test(expression);
}

/** Flask-SQLAlchemy's object: by its conventional name, or bound here to `SQLAlchemy(...)`. */
function isFlaskSqlalchemy(state: SummaryState, name: string): boolean {
  const cls = state.objectOf(name);
  if (cls) return FLASK_SQLALCHEMY.has(qualify(state, cls) ?? "");
  return FLASK_DB.test(name);
}

/** An engine bound in this file (without NullPool), one imported under an engine's name, or `db.engine`. */
function isEngine(state: SummaryState, node: SyntaxNode): boolean {
  if (node.type === "identifier") {
    const name = textOf(node);
    const known = engines.get(state)?.get(name);
    if (known) return !known.nullPool;
    return /(^|_)engine$/i.test(name) && state.imported(name);
  }
  return node.type === "attribute" && maybeTextOf(node.childForFieldName("attribute")) === "engine";
}

function rememberSession(state: SummaryState, call: SyntaxNode): void {
  rememberName(sessions, state, call);
}

function rememberQuery(state: SummaryState, call: SyntaxNode): void {
  rememberName(queries, state, call);
}

/** The plain name a call's value is assigned to (`engine = create_engine(...)`), if any. */
function assignedName(call: SyntaxNode): string | undefined {
  const left = call.parent?.type === "assignment" ? call.parent.childForFieldName("left") : undefined;
  return left?.type === "identifier" ? textOf(left) : undefined;
}

/** Remembers the name a call's value is assigned to, if it is a plain name. */
function rememberName(names: WeakMap<SummaryState, Set<string>>, state: SummaryState, call: SyntaxNode): void {
  const name = assignedName(call);
  if (name === undefined) return;
  let known = names.get(state);
  if (!known) names.set(state, (known = new Set()));
  known.add(name);
}

function rememberEngine(state: SummaryState, call: SyntaxNode): void {
  const name = assignedName(call);
  if (name === undefined) return;
  const nullPool = (call.childForFieldName("arguments")?.namedChildren ?? []).some(
    (a) =>
      a.type === "keyword_argument" &&
      maybeTextOf(a.childForFieldName("name")) === "poolclass" &&
      /(^|\.)NullPool$/.test(maybeTextOf(a.childForFieldName("value")) ?? ""),
  );
  let known = engines.get(state);
  if (!known) engines.set(state, (known = new Map<string, { nullPool: boolean }>()));
  known.set(name, { nullPool });
}

/** `metadata.create_all(engine)`, `Base.metadata.create_all(bind=engine)`, Flask-SQLAlchemy's `db.create_all()`. */
function createsTables(state: SummaryState, object: SyntaxNode, call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const bound = args.map((a) => (a.type === "keyword_argument" ? a.childForFieldName("value") : a)).find((a) => a?.type === "identifier");
  if (bound && engines.get(state)?.get(textOf(bound))?.nullPool) return false;
  if (/(^|\.)metadata$/.test(textOf(object))) return true;
  if (object.type !== "identifier") return false;
  // Flask-SQLAlchemy's object, imported from where the app defines it: `from shop.models import db`.
  if (isFlaskSqlalchemy(state, textOf(object))) return true;
  return FLASK_SQLALCHEMY.has(qualify(state, textOf(object)) ?? "");
}

function firstArgument(call: SyntaxNode, test: (node: SyntaxNode) => boolean): boolean {
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  return first !== undefined && first.type !== "keyword_argument" && test(first);
}
