import { describe, expect, it } from "vitest";
import { readGunicornConfig } from "../../src/analysis/servers/gunicorn-config.js";
import { parsePython } from "../../src/analysis/summaries/parser.js";

const read = (text: string) => readGunicornConfig("gunicorn.conf.py", parsePython(text).rootNode);

describe("gunicorn config files", () => {
  it.each([
    ["preload_app = True", { kind: "on" }],
    ["preload_app = False", { kind: "off" }],
    ['preload_app = "true"', { kind: "on" }],
    ['preload_app = os.environ.get("PRELOAD", "false").lower() == "true"', { kind: "env", variable: "PRELOAD", fallback: false }],
    ['preload_app = os.getenv("PRELOAD", "True").lower() in ("1", "true")', { kind: "env", variable: "PRELOAD", fallback: true }],
    ['preload_app = env.bool("GUNICORN_PRELOAD", default=True)', { kind: "env", variable: "GUNICORN_PRELOAD", fallback: true }],
    ['preload_app = bool(int(os.environ.get("PRELOAD", "0")))', { kind: "env", variable: "PRELOAD", fallback: false }],
    ['preload_app = os.environ["PRELOAD"] == "1"', { kind: "env", variable: "PRELOAD", fallback: false }],
    ['preload_app = os.environ.get("PRELOAD") != "off"', { kind: "env", variable: "PRELOAD", fallback: true }],
    ["PRELOAD = True\npreload_app = PRELOAD", { kind: "on" }],
  ])("%s", (line, expected) => {
    const config = read(`import os\n${line}\n`);
    expect(config.recognised).toBe(true);
    expect(config.preload?.value).toEqual(expected);
  });

  it("finds preload_app inside a module-level if block, not at top level", () => {
    const config = read('import os\nif os.environ.get("X"):\n    preload_app = True\n');
    expect(config.preload?.value).toEqual({ kind: "on" });
    expect(config.preload?.topLevel).toBe(false);
    expect(config.preload?.location.startLine).toBe(3);
  });

  it.each([
    ["def when_ready(server):\n    from django.db import connections\n    connections.close_all()\n", "masterClose", "when_ready"],
    ["def on_starting(server):\n    from django import db\n    db.connections.close_all()\n", "masterClose", "on_starting"],
    ["from django.db import connections\ndef pre_fork(server, worker):\n    for conn in connections.all():\n        conn.close()\n", "masterClose", "pre_fork"],
    [
      "def _close():\n    from django.db import connections\n    connections.close_all()\n\ndef when_ready(server):\n    _close()\n",
      "masterClose",
      "when_ready",
    ],
    ["def close_db(server):\n    django.db.connections.close_all()\n\nwhen_ready = close_db\n", "masterClose", "when_ready"],
    ["def post_fork(server, worker):\n    from django.db import connections\n    connections.close_all()\n", "workerClose", "post_fork"],
    ["def post_worker_init(worker):\n    from django.db import connection\n    connection.close()\n", "workerClose", "post_worker_init"],
  ])("hook %#", (text, side, hook) => {
    const config = read(text);
    expect(config.recognised).toBe(true);
    expect(config[side as "masterClose" | "workerClose"]?.hook).toBe(hook);
  });

  it("does not count a hook that only logs, or a close of something else", () => {
    const config = read("def when_ready(server):\n    server.log.info('ready')\n    cache.close()\n");
    expect(config.masterClose).toBeUndefined();
    expect(config.hooks.has("when_ready")).toBe(true);
  });

  it("reports setting names gunicorn ignores, and whether preload_app is set too", () => {
    const config = read("workers = 2\nPRELOAD_APP = True\npreload = True\n");
    expect(config.preload).toBeUndefined();
    expect(config.wrongNames.map((w) => [w.name, w.statement.startLine, w.realNameSet])).toEqual([
      ["PRELOAD_APP", 2, false],
      ["preload", 3, false],
    ]);
    expect(read("preload_app = True\nPreload_App = True\n").wrongNames[0]?.realNameSet).toBe(true);
  });

  it("reads worker_class and does not recognise a plain module", () => {
    expect(read('worker_class = "gevent"\n').workerClass?.value).toBe("gevent");
    expect(read("import os\nDEBUG = True\n").recognised).toBe(false);
  });
});

describe("look-alikes that are not ignored settings", () => {
  it("does not report a helper variable that preload_app reads", () => {
    const config = readGunicornConfig("gunicorn.conf.py", parsePython('import os\nPRELOAD = os.getenv("PRELOAD") == "1"\npreload_app = PRELOAD\n').rootNode);
    expect(config.wrongNames).toEqual([]);
    expect(config.preload?.value).toEqual({ kind: "env", variable: "PRELOAD", fallback: false });
  });
});

describe("preload_app set in several branches", () => {
  it("takes the branch that turns preload on", () => {
    const text = 'import os\nif os.environ.get("ENV") == "prod":\n    preload_app = True\nelse:\n    preload_app = False\n';
    const config = readGunicornConfig("gunicorn.conf.py", parsePython(text).rootNode);
    expect(config.preload?.value).toEqual({ kind: "on" });
    expect(config.preload?.location.startLine).toBe(3);
  });
});
