// `call_command("name", ...)` judged by what the command does:
//  1. a command the repository defines (`<app>/management/commands/<name>.py`, class Command):
//     the walk follows it into its handle() (Django's app commands override its own);
//  2. one of Django's own commands: from the table below;
//  3. a third-party command: what the library summaries say (LibraryCommands), if anything;
//  4. otherwise, as before: running a management command counts as database work.
import { codeOf } from "../summaries/code-of.js";
import type { CommandEffect } from "../summaries/facts.js";
import { locationOf, type SyntaxNode } from "../summaries/parser.js";
import type { SummaryState } from "../summaries/summary-state.js";

/**
 * Django's commands, read in Django 3.2's source (Debian 12's python3-django 3:3.2.25,
 * django/core/management/commands/ and django/contrib/<app>/management/commands/).
 * Commands not listed here are judged as unknown (database work).
 *
 * Database work:
 *  - migrate, flush, loaddata, dumpdata, createcachetable, inspectdb (core and gis), sqlflush
 *    (introspects table names), showmigrations, sqlmigrate, squashmigrations (a MigrationLoader
 *    with a connection reads the applied migrations), makemigrations (check_consistent_history()
 *    reads the applied migrations of each database), sqlsequencereset, dbshell, test, testserver
 *    and runserver (check_migrations()), changepassword, createsuperuser,
 *    remove_stale_contenttypes, clearsessions (the session backend's clear_expired()),
 *    ping_google (Site.objects.get_current() in _get_sitemap_full_url()).
 * No database work:
 *  - check without databases: BaseCommand.check() passes `databases` through to the checks, and
 *    the database checks (check_database_backends, Model._check_long_column_names,
 *    _check_indexes, _check_constraints) return early when it is None; `check --database X`
 *    (or `databases=[...]`) does query.
 *  - collectstatic, findstatic (static files storage and finders), compilemessages,
 *    makemessages (gettext tools), diffsettings, sendtestemail (mail), startapp, startproject
 *    (templates), ogrinspect (GDAL).
 * call_command() sets skip_checks=True unless told otherwise (management/__init__.py), and system
 * checks without databases do not query either.
 */
export const DJANGO_COMMANDS: ReadonlyMap<string, "database" | "none"> = new Map([
  ...[
    "migrate",
    "flush",
    "loaddata",
    "dumpdata",
    "createcachetable",
    "inspectdb",
    "sqlflush",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "makemigrations",
    "sqlsequencereset",
    "dbshell",
    "test",
    "testserver",
    "runserver",
    "changepassword",
    "createsuperuser",
    "remove_stale_contenttypes",
    "clearsessions",
    "ping_google",
  ].map((n) => [n, "database"] as const),
  ...["check", "collectstatic", "findstatic", "compilemessages", "makemessages", "diffsettings", "sendtestemail", "startapp", "startproject", "ogrinspect"].map(
    (n) => [n, "none"] as const,
  ),
]);

/** What the library summaries know of a third-party management command; undefined when they do not know it. */
export interface LibraryCommands {
  command(name: string): { touchesDatabase: boolean; where?: string } | undefined;
}

export const NO_LIBRARY_COMMANDS: LibraryCommands = { command: () => undefined };

/** Methods that do a command's work, tried in order: BaseCommand, LabelCommand, AppCommand. */
export const COMMAND_METHODS = ["handle", "handle_label", "handle_app_config"];

const CALL_COMMAND = /^(?:[\w.]*\.)?call_command$/;

/**
 * `call_command("name", ...)` with a literal name becomes a command effect; returns false for
 * anything else (a name in a variable, a Command instance), which stays a database call.
 */
export function commandCall(state: SummaryState, node: SyntaxNode): boolean {
  const fn = node.childForFieldName("function");
  if (!fn || !CALL_COMMAND.test(fn.text)) return false;
  const args = node.childForFieldName("arguments")?.namedChildren ?? [];
  const first = args[0];
  if (first?.type !== "string" || first.namedChildren.some((c) => c.type === "interpolation")) return false;
  const name = first.text.replace(/^[rRuU]*(['"]{1,3})([\s\S]*)\1$/, "$2");
  if (!/^[\w-]+$/.test(name)) return false;
  const databaseOption = args.some(
    (a) => (a.type === "keyword_argument" && /^(database|databases)$/.test(a.childForFieldName("name")?.text ?? "")) || /^['"]--database\b/.test(a.text),
  );
  const effect: CommandEffect = {
    kind: "command",
    location: locationOf(state.path, node),
    code: codeOf(node),
    name,
    ...(databaseOption ? { databaseOption: true as const } : {}),
  };
  state.add(effect);
  return true;
}

/** The repository's command modules by command name: `<app>/management/commands/<name>.py`, in path order. */
export class CommandIndex {
  private readonly byName = new Map<string, string[]>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      const m = /(?:^|\/)management\/commands\/([^/]+)\.py$/.exec(path);
      if (!m || m[1] === "__init__" || m[1]!.startsWith("_")) continue;
      const list = this.byName.get(m[1]!) ?? [];
      list.push(path);
      this.byName.set(m[1]!, list);
    }
    for (const list of this.byName.values()) list.sort();
  }

  /** The modules defining the command, the one used first. */
  modulesOf(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }
}
