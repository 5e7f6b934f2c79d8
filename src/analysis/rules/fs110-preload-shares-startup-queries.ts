// FS110: the setting that loads the app before fork, while startup database work exists.
import type { Rule } from "./rule.js";

export const preloadSharesStartupQueries: Rule = {
  id: "FS110",
  name: "preload-shares-startup-queries",
  summary: "Pre-fork loading turned on while startup code queries the database",
  defaultSeverity: "error",
  docs: {
    what:
      "Reports the line that makes the server load the application in the master before forking workers: " +
      "`preload_app = True` (or an environment-driven value) in a gunicorn config file, the `--preload` word " +
      "on a command line or in GUNICORN_CMD_ARGS, and a uWSGI config or command without `lazy-apps` - when the " +
      "repository also has database work that runs while the app loads (FS101-FS103), and nothing closes the " +
      "connections before fork. The finding lists that startup work, so a change that only flips preload is " +
      "caught on the line it changes. Its level is error when preload is on, warning when it depends on an " +
      "environment variable that is off by default.",
    why:
      "With preload the master imports the app once; the connection a startup query opens is copied into " +
      "every worker by fork(). The workers then share one database session: when one closes it (CONN_MAX_AGE, " +
      'request end) the others fail with "server closed the connection unexpectedly" or SSL errors, and ' +
      "concurrent use can return one worker's rows to another. gevent and eventlet workers fail as " +
      '"DatabaseWrapper objects created in a thread can only be used in that same thread".',
    example: ["# gunicorn.conf.py", 'bind = "0.0.0.0:8000"', "workers = 4", "preload_app = True"].join("\n"),
    fix:
      "Move the database work out of startup (a post_migrate handler, a migration, lazy first use), or close " +
      "every connection in the master after loading and before fork. For a gunicorn config file without a " +
      "when_ready hook, Forksafe suggests an exact edit that adds one right after the preload_app line; the hook " +
      "runs in the master once the app is loaded. For a uWSGI ini file it suggests `lazy-apps = true`, which " +
      "makes each worker load the app itself. Closing in post_fork instead is fragile (see FS112). " +
      "`forksafe fix` writes this fix (docs/fix.md): the when_ready hook in the config file gunicorn reads for the " +
      "launch (extending an existing one, or a new ./gunicorn.conf.py where the server starts), or lazy-apps for uWSGI; " +
      "measured on real servers in docs/fix-oracle.md, where it takes gunicorn-preload-config, gunicorn-preload-flag, " +
      "gunicorn-cmd-args and uwsgi-default from 1 PostgreSQL backend shared by 4 workers, with errors under load, to " +
      "one backend per worker and none.",
    language: "python",
    fixExample: [
      "preload_app = True",
      "",
      "",
      "def when_ready(server):",
      '    """Close database connections opened while loading the app, before workers fork."""',
      "    from django.db import connections",
      "",
      "    connections.close_all()",
    ].join("\n"),
  },
};
