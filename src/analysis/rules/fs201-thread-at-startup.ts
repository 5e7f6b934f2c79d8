// FS201: a thread or scheduler started while the app loads.
import type { Rule } from "./rule.js";

export const threadAtStartup: Rule = {
  id: "FS201",
  name: "thread-at-startup",
  summary: "A thread or scheduler started while the app loads: runs only in the master under preload, once per worker without",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds threads and schedulers started by code that runs while the application loads: `threading.Thread(...).start()`, " +
      "`threading.Timer`, a Thread subclass of the repository, an APScheduler `BackgroundScheduler`/`AsyncIOScheduler` " +
      "(or Flask-APScheduler) `.start()` - in `AppConfig.ready()`, in module-level code imported at startup, in wsgi.py, " +
      "or in the module a gunicorn or uWSGI command serves (a Flask or FastAPI app module, an app factory), through calls. " +
      "A thread started in a view or any code that runs per request is not startup. The level comes from how the app is " +
      "served: error when it is loaded before fork, warning for a scheduler when each worker loads the app itself.",
    why:
      "fork() copies only the thread that calls it: after a pre-forking master (gunicorn with preload, uWSGI without " +
      "lazy-apps) forks, the thread exists in the master alone and no worker has it, so a queue it drains fills up " +
      'and nothing is sent; a lock it held stays locked in every child (Python 3.12 warns "This process is ' +
      'multi-threaded, use of fork() may lead to deadlocks in the child"). Without preload every worker starts its ' +
      "own copy, so a scheduler runs each job once per worker; APScheduler's FAQ warns that several processes sharing " +
      "a job store run jobs twice or miss them.",
    example: [
      "from apscheduler.schedulers.background import BackgroundScheduler",
      "from django.apps import AppConfig",
      "",
      "class ShopConfig(AppConfig):",
      '    name = "shop"',
      "",
      "    def ready(self):",
      "        scheduler = BackgroundScheduler()",
      '        scheduler.add_job(send_reminders, "interval", minutes=5)',
      "        scheduler.start()",
    ].join("\n"),
    fix:
      "Run schedulers and long-lived background threads in a process of their own (a management command, a Celery " +
      "beat, a systemd timer), or start per-worker threads after fork, in gunicorn's post_fork or post_worker_init " +
      "hook (uWSGI: a @postfork function, and --enable-threads).",
    language: "python",
    fixExample: [
      "# gunicorn.conf.py: each worker starts its own thread after fork",
      "def post_worker_init(worker):",
      "    from shop.metrics import start_flusher",
      "",
      "    start_flusher()",
    ].join("\n"),
  },
};
