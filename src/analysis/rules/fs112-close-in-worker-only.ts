// FS112: connections inherited through fork closed only in the workers.
import type { Rule } from "./rule.js";

export const closeInWorkerOnly: Rule = {
  id: "FS112",
  name: "close-in-worker-only",
  summary: "Connections opened before fork are closed only in each worker (post_fork, @postfork): fragile",
  defaultSeverity: "note",
  docs: {
    what:
      "Reports a `connections.close_all()` (or a loop closing each connection) in gunicorn's `post_fork`, " +
      "`post_worker_init` or `pre_request` hook, or in a uWSGI `@postfork` function, when the app is loaded " +
      "before fork, startup code queries the database, and no hook closes the connections in the master.",
    why:
      "The close runs in each child after fork, on a connection every process shares. A clean close sends the " +
      "database a terminate message over the shared socket, ending the session for the master and every " +
      "sibling still holding it. It works only while every holder discards the connection before using it " +
      "again, which depends on timing and on the database driver.",
    example: [
      "# gunicorn.conf.py",
      "preload_app = True",
      "",
      "def post_fork(server, worker):",
      "    from django.db import connections",
      "    connections.close_all()",
    ].join("\n"),
    fix:
      "Close in the master after loading and before fork: gunicorn's `when_ready` (or `pre_fork`) hook, or the " +
      "end of ready(). For uWSGI, set `lazy-apps = true` or close in the master. `forksafe fix` moves the close " +
      "from the worker hook to when_ready (docs/fix.md); docs/fix-oracle.md measures gunicorn-post-fork-close before " +
      "and after (one backend per worker, no errors under load, both times: the fix removes the fragility, not a " +
      "failure this stack shows).",
    language: "python",
    fixExample: [
      "# gunicorn.conf.py",
      "preload_app = True",
      "",
      "def when_ready(server):",
      "    from django.db import connections",
      "    connections.close_all()",
    ].join("\n"),
  },
};
