// FS101: database work in AppConfig.ready().
import type { Rule } from "./rule.js";

export const queryInReady: Rule = {
  id: "FS101",
  name: "query-in-ready",
  summary: "Database work in AppConfig.ready(), directly or through the functions it calls",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds code in an AppConfig's effective ready() (its own, inherited, or reached through super().ready()) " +
      "that touches the database: evaluated querysets, get/create/count/exists and the like, raw cursors, " +
      "call_command() of a database command, helpers such as Site.objects.get_current(), django-constance, " +
      "django-waffle and django-solo lookups, and model save()/delete(). The AppConfig may live in apps.py, " +
      "app.py, config.py, an app package's __init__.py, a module INSTALLED_APPS names, or one a plugin entry " +
      "point registers. Calls are followed into the repository's functions, methods, modules and management " +
      'commands (call_command("name") into that command\'s handle()), into methods of instances (one built ' +
      "there or a module-level instance imported from another module), into the helpers a constance config " +
      "is passed to, and into libraries through their summaries (a library AppConfig's ready() that the class " +
      "inherits, an APScheduler start() whose job store the code made SQLAlchemyJobStore, or DjangoJobStore " +
      "with a job added first by add_job(), @scheduled_job or django-apscheduler's @register_job); the finding " +
      "shows the chain from ready() to the query. Work under a guard that is false under a pre-forking server " +
      '("runserver" in sys.argv, the RUN_MAIN variable) is not reported, also when the guard is a helper ' +
      "whose body is one return of such a condition (if is_main_thread():).",
    why:
      "django.setup() runs every ready() while the application loads. Under gunicorn with preload_app or " +
      "uWSGI without lazy-apps that happens once, in the master, before it forks: the connection the query " +
      "opens is copied into every worker, which then share one database session. When one worker closes it " +
      'the others fail ("connection already closed", "server closed the connection unexpectedly", SSL ' +
      "errors), and concurrent use can hand one worker's rows to another. The same ready() also runs for every " +
      "management command and makes `migrate` fail on an empty database.",
    example: [
      "from django.apps import AppConfig",
      "",
      "class ShopConfig(AppConfig):",
      '    name = "shop"',
      "",
      "    def ready(self):",
      "        from .models import Rate",
      '        self.default_rate = Rate.objects.get(code="EUR")',
    ].join("\n"),
    fix:
      "Do not query in ready(). Create data in a post_migrate handler or a migration, load it lazily on first " +
      "use (in a worker), or run it from a management command. If the work must stay, close the connections " +
      "before the master forks: end ready() with connections.close_all(), or close them in gunicorn's " +
      "when_ready hook.",
    language: "python",
    fixExample: [
      "from functools import cache",
      "",
      "@cache",
      "def default_rate():",
      "    from .models import Rate",
      '    return Rate.objects.get(code="EUR")',
    ].join("\n"),
  },
};
