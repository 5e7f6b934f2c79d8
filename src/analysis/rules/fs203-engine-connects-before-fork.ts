// FS203: a SQLAlchemy engine that connects while the app loads before fork.
import type { Rule } from "./rule.js";

export const engineConnectsBeforeFork: Rule = {
  id: "FS203",
  name: "engine-connects-before-fork",
  summary: "A SQLAlchemy engine connects while the app loads before fork, and its pooled connection is shared",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds SQLAlchemy engines made to connect by code that runs while the application loads - `engine.connect()`, " +
      "`engine.begin()`, `engine.execute()`, `metadata.create_all(engine)`, Flask-SQLAlchemy's `db.create_all()` " +
      "(in an app factory the server command calls, too) - in a Flask, FastAPI or Django app. `create_engine()` " +
      "alone opens nothing and is not reported, nor is an engine created with `poolclass=NullPool`. Error when the " +
      "app is loaded before fork and no hook disposes the engine's pool; the documented mitigations " +
      "(`engine.dispose(close=False)` in post_fork or post_worker_init, `engine.dispose()` in when_ready, pre_fork " +
      "or on_starting) make it no finding; a plain `dispose()` in post_fork, which closes the parent's connections too, a warning.",
    why:
      "The connection goes back to the engine's pool, and the pool is copied into every worker by fork(): the " +
      "workers then talk over one database session. SQLAlchemy's pooling documentation warns that pooled " +
      "connections are not shared to a forked process; the symptoms reported are `SSL error: decryption failed or " +
      "bad record mac`, `PGRES_TUPLES_OK and no message from the libpq`, and replies that answer another worker's query.",
    example: [
      "# app.py, served by: gunicorn --preload app:app",
      "from sqlalchemy import create_engine, text",
      "",
      "engine = create_engine(DATABASE_URL)",
      "with engine.connect() as conn:",
      '    conn.execute(text("SELECT 1"))',
    ].join("\n"),
    fix:
      "Dispose the pool in each worker without closing the parent's connections, as SQLAlchemy recommends " +
      "(since 1.4.33), or dispose it in the master before fork; or move the connect out of startup.",
    language: "python",
    fixExample: ["# gunicorn.conf.py", "def post_fork(server, worker):", "    from app import engine", "", "    engine.dispose(close=False)"].join("\n"),
  },
};
