// Hand-written corrections to what reading a library's source tells, each with its reason and
// a link to the source it was checked against, and the helper names the summariser knows by
// name (calls it judges without resolving them, so they count even where the library's own
// summary cannot be reached: a wrapper module, a star import, an attribute of an instance).

export interface Override {
  /** The qualified name of the function or method: `waffle.flag_is_active`. */
  name: string;
  /** The distribution it belongs to, for the chain when the summaries lack the package. */
  package: string;
  /** Its file under the package root, and the line of the work, for the chain. */
  file: string;
  line: number;
  verdict: "db" | "no" | "unknown";
  /** Completes "`call` ..." for a db verdict. */
  what: string;
  reason: string;
  source: string;
}

/**
 * The name under which `start()` of a scheduler that a module built with a database job store
 * is looked up (knowledge/schedulers.ts tells such schedulers from the code that configures them).
 * Not a Python name, so no call in a repository resolves to it by itself.
 */
export const DATABASE_SCHEDULER_START = "apscheduler.schedulers.base.BaseScheduler.start with a database job store";

/** Corrections to the generated verdicts, by qualified name. */
export const OVERRIDES: readonly Override[] = [
  {
    name: DATABASE_SCHEDULER_START,
    package: "apscheduler",
    file: "apscheduler/schedulers/base.py",
    line: 163,
    verdict: "db",
    what: "starts each job store and writes the pending jobs to it: SQLAlchemyJobStore creates its table, DjangoJobStore saves through the ORM",
    reason: "the job store is chosen by the scheduler's configuration at run time; which one a module gave its scheduler is read from that module's code",
    source: "https://github.com/agronholm/apscheduler/blob/3.9.1/apscheduler/schedulers/base.py",
  },
  {
    name: "mptt.managers.TreeManager.rebuild",
    package: "django-mptt",
    file: "mptt/managers.py",
    line: 636,
    verdict: "db",
    what: "iterates the tree's root rows and rewrites every node",
    reason: "the roots come from the private _mptt_filter(), whose queryset static reading cannot type",
    source: "https://github.com/django-mptt/django-mptt/blob/0.13.2/mptt/managers.py",
  },
  {
    name: "mptt.managers.TreeManager.partial_rebuild",
    package: "django-mptt",
    file: "mptt/managers.py",
    line: 654,
    verdict: "db",
    what: "evaluates the tree's root rows and rewrites the tree",
    reason: "the roots come from the private _mptt_filter(), whose queryset static reading cannot type",
    source: "https://github.com/django-mptt/django-mptt/blob/0.13.2/mptt/managers.py",
  },
  {
    name: "treebeard.mp_tree.MP_Node.add_root",
    package: "django-treebeard",
    file: "treebeard/mp_tree.py",
    line: 341,
    verdict: "db",
    what: "reads the last root and saves the new node",
    reason: "MP_AddRootHandler.process() builds the node from self.cls, a class held in an attribute",
    source: "https://github.com/django-treebeard/django-treebeard/blob/4.6.1/treebeard/mp_tree.py",
  },
  {
    name: "treebeard.mp_tree.MP_Node.add_child",
    package: "django-treebeard",
    file: "treebeard/mp_tree.py",
    line: 393,
    verdict: "db",
    what: "saves the new node and updates its parent",
    reason: "MP_AddChildHandler.process() builds the node from a class held in an attribute",
    source: "https://github.com/django-treebeard/django-treebeard/blob/4.6.1/treebeard/mp_tree.py",
  },
  {
    name: "treebeard.mp_tree.MP_Node.add_sibling",
    package: "django-treebeard",
    file: "treebeard/mp_tree.py",
    line: 446,
    verdict: "db",
    what: "saves the new node and moves its siblings",
    reason: "MP_AddSiblingHandler.process() builds the node from a class held in an attribute",
    source: "https://github.com/django-treebeard/django-treebeard/blob/4.6.1/treebeard/mp_tree.py",
  },
  {
    name: "django_q.tasks.async_task",
    package: "django-q2",
    file: "django_q/tasks.py",
    line: 0,
    verdict: "unknown",
    what: "",
    reason: "enqueues to the configured broker: a database row with the ORM broker, none with Redis; it runs the task in process only with sync=True",
    source: "https://github.com/django-q2/django-q2/blob/v1.11.0/django_q/tasks.py",
  },
  {
    name: "django.contrib.postgres.apps.PostgresConfig.ready",
    package: "django",
    file: "django/contrib/postgres/apps.py",
    line: 0,
    verdict: "no",
    what: "",
    reason:
      "registers the type handlers on a connection only when one is already open (conn.connection is not None); while apps load none is, and later connections get them from the connection_created signal",
    source: "https://github.com/django/django/blob/3.2.25/django/contrib/postgres/apps.py",
  },
  // A model's `tags = TaggableManager()` is a descriptor: `instance.tags` is a _TaggableManager
  // bound to the instance (TaggableManager.__get__), whose writes static reading cannot reach
  // from the field class. Its methods are looked up on the field class, where these stand for them.
  ...(
    [
      ["add", 181, "saves a tagged-item row for each tag (get_or_create)"],
      ["set", 298, "replaces the instance's tags: deletes and adds rows"],
      ["remove", 325, "deletes the tagged-item rows"],
      ["clear", 351, "deletes every tagged-item row of the instance"],
    ] as const
  ).map(([method, line, what]) => ({
    name: `taggit.managers.TaggableManager.${method}`,
    package: "django-taggit",
    file: "taggit/managers.py",
    line,
    verdict: "db" as const,
    what,
    reason: "the field is a descriptor: instance.tags is a _TaggableManager bound to the instance, built in TaggableManager.__get__()",
    source: "https://github.com/jazzband/django-taggit/blob/3.1.0/taggit/managers.py",
  })),
  ...["full_clean", "validate_unique"].map((method) => ({
    name: `django.db.models.base.Model.${method}`,
    package: "django",
    file: "django/db/models/base.py",
    line: 0,
    verdict: "no" as const,
    what: "",
    reason: "queries only for unique fields that hold a value, which an instance built at startup rarely has; precision first",
    source: "https://github.com/django/django/blob/3.2.25/django/db/models/base.py",
  })),
  ...["flag", "switch", "sample"].map((kind) => ({
    name: `waffle.${kind}_is_active`,
    package: "django-waffle",
    file: "waffle/models.py",
    line: 64,
    verdict: "db" as const,
    what: `loads the ${kind} row (through the cache, empty at startup)`,
    reason: `get_waffle_${kind}_model() returns the model through a setting; its get() reads the row on a cache miss`,
    source: "https://github.com/django-waffle/django-waffle/blob/v3.0.0/waffle/models.py",
  })),
];

