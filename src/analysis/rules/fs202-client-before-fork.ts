// FS202: a client that is not fork-safe, created while the app loads.
import type { Rule } from "./rule.js";

export const clientBeforeFork: Rule = {
  id: "FS202",
  name: "client-before-fork",
  summary: "A client its library says is not fork-safe, created while the app loads before fork",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds clients created by code that runs while the application loads (ready(), module-level code imported at " +
      "startup, wsgi.py, the module a server command serves) whose library documents that they do not survive fork: " +
      "PyMongo's MongoClient, gRPC channels, confluent-kafka and kafka-python producers and consumers, the " +
      "Elasticsearch client, psycopg 3 pools opened at creation. The table lives in src/analysis/knowledge/clients.ts " +
      "and in docs/fork-hazards.md, with its sources. redis-py is not reported: it resets its pool in a forked child. Error " +
      "when the app is loaded before fork; not reported when each worker loads it.",
    why:
      "A pre-forking master creates the client once and every worker inherits a copy of its sockets, locks and " +
      "background threads - but not the threads themselves. Depending on the library, workers share one socket and " +
      "read each other's replies, hang on a lock held by a thread that no longer exists, or find the client closed " +
      'by a fork handler. PyMongo warns "MongoClient opened before fork".',
    example: [
      "# app.py, served by: gunicorn --preload app:app",
      "from flask import Flask",
      "from pymongo import MongoClient",
      "",
      "app = Flask(__name__)",
      'mongo = MongoClient("mongodb://db:27017")',
    ].join("\n"),
    fix:
      "Create the client after fork: lazily on first use in each process, or in gunicorn's post_fork hook; or turn " +
      "preload off. For psycopg_pool, create the pool with open=False and open it in each worker.",
    language: "python",
    fixExample: [
      "from functools import cache",
      "",
      "@cache",
      "def mongo():",
      '    return MongoClient("mongodb://db:27017")  # one per worker, on first use',
    ].join("\n"),
  },
};
