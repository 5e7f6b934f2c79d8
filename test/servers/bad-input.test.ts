import { describe, expect, it } from "vitest";
import { entryPointsOf, textAt } from "./helpers.js";

const NAMES = [
  "Procfile",
  "Dockerfile",
  "docker-compose.yml",
  "k8s/deploy.yaml",
  "app.json",
  "fly.toml",
  "app.yaml",
  "deploy/web.service",
  "supervisord.conf",
  "uwsgi.ini",
  "uwsgi.yaml",
  "start.sh",
  "gunicorn.conf.py",
  ".env",
  "Dockerfile-x86_64",
  "docker/web.Dockerfile",
  "deploy/uwsgi.ini.j2",
];
const GARBAGE = [
  "",
  "\u0000\u0001\u0002 binary \uFFFD",
  'web: gunicorn "unclosed --preload\n',
  'CMD ["gunicorn", \nENV =\n[uwsgi\nlazy-apps\n',
  "services: [1, {a: }\n---\n: :\n",
  "preload_app = (\ndef when_ready(:\n",
  "[processes]\napp = [1, 2]\n[experimental]\ncmd = 42\n",
  "gunicorn ${X:-$(echo `y`)} --preload <(z) | && ; \\\n",
  `web: gunicorn ${"--preload ".repeat(2000)}\n`,
  "FROM tiangolo/uwsgi-nginx-flask:\nCOPY\nENV UWSGI_INI\nCOPY --from= a\n",
  "FROM tiangolo/uvicorn-gunicorn AS a\nFROM a\nENV APP_MODULE=${X} GUNICORN_CONF=\nCOPY ../.. /\n",
  "[uwsgi]\nmodule = %(module)s\nprocesses = {{ n }\nlazy-apps = ${\n",
];

describe("bad input never crashes the entry point reader", () => {
  it.each(GARBAGE.map((text, i) => [i, text] as const))("garbage %i in every kind of file", async (_i, text) => {
    const files = Object.fromEntries(NAMES.map((name) => [name, text]));
    await expect(entryPointsOf(files)).resolves.toBeInstanceOf(Array);
  });

  it("survives a command naming itself and configs that do not exist", async () => {
    const eps = await entryPointsOf({ "bin/run": "exec bin/run\ngunicorn -c bin/run --preload x\n", Procfile: "web: bin/run\n" });
    expect(eps.every((e) => e.server === "gunicorn")).toBe(true);
  });
});

describe("templates and images with parts left open", () => {
  it("says which values of a uWSGI template are unknown, and what it assumed", async () => {
    const files = { "deploy/uwsgi.ini.j2": "[uwsgi]\nmodule = {{ app_module }}\nmaster = true\nprocesses = {{ processes }}\nlazy-apps = {{ lazy }}\n" };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload).toEqual({ kind: "on" });
    expect(textAt(files, ep?.preloadLocation)).toBe("[uwsgi]");
    expect(ep?.notes).toContain(
      "deploy/uwsgi.ini.j2 is a template with unexpanded placeholders: module = {{ app_module }}, processes = {{ processes }}, lazy-apps = {{ lazy }}; " +
        "assumed lazy-apps unset, so uWSGI loads the app before fork (its default), the number of processes unknown, the served module unknown",
    );
  });

  it("reads ${VAR} and %(var)s as placeholders, and expands %(var) from the file's own options", async () => {
    const files = {
      "uwsgi.ini.template": "[uwsgi]\nbase = /srv\nwsgi-file = %(base)/app.py\nprocesses = ${WORKERS}\nthreads = %(threads)s\nlazy-apps = true\n",
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload).toEqual({ kind: "off" });
    expect(ep?.notes).toEqual([
      "uwsgi.ini.template is a template with unexpanded placeholders: processes = ${WORKERS}, threads = %(threads)s; assumed the number of processes unknown",
    ]);
  });

  it("says which parts of a templated command are unknown", async () => {
    const eps = await entryPointsOf({
      "deploy/Dockerfile.j2": "FROM python:3.12\nCMD gunicorn -w {{ workers }} {{ extra_args }} app:app\n",
      "Procfile.tpl": "web: uwsgi --module app --processes {{ n }}\n",
    });
    expect(eps.flatMap((e) => e.notes).filter((n) => n.includes("= {{"))).toEqual([]);
    expect(eps.map((e) => [e.server, e.preload.kind, e.workers, e.notes.at(-1)])).toEqual([
      [
        "gunicorn",
        "off",
        undefined,
        "deploy/Dockerfile.j2 CMD is a template with unexpanded placeholders: {{ workers }}, {{ extra_args }}; assumed they turn no pre-fork setting on or off, and left the values they stand for unknown",
      ],
      [
        "uwsgi",
        "on",
        undefined,
        "Procfile.tpl web process is a template with unexpanded placeholders: {{ n }}; assumed they turn no pre-fork setting on or off, and left the values they stand for unknown",
      ],
    ]);
  });

  it("says an image with no tag was taken as the latest, and whose defaults were used", async () => {
    const [ep] = await entryPointsOf({ Dockerfile: "FROM tiangolo/uwsgi-nginx-flask\nCOPY ./app /app\n", "app/main.py": "app = None\n" });
    expect(ep?.notes).toContain(
      "tiangolo/uwsgi-nginx-flask has no tag: assumed python3.12 (the latest), with the defaults read from tiangolo/uwsgi-nginx-flask-docker",
    );
  });

  it("takes a tag from ARG, and says when it cannot", async () => {
    const known = await entryPointsOf({ Dockerfile: "ARG TAG=python3.10\nFROM tiangolo/uvicorn-gunicorn:${TAG}\n" });
    expect(known[0]?.notes.some((n) => n.includes("tag"))).toBe(false);
    const unknown = await entryPointsOf({ Dockerfile: "FROM tiangolo/uvicorn-gunicorn:${PY}\n" });
    expect(unknown[0]?.notes).toContain(
      "tag ${PY} is not known here: assumed python3.11 (the latest), with the defaults read from tiangolo/uvicorn-gunicorn-docker",
    );
  });
});

describe("served modules the walk cannot take as written", () => {
  it("notes a factory the served module neither defines nor imports", async () => {
    const [ep] = await entryPointsOf({
      Procfile: 'web: gunicorn --preload "shop:create_app()"\n',
      "shop/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    });
    expect(ep?.notes).toContain("create_app() is neither defined nor imported in shop/__init__.py: what the factory does was not read (assumed nothing)");
  });

  it("says nothing of a factory the module imports", async () => {
    const [ep] = await entryPointsOf({
      Procfile: 'web: gunicorn --preload "shop:create_app()"\n',
      "shop/__init__.py": "from shop.factory import create_app\n",
      "shop/factory.py": "def create_app():\n    pass\n",
    });
    expect(ep?.notes.filter((n) => n.includes("create_app"))).toEqual([]);
  });

  it("notes a wsgi.py that is both Django's and a Flask app", async () => {
    const [ep] = await entryPointsOf({
      Procfile: "web: gunicorn --preload proj.wsgi\n",
      "proj/wsgi.py": [
        "from django.core.wsgi import get_wsgi_application",
        "from flask import Flask",
        "",
        "api = Flask(__name__)",
        "application = get_wsgi_application()",
        "",
      ].join("\n"),
    });
    expect(ep?.notes.some((n) => n.startsWith("proj/wsgi.py is both Django's WSGI module and another framework's app"))).toBe(true);
  });
});