export interface KnownHelper {
  /** The called name, last part: `flag_is_active` matches `flag_is_active(...)` and `waffle.flag_is_active(...)`. */
  name: string;
  /** Completes "`call` ..." in a finding. */
  what: string;
  reason: string;
  source: string;
}

/** Calls that read the database whatever they are called on or imported from. */
export const KNOWN_HELPERS: readonly KnownHelper[] = [
  {
    name: "flag_is_active",
    what: "reads a flag from the database",
    reason: "django-waffle loads the Flag row (through its cache, which is empty at startup)",
    source: "https://github.com/django-waffle/django-waffle/blob/v4.1.0/waffle/__init__.py",
  },
  {
    name: "switch_is_active",
    what: "reads a flag from the database",
    reason: "django-waffle loads the Switch row (through its cache, which is empty at startup)",
    source: "https://github.com/django-waffle/django-waffle/blob/v4.1.0/waffle/__init__.py",
  },
  {
    name: "sample_is_active",
    what: "reads a flag from the database",
    reason: "django-waffle loads the Sample row (through its cache, which is empty at startup)",
    source: "https://github.com/django-waffle/django-waffle/blob/v4.1.0/waffle/__init__.py",
  },
  {
    name: "get_solo",
    what: "loads a django-solo singleton from the database",
    reason: "SingletonModel.get_solo() runs get_or_create() on a cache miss, and the cache is empty at startup",
    source: "https://github.com/lazybird/django-solo/blob/2.4.0/solo/models.py",
  },
];

/**
 * Manager methods that query, beyond QuerySet's own: the sites and content types frameworks'
 * helpers, and natural keys. Known by name so that `Site.objects.get_current()` counts on any
 * model's manager.
 */
export const QUERYING_MANAGER_METHODS: readonly KnownHelper[] = [
  {
    name: "get_current",
    what: "runs a query",
    reason: "SiteManager.get_current() loads the Site row on a cache miss",
    source: "https://github.com/django/django/blob/3.2.25/django/contrib/sites/models.py",
  },
  {
    name: "get_for_model",
    what: "runs a query",
    reason: "ContentTypeManager.get_for_model() runs get() or get_or_create() on a cache miss",
    source: "https://github.com/django/django/blob/3.2.25/django/contrib/contenttypes/models.py",
  },
  {
    name: "get_for_models",
    what: "runs a query",
    reason: "ContentTypeManager.get_for_models() filters and creates the missing rows",
    source: "https://github.com/django/django/blob/3.2.25/django/contrib/contenttypes/models.py",
  },
  {
    name: "get_for_id",
    what: "runs a query",
    reason: "ContentTypeManager.get_for_id() runs get() on a cache miss",
    source: "https://github.com/django/django/blob/3.2.25/django/contrib/contenttypes/models.py",
  },
  {
    name: "get_by_natural_key",
    what: "runs a query",
    reason: "natural-key managers run get()",
    source: "https://github.com/django/django/blob/3.2.25/django/contrib/auth/base_user.py",
  },
];

/** The module whose `config.NAME` reads a django-constance setting (from the database backend). */
export const CONSTANCE_CONFIG = {
  dotted: "constance.config",
  what: "reads a django-constance setting from the database",
  reason: "with the database backend, attribute access on constance.config runs a query on a cache miss",
  source: "https://github.com/jazzband/django-constance/blob/3.1.0/constance/base.py",
};
