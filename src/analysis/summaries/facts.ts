// What one Python file tells the startup walk, kept after its syntax tree is gone: the names
// it imports, its classes and functions, and for each function (and the module's own code) the
// database work, calls and imports it performs, in order.
import type { Location } from "../types.js";

/** A name bound by an import: a module, or a member (function, class, value) of one. */
export interface Binding {
  kind: "module" | "member";
  /** The repository file of the module (of the member's module); absent for outside code. */
  path?: string;
  /** The qualified name: `shop.tasks`, `shop.services.warm_cache`, `django.apps.AppConfig`. */
  dotted: string;
}

interface EffectBase {
  location: Location;
  /** The source text, on one line, shortened. */
  code: string;
  /**
   * The work sits under `if name():` in the same function: it runs only when that call returns
   * true, and the walk drops it when the called function says false under a pre-forking server.
   */
  onlyIf?: string;
}

/** Work that touches the database right here. `what` completes "`code` ...". */
export interface DbEffect extends EffectBase {
  kind: "db";
  what: string;
  /** Work on this parameter of the function: database work only when a caller passes a queryset. */
  param?: string;
  /**
   * With `param`: work only when a caller passes this store instead of a queryset (a setting
   * read on the django-constance config object handed to a helper).
   */
  store?: SettingsStore;
  /**
   * A scheduler configured from a Django setting (`BackgroundScheduler(settings.SCHEDULER_CONFIG)`):
   * database work only when that setting names a database job store (the walk reads it), a
   * DjangoJobStore only with jobs added before start().
   */
  setting?: { name: string; pendingJobs: boolean };
}

/** A database-backed object whose attribute reads query: django-constance's `config`. */
export type SettingsStore = "constance";

/** A call to a plain or dotted name that may lead into the repository's code. */
export interface CallEffect extends EffectBase {
  kind: "call";
  callee: string;
  /**
   * Arguments that are querysets, by position or keyword; with `param`, an argument that is the
   * caller's own parameter of that name (a queryset when the caller's caller passed one).
   */
  querysetArgs?: QuerysetArgument[];
  /**
   * For `name.method()` on a local bound to `SomeClass(...)`: the class expression as written
   * (`SomeClass`, `warmers.SomeClass`), through which the method is looked up.
   */
  receiver?: string;
  /** `scheduler.start()` on an imported scheduler after `scheduler.add_job(...)` here: jobs are pending. */
  pendingJobs?: true;
  /**
   * What the call does when it resolves to no code the walk can follow (a tree model's
   * `add_root()` on a model from `get_model()`; a task proxy's own keywords, `schedule=`,
   * `repeat=`): completes "`code` ...".
   */
  unresolvedMeans?: string;
}

export interface QuerysetArgument {
  at: number | string;
  param?: string;
  /** The argument is this settings store (not a queryset). */
  store?: SettingsStore;
}

/** An import statement: the repository modules it executes. */
export interface ImportEffect extends EffectBase {
  kind: "import";
  paths: string[];
}

/** `call_command("name", ...)` with a literal name: judged by what that command does (management-commands.ts). */
export interface CommandEffect extends EffectBase {
  kind: "command";
  name: string;
  /** A `database`/`databases` option or `--database` argument was passed. */
  databaseOption?: true;
}

/** What does not survive fork() besides Django's connection (knowledge/fork-hazards.ts says which). */
export type Hazard = "thread" | "scheduler" | "client" | "engine-connect";

/** Work at startup that a forked worker does not inherit whole: a thread, a client, a pool. */
export interface HazardEffect extends EffectBase {
  kind: "hazard";
  hazard: Hazard;
  /** Completes "`code` ...", e.g. "starts a thread". */
  what: string;
  /** For a client: the name of its library in the table of clients. */
  library?: string;
  /**
   * Told by the receiver's name alone (`scheduler.start()` on a name nothing here binds): the
   * walk drops it when the call resolves into the repository, whose code it then follows instead.
   */
  byName?: true;
}

/**
 * `engine.dispose()` (`db.engine.dispose()`): the pool's connections are dropped here. Run in the
 * master after the startup work and before fork, it leaves the workers nothing to share.
 */
export interface DisposeEffect extends EffectBase {
  kind: "dispose";
}

export type Effect = DbEffect | CallEffect | ImportEffect | CommandEffect | HazardEffect | DisposeEffect;

export interface FunctionFacts {
  /** `warm_cache`, `ShopConfig.ready`, `ShopConfig.ready.inner`. */
  key: string;
  name: string;
  /** Positional parameter names, a leading `self` or `cls` left out. */
  params: string[];
  /** The key of the class this function is a method of. */
  className?: string;
  /** The key of the function this one is nested in. */
  parentKey?: string;
  effects: Effect[];
  /** Imports inside the function body. */
  bindings: Map<string, Binding>;
  /** Functions defined directly inside this one, by name. */
  nested: Map<string, string>;
  /** The unconditional `connections.close_all()` that ends the body, if any. */
  closeAll?: Location;
  /** Why what this function calls cannot be read statically (getattr dispatch, exec...), if so. */
  dynamic?: string;
  /**
   * What the function returns under a pre-forking server, when its body is one `return` of a
   * condition guards.ts decides: `def is_main_thread(): return "runserver" in sys.argv`.
   */
  serverValue?: boolean;
  /** A task-queue decorator makes calling it write to the database (knowledge/task-queues.ts): what the call does. */
  taskProxy?: string;
}

export interface ClassFacts {
  key: string;
  name: string;
  /** Base class expressions as written: `AppConfig`, `apps.AppConfig`, `BaseConfig`. */
  bases: string[];
  methods: Map<string, string>;
  /** Names the class body binds to an instance: `objects = TreeManager()` -> `TreeManager`. */
  attributes: Map<string, string>;
  location: Location;
}

export interface FileSummary {
  path: string;
  bindings: Map<string, Binding>;
  functions: Map<string, FunctionFacts>;
  classes: Map<string, ClassFacts>;
  /** Module-level code, class bodies included. */
  moduleEffects: Effect[];
  /**
   * Module-level names bound to an instance of a class written `Name(...)`: the class
   * expression (`options = OptionStore()` -> `OptionStore`), for methods called on the name
   * where another module imports it.
   */
  instances?: Map<string, string>;
  /**
   * Module-level names bound to an APScheduler scheduler with a database job store (knowledge/schedulers.ts):
   * true when its start() touches the database whatever, false when only with jobs added first.
   */
  databaseSchedulers?: Map<string, boolean>;
  /** wsgi.py/asgi.py: how many module effects come before `get_wsgi_application()` returns. */
  effectsBeforeSetup?: number;
  /**
   * Summarised for its import-time code only: function bodies were not read, so `functions`
   * and class `methods` are empty. A walk that needs them asks for the file in full.
   */
  importTimeOnly?: true;
}
