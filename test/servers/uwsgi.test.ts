import { describe, expect, it } from "vitest";
import { at, entryPointsOf, textAt } from "./helpers.js";
import { analyze } from "../../src/analysis/analyze.js";
import { memoryTree } from "../../src/analysis/source-tree.js";

const wsgi = "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n";

describe("uWSGI", () => {
  it("is pre-fork by default, reported at the config's [uwsgi] header", async () => {
    const files = { "deploy/uwsgi.ini": "[uwsgi]\nmodule = proj.wsgi:application\nmaster = true\nprocesses = 4\n" };
    const [ep] = await entryPointsOf(files);
    expect(ep).toMatchObject({ server: "uwsgi", source: "deploy/uwsgi.ini", preload: { kind: "on" }, mitigation: "none" });
    expect(textAt(files, ep?.preloadLocation)).toBe("[uwsgi]");
  });

  it.each([["lazy-apps = true"], ["lazy-apps = 1"], ["lazy = yes"]])("is not pre-fork with %s", async (line) => {
    const files = { "uwsgi.ini": `[uwsgi]\nmodule = proj.wsgi\n${line}\n` };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload).toEqual({ kind: "off" });
    expect(ep?.preloadLocation?.startLine).toBe(3);
  });

  it("reads lazy-apps from the environment", async () => {
    const [ep] = await entryPointsOf({ "uwsgi.ini": "[uwsgi]\nlazy-apps = $(UWSGI_LAZY)\n" });
    expect(ep?.preload).toEqual({ kind: "env", variable: "UWSGI_LAZY", fallback: true });
  });

  it("reads YAML and JSON configs", async () => {
    const eps = await entryPointsOf({
      "uwsgi.yaml": "uwsgi:\n  module: proj.wsgi\n  lazy-apps: true\n",
      "conf/uwsgi.json": '{"uwsgi": {"module": "proj.wsgi", "processes": 4}}\n',
    });
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([
      ["conf/uwsgi.json", "on"],
      ["uwsgi.yaml", "off"],
    ]);
  });

  it("combines a command line with the config it names", async () => {
    const files = {
      Dockerfile: 'FROM python\nCMD ["uwsgi", "--ini", "/app/deploy/uwsgi.ini"]\n',
      "deploy/uwsgi.ini": "[uwsgi]\nmodule = proj.wsgi\nprocesses = 2\n",
      "proj/wsgi.py": wsgi,
    };
    const [ep, ...rest] = await entryPointsOf(files);
    expect(rest).toEqual([]);
    expect(ep?.source).toBe("Dockerfile CMD");
    expect(ep?.notes).toContain("config file deploy/uwsgi.ini");
    expect(ep?.notes).toContain(
      "processes = 2 without master: the first process loads the app, then forks the other one from itself, so it still loads before fork",
    );
    expect(at(ep?.preloadLocation)).toBe("deploy/uwsgi.ini:1:1");
  });

  it("reads --lazy-apps and UWSGI_LAZY_APPS on the command line", async () => {
    const eps = await entryPointsOf({
      Procfile:
        "web: uwsgi --http :8000 --module proj.wsgi --master --processes 4 --lazy-apps\nalt: UWSGI_LAZY_APPS=1 uwsgi --module proj.wsgi\nold: uwsgi --module proj.wsgi --master\n",
    });
    expect(eps.map((e) => e.preload.kind)).toEqual(["off", "off", "on"]);
  });

  it("finds a @postfork function that closes connections: a worker-side close", async () => {
    const files = {
      "uwsgi.ini": "[uwsgi]\nmodule = proj.wsgi:application\n",
      "proj/wsgi.py": `${wsgi}from uwsgidecorators import postfork\n\n@postfork\ndef reset_db():\n    from django.db import connections\n    connections.close_all()\n`,
    };
    const [ep] = await entryPointsOf(files);
    expect(ep?.mitigation).toBe("worker-close");
    expect(at(ep?.mitigationLocation)).toBe("proj/wsgi.py:8:5");
  });
});

describe("uWSGI and the threads an app starts", () => {
  const app = ["import threading", "", "from flask import Flask", "", "app = Flask(__name__)", "threading.Thread(target=print, daemon=True).start()", ""].join(
    "\n",
  );
  const findingsOf = async (ini: string) => (await analyze(memoryTree({ "uwsgi.ini": ini, "app.py": app }))).findings.filter((f) => f.ruleId === "FS201");

  it("says a thread never runs without enable-threads", async () => {
    const [finding, ...rest] = await findingsOf("[uwsgi]\nmaster = true\nprocesses = 4\nmodule = app:app\n");
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("without enable-threads");
  });

  it("says it runs in the master alone with enable-threads", async () => {
    const [finding] = await findingsOf("[uwsgi]\nmaster = true\nprocesses = 4\nenable-threads = true\nmodule = app:app\n");
    expect(finding?.message).not.toContain("without enable-threads");
    expect(finding?.message).toContain("runs only in the master");
  });

  it("counts threads = N as enabling them, and reports nothing under lazy-apps then", async () => {
    expect(await findingsOf("[uwsgi]\nmaster = true\nprocesses = 4\nthreads = 2\nlazy-apps = true\nmodule = app:app\n")).toEqual([]);
  });
});
