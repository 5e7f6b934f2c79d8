import { describe, expect, it } from "vitest";
import { at, contextOf, entryPointsOf } from "./helpers.js";
import { findEntryPoints } from "../../src/analysis/servers/index.js";

describe("gunicorn precedence: command line > GUNICORN_CMD_ARGS > config file", () => {
  it("takes preload from the default gunicorn.conf.py when the command says nothing", async () => {
    const [ep] = await entryPointsOf({ Procfile: "web: gunicorn proj.wsgi\n", "gunicorn.conf.py": "workers = 3\npreload_app = True\n" });
    expect(ep?.preload).toEqual({ kind: "on" });
    expect(at(ep?.preloadLocation)).toBe("gunicorn.conf.py:2:1");
    expect(ep?.notes[0]).toMatch(/gunicorn.conf.py in the working directory/);
  });

  it("lets --preload win over preload_app = False, and says so", async () => {
    const [ep] = await entryPointsOf({ Procfile: "web: gunicorn --preload proj.wsgi\n", "gunicorn.conf.py": "preload_app = False\n" });
    expect(at(ep?.preloadLocation)).toBe("Procfile:1:15");
    expect(ep?.notes).toContain("--preload overrides preload_app in gunicorn.conf.py");
  });

  it("takes -c from GUNICORN_CMD_ARGS, python:module and file: forms", async () => {
    const eps = await entryPointsOf({
      Procfile:
        "a: GUNICORN_CMD_ARGS='-c conf/a.py' gunicorn proj.wsgi\nb: gunicorn -c python:conf.b proj.wsgi\nc: gunicorn --config file:conf/c.py proj.wsgi\n",
      "conf/a.py": "preload_app = True\n",
      "conf/b.py": "preload_app = True\n",
      "conf/c.py": "preload_app = True\n",
    });
    expect(eps.map((e) => at(e.preloadLocation))).toEqual(["conf/a.py:1:1", "conf/b.py:1:1", "conf/c.py:1:1"]);
  });

  it("takes hooks and worker class from the config, the worker class from -k first", async () => {
    const [ep] = await entryPointsOf({
      Procfile: "web: gunicorn -k eventlet -c gunicorn_conf.py proj.wsgi\n",
      "gunicorn_conf.py":
        'worker_class = "gevent"\npreload_app = True\ndef when_ready(server):\n    from django.db import connections\n    connections.close_all()\n',
    });
    expect(ep).toMatchObject({ mitigation: "master-close", workerClass: "eventlet" });
    expect(ep?.mitigationLocation?.startLine).toBe(5);
  });

  it("notes a config file named by -c that is not in the repository", async () => {
    const [ep] = await entryPointsOf({ Procfile: "web: gunicorn -c /etc/gunicorn/prod.py proj.wsgi\n" });
    expect(ep?.notes).toContain("config file /etc/gunicorn/prod.py (-c) is not in the repository");
    expect(ep?.preload).toEqual({ kind: "off" });
  });

  it("reads candidates in one batch and named files in a second", async () => {
    const ctx = contextOf({
      Procfile: "web: gunicorn -c settings/serve.py proj.wsgi\n",
      "settings/serve.py": "preload_app = True\n",
      "proj/models.py": "x = 1\n",
    });
    const [ep] = await findEntryPoints(ctx);
    expect(ctx.batches).toEqual([["Procfile"], ["settings/serve.py"]]);
    expect(ep?.preload).toEqual({ kind: "on" });
  });

  it("lists a gunicorn config no command names, and finds extra files from entry_points", async () => {
    const { DEFAULT_CONFIG } = await import("../../src/config/schema.js");
    const eps = await entryPointsOf(
      { "ops/serve": "exec gunicorn --preload proj.wsgi\n", "config/gunicorn_prod.py": "bind = ':80'\npreload_app = True\n" },
      { ...DEFAULT_CONFIG, entry_points: ["ops/*"] },
    );
    expect(eps.map((e) => e.source).sort()).toEqual(["config/gunicorn_prod.py", "ops/serve line 1"]);
  });
});

describe("gunicorn configs under other names", () => {
  it("recognises a Python config by its settings, and ignores a look-alike without them", async () => {
    const eps = await entryPointsOf({
      "deploy/server.py": "bind = '0.0.0.0:8000'\nworkers = 4\npreload_app = True\n",
      "docs/conf.py": "project = 'shop'\nextensions = []\n",
      "web.conf.py": "worker_class = 'gevent'\n",
    });
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([
      ["deploy/server.py", "on"],
      ["web.conf.py", "off"],
    ]);
  });
});

describe("sharing the first read", () => {
  it("needs no read of its own when its candidates were read before", async () => {
    const { entryPointCandidates } = await import("../../src/analysis/servers/index.js");
    const { findEntryPoints } = await import("../../src/analysis/servers/index.js");
    const ctx = contextOf({ Procfile: "web: gunicorn proj.wsgi\n", "gunicorn.conf.py": "preload_app = True\n", "shop/apps.py": "" });
    await ctx.files.load(["shop/apps.py", ...entryPointCandidates(ctx)]);
    const [ep] = await findEntryPoints(ctx);
    expect(ctx.batches).toEqual([["shop/apps.py", "Procfile", "gunicorn.conf.py"]]);
    expect(ep?.preload).toEqual({ kind: "on" });
  });
});
