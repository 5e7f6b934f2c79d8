// A gunicorn Python config file: its preload_app, worker_class, the hooks that close database
// connections, and setting names gunicorn silently ignores.
import { locationOf, type SyntaxNode } from "../summaries/parser.js";
import type { Location, Preload } from "../types.js";
import { envSetting } from "./env-expression.js";
import { disposeCall } from "./engine-dispose.js";
import { closeCall, moduleFunctions, stringValue } from "./python-hooks.js";

const SETTINGS = new Set([
  "bind",
  "workers",
  "worker_class",
  "threads",
  "worker_connections",
  "timeout",
  "graceful_timeout",
  "keepalive",
  "preload_app",
  "max_requests",
  "max_requests_jitter",
  "accesslog",
  "errorlog",
  "loglevel",
  "wsgi_app",
  "chdir",
  "daemon",
  "raw_env",
  "pidfile",
  "reload",
  "user",
  "group",
  "umask",
  "forwarded_allow_ips",
  "proxy_protocol",
  "capture_output",
  "logconfig",
  "backlog",
  "worker_tmp_dir",
  "statsd_host",
  "proc_name",
  "limit_request_line",
  "secure_scheme_headers",
  "access_log_format",
  "sendfile",
  "reuse_port",
  "certfile",
  "keyfile",
]);
const MASTER_HOOKS = ["on_starting", "when_ready", "pre_fork"];
const WORKER_HOOKS = ["post_fork", "post_worker_init", "pre_request"];
const HOOKS = new Set([
  ...MASTER_HOOKS,
  ...WORKER_HOOKS,
  "on_reload",
  "worker_int",
  "worker_abort",
  "pre_exec",
  "child_exit",
  "worker_exit",
  "nworkers_changed",
  "on_exit",
  "post_request",
  "ssl_context",
]);

export interface WrongName {
  /** The name as written (`PRELOAD_APP`, `preload`) and where. */
  name: string;
  nameLocation: Location;
  statement: Location;
  /** Whether the file also sets the real `preload_app`. */
  realNameSet: boolean;
}

export interface GunicornConfig {
  path: string;
  /** Sets at least one gunicorn setting or defines a hook. */
  recognised: boolean;
  preload?: { value: Preload; location: Location; topLevel: boolean; note?: string };
  workerClass?: { value: string; location: Location };
  /** `workers = N` with a plain number. */
  workers?: number;
  /** `workers = ...` with anything else (`multiprocessing.cpu_count() * 2 + 1`), as written. */
  workersExpression?: string;
  /** `wsgi_app = "module:app"`: the app the server loads when the command names none. */
  wsgiApp?: string;
  /** A SQLAlchemy `dispose()` in a hook (engine-dispose.ts). */
  engineDispose?: { side: "master" | "worker" | "worker-close"; location: Location };
  masterClose?: { hook: string; location: Location };
  workerClose?: { hook: string; location: Location };
  /** Hooks the file defines. */
  hooks: Set<string>;
  wrongNames: WrongName[];
}

