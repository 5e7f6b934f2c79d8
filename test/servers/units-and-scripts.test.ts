import { describe, expect, it } from "vitest";
import { at, entryPointsOf, textAt } from "./helpers.js";

describe("systemd units and supervisord programs", () => {
  it("reads ExecStart with continuations and Environment", async () => {
    const files = {
      "deploy/shop.service": [
        "[Unit]",
        "Description=shop",
        "[Service]",
        'Environment="DJANGO_SETTINGS_MODULE=proj.settings" "GUNICORN_CMD_ARGS=--preload"',
        "ExecStart=/srv/venv/bin/gunicorn \\",
        "    --workers 4 proj.wsgi",
        "",
      ].join("\n"),
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("deploy/shop.service ExecStart");
    expect(at(ep?.location)).toBe("deploy/shop.service:5:11");
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
  });

  it("reads supervisord command= and environment=", async () => {
    const files = {
      "supervisord.conf": '[program:web]\ncommand=gunicorn proj.wsgi\nenvironment=A="1,2",GUNICORN_CMD_ARGS="--preload -k gevent"\n',
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("supervisord.conf program:web");
    expect(ep?.preload.kind).toBe("on");
    expect(ep?.workerClass).toBe("gevent");
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
  });
});

describe("shell entrypoints", () => {
  it("reads multi-line exec commands and exported GUNICORN_CMD_ARGS", async () => {
    const files = {
      "docker/entrypoint.sh": [
        "#!/bin/sh",
        "set -e",
        "python manage.py migrate --noinput",
        'export GUNICORN_CMD_ARGS="--workers 3"',
        "exec gunicorn proj.wsgi \\",
        "  --bind 0.0.0.0:8000 \\",
        "  --preload",
        "",
      ].join("\n"),
    };
    const [ep, ...rest] = await entryPointsOf(files);
    expect(rest).toEqual([]);
    expect(at(ep?.location)).toBe("docker/entrypoint.sh:5:6");
    expect(at(ep?.preloadLocation)).toBe("docker/entrypoint.sh:7:3");
    expect(ep?.notes.some((n) => n.startsWith('GUNICORN_CMD_ARGS="--workers 3"'))).toBe(true);
  });

  it("reads commands inside if blocks", async () => {
    const files = { "start.sh": 'if [ "$ROLE" = web ]; then\n  exec gunicorn --preload proj.wsgi\nfi\n' };
    const [ep] = await entryPointsOf(files);
    expect(at(ep?.preloadLocation)).toBe("start.sh:2:17");
  });
});

describe("files a command names", () => {
  it("reads a script a Procfile runs, in a second batch", async () => {
    const files = { Procfile: "web: bin/start-web\n", "bin/start-web": "#!/bin/bash\nexec gunicorn --preload proj.wsgi\n" };
    const { contextOf } = await import("./helpers.js");
    const { findEntryPoints } = await import("../../src/analysis/servers/index.js");
    const ctx = contextOf(files);
    const [ep] = await findEntryPoints(ctx);
    expect(ctx.batches).toEqual([["Procfile"], ["bin/start-web"]]);
    expect(ep?.source).toBe("bin/start-web line 2");
    expect(at(ep?.preloadLocation)).toBe("bin/start-web:2:15");
  });

  it("reads GUNICORN_CMD_ARGS from a .env file", async () => {
    const files = { ".env.production": "DJANGO_DEBUG=0\nGUNICORN_CMD_ARGS='--preload --workers 3'\n" };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("GUNICORN_CMD_ARGS in .env.production");
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
  });
});
