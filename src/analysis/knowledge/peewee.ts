// peewee: which calls open a connection on a Database object. peewee keeps the connection on the
// Database (a pooled one returns it to its pool on close()), so one opened while the app loads is
// the one every forked worker inherits (peewee's docs, "Connection Management":
// http://docs.peewee-orm.com/en/latest/peewee/database.html#connection-management).
//  - `db.connect()`, `db.create_tables([...])`, `db.drop_tables([...])`, `db.execute_sql(...)`
//    open the connection (create_tables connects when none is open: peewee.py Database.create_tables
//    -> Model.create_table -> SchemaManager -> Database.execute);
//  - `Database(...)` itself, `Model.select()` and other queries before they run, open nothing.
import { codeOf } from "../summaries/code-of.js";
import type { HazardEffect } from "../summaries/facts.js";
import { attributeNameOf, locationOf, type SyntaxNode, textOf } from "../summaries/parser.js";
import { qualify } from "../summaries/qualify.js";
import type { SummaryState } from "../summaries/summary-state.js";

/** Methods peewee alone has: they connect whatever the receiver's name (execute_sql only in a file that imports peewee). */
const PEEWEE_ONLY = new Set(["create_tables", "drop_tables"]);
/** A peewee or playhouse Database class, by qualified name. */
const DATABASE_CLASS = /^(?:peewee|playhouse\.\w+)\.\w*Database$/;
const WORDS = /create_tables|drop_tables|execute_sql|connect/;

/** Words without which a module cannot open a peewee connection (for the prefilter). */
export const PEEWEE_WORDS: readonly string[] = ["create_tables", "drop_tables", "execute_sql"];

/** The peewee connection this call opens, or undefined. */
export function peeweeWork(state: SummaryState, node: SyntaxNode, text: string): HazardEffect | undefined {
  if (!WORDS.test(text)) return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute") return undefined;
  const method = attributeNameOf(fn);
  const object = fn.childForFieldName("object");
  if (!object) return undefined;
  const peewee = PEEWEE_ONLY.has(method) || (method === "execute_sql" && usesPeewee(state)) || (method === "connect" && isDatabase(state, object));
  if (!peewee) return undefined;
  return {
    kind: "hazard",
    hazard: "engine-connect",
    what: `opens a peewee database connection (${method})`,
    location: locationOf(state.path, node),
    code: codeOf(node, text),
  };
}

/** `db = PostgresqlDatabase(...)` here, or `PooledPostgresqlDatabase(...)` from playhouse. */
function isDatabase(state: SummaryState, object: SyntaxNode): boolean {
  if (object.type !== "identifier") return false;
  const cls = state.objectOf(textOf(object));
  return cls !== undefined && DATABASE_CLASS.test(qualify(state, cls) ?? "");
}

/** Whether the file imports peewee or playhouse: their method names are then peewee's. */
function usesPeewee(state: SummaryState): boolean {
  for (const binding of state.summary.bindings.values()) if (/^(peewee|playhouse)(\.|$)/.test(binding.dotted)) return true;
  return false;
}
