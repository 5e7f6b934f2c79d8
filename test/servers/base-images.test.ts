// Base images that start the server themselves (tiangolo/uwsgi-nginx-flask, uvicorn-gunicorn,
// meinheld-gunicorn): the entry point their defaults make, and the app's files and ENV that
// override those defaults as the images' start scripts do.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze.js";
import { findEntryPoints } from "../../src/analysis/servers/index.js";
import { servedAppsOf } from "../../src/analysis/servers/served-apps.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { contextOf, entryPointsOf, textAt } from "./helpers.js";

const MAIN = "from flask import Flask\napp = Flask(__name__)\n";
const flaskImage = (extra = "", from = "tiangolo/uwsgi-nginx-flask:python3.12") => `FROM ${from}\n${extra}COPY ./app /app\n`;

async function served(files: Record<string, string>): Promise<string[]> {
  const ctx = contextOf(files);
  await findEntryPoints(ctx);
  return servedAppsOf(ctx).map((app) => app.path);
}

describe("tiangolo/uwsgi-nginx-flask", () => {
  it("loads main.py in uWSGI's master before fork, from the image's defaults", async () => {
    const files = { Dockerfile: flaskImage(), "app/main.py": MAIN };
    const [ep, ...rest] = await entryPointsOf(files);
    expect(rest).toEqual([]);
    expect(ep).toMatchObject({ server: "uwsgi", preload: { kind: "on" }, mitigation: "none" });
    expect(textAt(files, ep?.location)).toBe("tiangolo/uwsgi-nginx-flask:python3.12");
    expect(ep?.notes[0]).toBe(
      "tiangolo/uwsgi-nginx-flask runs uWSGI with the image's own /app/uwsgi.ini (module = main, callable = app); its master loads app/main.py before forking its processes (image default, tiangolo/uwsgi-nginx-flask-docker)",
    );
    expect(ep?.notes).toContain(
      "UWSGI_CHEAPER=2 (image default), UWSGI_PROCESSES=16 (image default): 2 workers at start, up to 16; cheaper mode implies a master",
    );
    expect(await served(files)).toEqual(["app/main.py"]);
  });

  it("reads the app's own uwsgi.ini: lazy-apps makes each worker load the app", async () => {
    const files = { Dockerfile: flaskImage(), "app/main.py": MAIN, "app/uwsgi.ini": "[uwsgi]\nmodule = main\ncallable = app\nlazy-apps = true\n" };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.server, e.preload.kind])).toEqual([["uwsgi", "off"]]);
    expect(textAt(files, eps[0]?.preloadLocation)).toBe("true");
    expect(eps[0]?.notes[0]).toMatch(/^tiangolo\/uwsgi-nginx-flask runs uWSGI with the app's \/app\/uwsgi.ini \(app\/uwsgi.ini\); lazy-apps makes/);
  });

  it("serves the module the app's uwsgi.ini names, resolved through COPY", async () => {
    const files = {
      Dockerfile: "FROM tiangolo/uwsgi-nginx-flask:python3.11\nCOPY . /app\n",
      "run.py": MAIN,
      "uwsgi.ini": "[uwsgi]\nmodule = run\ncallable = app\n",
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload.kind).toBe("on");
    expect(await served(files)).toEqual(["run.py"]);
  });

  it("takes UWSGI_LAZY_APPS, UWSGI_PROCESSES and UWSGI_INI from the Dockerfile's ENV", async () => {
    const files = {
      Dockerfile: "FROM tiangolo/uwsgi-nginx-flask:python3.12\nENV UWSGI_INI /srv/uwsgi.ini\nENV UWSGI_LAZY_APPS=1 UWSGI_PROCESSES=8\nCOPY ./srv /srv\n",
      "srv/uwsgi.ini": "[uwsgi]\nchdir = /srv\nmodule = web\n",
      "srv/web.py": MAIN,
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload.kind).toBe("off");
    expect(ep?.notes).toContain("config file srv/uwsgi.ini");
    expect(await served(files)).toEqual(["srv/web.py"]);
    expect(ep?.notes).toContain(
      "UWSGI_CHEAPER=2 (image default), UWSGI_PROCESSES=8 (set in Dockerfile): 2 workers at start, up to 8; cheaper mode implies a master",
    );
  });

  it("uses the plain uwsgi-nginx image's wsgi-file default, through a build stage", async () => {
    const files = {
      "docker/web.Dockerfile": "FROM tiangolo/uwsgi-nginx:python3.11 AS base\nCOPY app/ /app/\nFROM base\nENV LISTEN_PORT=8080\n",
      "app/main.py": "def application(env, start):\n    pass\n",
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.notes[0]).toMatch(
      /^tiangolo\/uwsgi-nginx runs uWSGI with the image's own \/app\/uwsgi.ini \(wsgi-file = \/app\/main.py\); its master loads app\/main.py/,
    );
    expect(await served(files)).toEqual(["app/main.py"]);
  });

  it("makes no image entry point when the Dockerfile runs a command of its own", async () => {
    const eps = await entryPointsOf({
      Dockerfile: 'FROM tiangolo/uwsgi-nginx-flask:python3.12\nCOPY ./app /app\nCMD ["gunicorn", "main:app"]\n',
      "app/main.py": MAIN,
    });
    expect(eps.map((e) => [e.server, e.source])).toEqual([["gunicorn", "Dockerfile CMD"]]);
  });

  it("is an error under the image, and nothing with lazy-apps, for SQLAlchemy work in main.py", async () => {
    const main =
      "from sqlalchemy import MetaData, create_engine\nengine = create_engine('postgresql://db/x')\nmetadata = MetaData()\nmetadata.create_all(engine)\n";
    const loaded = await analyze(memoryTree({ Dockerfile: flaskImage(), "app/main.py": main }));
    expect(loaded.findings.map((f) => [f.ruleId, f.severity, f.location.startLine])).toEqual([["FS203", "error", 4]]);
    expect(loaded.findings[0]?.message).toContain("Call engine.dispose(close=False) in a uwsgidecorators @postfork function, or set lazy-apps = true.");
    const lazy = await analyze(memoryTree({ Dockerfile: flaskImage("ENV UWSGI_LAZY_APPS=true\n"), "app/main.py": main }));
    expect(lazy.findings).toEqual([]);
  });
});

