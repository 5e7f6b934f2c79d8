// FS203: a SQLAlchemy engine that connects while the app loads before fork.
import type { Rule } from "./rule.js";

export const engineConnectsBeforeFork: Rule = {
  id: "FS203",
  name: "engine-connects-before-fork",
  summary: "SQLAlchemy (or peewee) database work while the app loads before fork: the pooled connection is shared",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds database work through an ORM's own connection pool in code that runs while a Flask, FastAPI, plain WSGI " +
      "or Django app loads (the module the server imports, the app factory it calls, what they import and call, " +
      "gunicorn's config file and its master hooks): SQLAlchemy queries that run (`User.query.filter_by(...).first()`, " +
      "`session.execute(select(...))`, `db.session.commit()`, SQLModel's `session.exec()`), table work " +
      "(`db.create_all()`, `metadata.create_all(engine)`, `reflect()`), `inspect(engine)`, `engine.connect()` and " +
      "`begin()`, Alembic's `command.upgrade()` and Flask-Migrate's `upgrade()`/`stamp()`, and peewee's " +
      "`db.connect()`/`create_tables()`. What builds and runs nothing is not reported: `create_engine()`, " +
      "`sessionmaker()`, `Session(engine)` alone, a query never run (`Model.query.filter(...)`), `session.add()`, " +
      "an engine with `poolclass=NullPool`. Error when the app is loaded before fork and nothing disposes the pool; " +
      "`engine.dispose()` after the work in the startup code, `engine.dispose()` in when_ready, pre_fork or " +
      "on_starting, or `engine.dispose(close=False)` in post_fork make it no finding; a plain `dispose()` in " +
      "post_fork, which closes the parent's connections too, a warning.",
    why:
      "The connection goes back to the engine's pool, and the pool is copied into every worker by fork(): the " +
      "workers then talk over one database session. SQLAlchemy's pooling documentation warns that pooled " +
      "connections are not shared to a forked process; the symptoms reported are `SSL error: decryption failed or " +
      "bad record mac`, `PGRES_TUPLES_OK and no message from the libpq`, and replies that answer another worker's " +
      "query (measured by the runtime oracle: a Flask factory's ORM query under --preload, and a uWSGI master " +
      "importing the app, leave 4 workers on 1 PostgreSQL backend).",
    example: [
      "# wsgi.py, served by: gunicorn --preload wsgi:app",
      "from shop import create_app",
      "",
      "app = create_app()",
      "",
      "# shop/__init__.py",
      "def create_app():",
      "    app = Flask(__name__)",
      "    db.init_app(app)",
      "    with app.app_context():",
      "        db.create_all()",
      '        app.config["PLANS"] = [p.name for p in Plan.query.all()]',
      "    return app",
    ].join("\n"),
    fix:
      "Dispose the pool in the master once the startup work is done, or in each worker without closing the " +
      "parent's connections, as SQLAlchemy recommends (since 1.4.33); or move the work out of startup (a CLI " +
      "command, a migration step before the server starts, a FastAPI lifespan handler, which runs in each worker). " +
      "`forksafe fix` writes the post_fork hook for an engine made by create_engine() at module level, imported " +
      "from that module (docs/fix.md; Flask-SQLAlchemy's db.engine needs an app context and is left to you); " +
      "docs/fix-oracle.md measures it on flask-engine-preload: from 1 backend shared by 4 workers, with errors " +
      "under load, to one backend per worker and none.",
    language: "python",
    fixExample: ["# gunicorn.conf.py", "def post_fork(server, worker):", "    from shop import db", "", "    db.engine.dispose(close=False)"].join("\n"),
  },
};