export function readGunicornConfig(path: string, root: SyntaxNode): GunicornConfig {
  const defs = moduleFunctions(root);
  const config: GunicornConfig = { path, recognised: false, hooks: new Set(), wrongNames: [] };
  const assignments = moduleAssignments(root);

  for (const name of defs.keys()) if (HOOKS.has(name)) config.hooks.add(name);
  for (const { name, value } of assignments) {
    if (HOOKS.has(name) && value.type === "identifier" && defs.has(value.text)) {
      config.hooks.add(name);
      defs.set(name, defs.get(value.text)!);
    }
  }
  config.recognised = config.hooks.size > 0 || assignments.some((a) => SETTINGS.has(a.name));

  for (const { name, value, statement, target } of assignments) {
    if (name === "preload_app") {
      // Assigned in several branches: the one that turns preload on decides, as it can happen.
      if (config.preload && config.preload.value.kind !== "off") continue;
      config.preload = { ...preloadValue(value, assignments), location: locationOf(path, statement), topLevel: statement.parent?.type === "module" };
    } else if (name === "worker_class") {
      const worker = stringValue(value);
      if (worker) config.workerClass = { value: worker, location: locationOf(path, statement) };
    } else if (name === "workers" && value.type === "integer") {
      config.workers = Number(value.text);
    } else if (name === "workers") {
      config.workersExpression = value.text;
    } else if (name === "wsgi_app") {
      const app = stringValue(value);
      if (app) config.wsgiApp = app;
    } else if (/^preload(_?app)?$/i.test(name) && !readElsewhere(root, target)) {
      config.wrongNames.push({ name, nameLocation: locationOf(path, target), statement: locationOf(path, statement), realNameSet: false });
    }
  }
  for (const wrong of config.wrongNames) wrong.realNameSet = config.preload !== undefined;

  for (const hook of [...MASTER_HOOKS, ...WORKER_HOOKS]) {
    const fn = config.hooks.has(hook) ? defs.get(hook) : undefined;
    const dispose = fn && disposeCall(path, fn, defs);
    if (dispose && !config.engineDispose) {
      const side = MASTER_HOOKS.includes(hook) ? "master" : dispose.keepsParent ? "worker" : "worker-close";
      config.engineDispose = { side, location: dispose.location };
    }
    const close = fn && closeCall(path, fn, defs);
    if (!close) continue;
    const side = MASTER_HOOKS.includes(hook) ? "masterClose" : "workerClose";
    config[side] ??= { hook, location: close };
  }
  return config;
}

interface Assignment {
  name: string;
  target: SyntaxNode;
  value: SyntaxNode;
  statement: SyntaxNode;
}

/** `name = value` at module level, including inside module-level `if`/`try`/`with` blocks. */
function moduleAssignments(root: SyntaxNode): Assignment[] {
  const out: Assignment[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "expression_statement") {
        const assign = child.namedChildren[0];
        const target = assign?.childForFieldName("left");
        const value = assign?.childForFieldName("right");
        if (assign?.type === "assignment" && target?.type === "identifier" && value) {
          out.push({ name: target.text, target, value, statement: child });
        }
      } else if (
        ["if_statement", "try_statement", "with_statement", "block", "else_clause", "elif_clause", "except_clause", "finally_clause"].includes(child.type)
      ) {
        visit(child);
      }
    }
  };
  visit(root);
  return out;
}

function preloadValue(value: SyntaxNode, assignments: Assignment[]): { value: Preload; note?: string } {
  if (value.type === "true") return { value: { kind: "on" } };
  if (value.type === "false" || value.type === "none") return { value: { kind: "off" } };
  const text = stringValue(value);
  if (text !== undefined) return { value: { kind: text.trim().toLowerCase() === "true" ? "on" : "off" } };
  if (value.type === "identifier") {
    const source = assignments.find((a) => a.name === value.text && a.value.type !== "identifier");
    if (source) return preloadValue(source.value, assignments);
  }
  const env = envSetting(value);
  if (env) {
    return {
      value: { kind: "env", variable: env.variable, fallback: env.fallback ?? false },
      ...(env.fallback === undefined ? { note: `could not tell preload_app's value when ${env.variable} is unset; assumed off` } : {}),
    };
  }
  return { value: { kind: "on" }, note: `preload_app = ${value.text} could not be evaluated; assumed on` };
}

/** Whether a name is also read somewhere (`PRELOAD = ...; preload_app = PRELOAD`): then it is a helper variable. */
function readElsewhere(root: SyntaxNode, target: SyntaxNode): boolean {
  return root
    .descendantsOfType("identifier")
    .some((id) => id.text === target.text && id.id !== target.id && id.parent?.childForFieldName("left")?.id !== id.id);
}