describe("tiangolo/uvicorn-gunicorn images", () => {
  const fastapi = (extra = "") => `FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11\n${extra}COPY ./app /app/app\n`;

  it("runs gunicorn without preload, serving app.main:app when /app/app/main.py exists", async () => {
    const files = { Dockerfile: fastapi(), "app/main.py": "app = None\n" };
    const [ep, ...rest] = await entryPointsOf(files);
    expect(rest).toEqual([]);
    expect(ep).toMatchObject({ server: "gunicorn", preload: { kind: "off" }, workerClass: "uvicorn.workers.UvicornWorker" });
    expect(ep?.workers).toBeUndefined();
    expect(ep?.notes).toEqual([
      "tiangolo/uvicorn-gunicorn-fastapi runs gunicorn from its start script; without preload each worker loads app/main.py itself (image default, tiangolo/uvicorn-gunicorn-fastapi-docker)",
      "app app.main:app (image default: /app/app/main.py exists), app/main.py in the repository",
      "config: the image's own /gunicorn_conf.py, which sets no preload_app; workers from WEB_CONCURRENCY, else max(WORKERS_PER_CORE (default 1) x CPU cores, 2), at most MAX_WORKERS",
    ]);
    expect(await served(files)).toEqual(["app/main.py"]);
  });

  it("reads the app's gunicorn_conf.py in /app instead of the image's, with its preload_app", async () => {
    const files = { Dockerfile: fastapi("COPY conf/gunicorn_conf.py /app/\n"), "app/main.py": "app = None\n", "conf/gunicorn_conf.py": "preload_app = True\n" };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload.kind).toBe("on");
    expect(ep?.preloadLocation?.path).toBe("conf/gunicorn_conf.py");
    expect(ep?.notes).toContain(
      "config file conf/gunicorn_conf.py: copied to /app/gunicorn_conf.py, which the image's start script passes to -c instead of its own /gunicorn_conf.py",
    );
  });

  it("takes --preload from ENV GUNICORN_CMD_ARGS, and workers from ENV WEB_CONCURRENCY", async () => {
    const files = { Dockerfile: fastapi('ENV GUNICORN_CMD_ARGS="--preload" WEB_CONCURRENCY=3\n'), "app/main.py": "app = None\n" };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.preload.kind, e.workers])).toEqual([["on", 3]]);
    expect(eps[0]?.notes[0]).toMatch(/preload makes the master load app\/main.py before fork/);
  });

  it("serves the module APP_MODULE or MODULE_NAME names", async () => {
    const files = {
      Dockerfile: "FROM tiangolo/uvicorn-gunicorn:python3.11\nENV MODULE_NAME=api.server VARIABLE_NAME=api\nCOPY . /app\n",
      "api/server.py": "api = None\n",
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.notes).toContain(`app api.server:api (MODULE_NAME set in Dockerfile), api/server.py in the repository`);
    expect(await served(files)).toEqual(["api/server.py"]);
  });

  it("runs meinheld-gunicorn's worker with its config, and main:app when there is no app/main.py", async () => {
    const files = { Dockerfile: "FROM tiangolo/meinheld-gunicorn-flask:python3.9\nCOPY ./ /app\n", "main.py": MAIN };
    const [ep] = await entryPointsOf(files);
    expect(ep).toMatchObject({ preload: { kind: "off" }, workerClass: "egg:meinheld#gunicorn_worker" });
    expect(ep?.notes).toContain("app main:app (image default: /app/main.py), main.py in the repository");
  });
});

