// FS103: database work in wsgi.py/asgi.py after the application is loaded.
import type { Rule } from "./rule.js";

export const queryInWsgi: Rule = {
  id: "FS103",
  name: "query-in-wsgi",
  summary: "Database work in wsgi.py or asgi.py after get_wsgi_application()/get_asgi_application()",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds code in a WSGI or ASGI module that touches the database after get_wsgi_application() or " +
      "get_asgi_application() has set Django up, directly or through the repository functions it calls.",
    why:
      "A pre-forking server imports the WSGI module in its master process (gunicorn with preload_app, uWSGI " +
      "without lazy-apps). A query there opens a connection that every forked worker inherits; the workers then " +
      "share one database session, fail when one of them closes it, and can read each other's replies.",
    example: [
      "from django.core.wsgi import get_wsgi_application",
      "",
      "application = get_wsgi_application()",
      "",
      "from shop.cache import warm_cache",
      "warm_cache()",
    ].join("\n"),
    fix:
      "Warm caches lazily in the workers (on first use, or in gunicorn's post_worker_init hook), or close the " +
      "connections before the master forks: call django.db.connections.close_all() after the work.",
    language: "python",
    fixExample: ["application = get_wsgi_application()", "", "warm_cache()", "from django.db import connections", "connections.close_all()"].join("\n"),
  },
};