describe("compose services running a base image", () => {
  it("reads the image, its environment and bind mounts from a service with no command", async () => {
    const files = {
      "docker-compose.yml":
        "services:\n  web:\n    image: tiangolo/uvicorn-gunicorn-fastapi:python3.11\n    environment:\n      - GUNICORN_CMD_ARGS=--preload\n    volumes:\n      - ./backend:/app\n      - data:/var/lib/data\n",
      "backend/app/main.py": "app = None\n",
    };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([
      ["docker-compose.yml service web image tiangolo/uvicorn-gunicorn-fastapi:python3.11 (image default command)", "on"],
    ]);
    expect(await served(files)).toEqual(["backend/app/main.py"]);
  });

  it("leaves a service alone that builds its image or runs a command of its own", async () => {
    const eps = await entryPointsOf({
      "compose.yaml":
        "services:\n  a:\n    build: .\n    image: tiangolo/uwsgi-nginx-flask\n  b:\n    image: tiangolo/uwsgi-nginx-flask\n    command: python main.py\n",
    });
    expect(eps).toEqual([]);
  });
});

describe("the base-image knowledge", () => {
  it("cites the repository and the file it read beside each image's defaults", () => {
    const text = readFileSync("src/analysis/servers/base-images.ts", "utf8");
    for (const source of ["uwsgi-nginx-docker", "uwsgi-nginx-flask-docker", "uvicorn-gunicorn-docker", "meinheld-gunicorn-docker"]) {
      expect(text).toContain(`tiangolo/${source}`);
    }
    for (const file of ["supervisord-debian.conf:5", "start.sh:34", "gunicorn_conf.py:40-48", "app/uwsgi.ini:2-3", "core/uwsgi.c:810"]) {
      expect(text).toContain(file);
    }
  });

  it("has fixture projects for both loading and not loading before fork", () => {
    const dir = path.join("test", "fixtures", "servers");
    const names = readdirSync(dir).filter((name) => /uwsgi-nginx|uvicorn-gunicorn/.test(name));
    expect(names.sort()).toEqual(["uvicorn-gunicorn-image", "uvicorn-gunicorn-preload", "uwsgi-nginx-flask-image", "uwsgi-nginx-flask-lazy"]);
  });
});
