import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze.js";
import { discoverProjects, loadProject } from "../helpers/fixture-project.js";
import { entryPointsOf } from "./helpers.js";

const PRELOAD = "workers = 2\npreload_app = True\n";

describe("the default gunicorn.conf.py counts only where gunicorn reads it", () => {
  it("is not an entry point when every gunicorn command names another config with -c", async () => {
    const eps = await entryPointsOf({
      Procfile: "web: gunicorn -c deploy/gunicorn.py proj.wsgi\n",
      "deploy/gunicorn.py": "bind = ':8000'\n",
      "gunicorn.conf.py": PRELOAD,
    });
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([["Procfile web process", "off"]]);
    expect(eps[0]?.notes).toContain("gunicorn.conf.py is not read: -c names another config");
  });

  it("is not read when GUNICORN_CMD_ARGS names the config", async () => {
    const eps = await entryPointsOf({
      Procfile: "web: GUNICORN_CMD_ARGS='--config deploy/gunicorn.py' gunicorn proj.wsgi\n",
      "deploy/gunicorn.py": "bind = ':8000'\n",
      "gunicorn.conf.py": PRELOAD,
    });
    expect(eps.map((e) => e.preload.kind)).toEqual(["off"]);
  });

  it("is read by the commands without -c, beside those with it", async () => {
    const eps = await entryPointsOf({
      Procfile: "web: gunicorn -c deploy/gunicorn.py proj.wsgi\nadmin: gunicorn proj.wsgi\n",
      "deploy/gunicorn.py": "bind = ':8000'\n",
      "gunicorn.conf.py": PRELOAD,
    });
    expect(eps.map((e) => [e.location.startLine, e.preload.kind])).toEqual([
      [1, "off"],
      [2, "on"],
    ]);
    expect(eps[1]?.preloadLocation?.path).toBe("gunicorn.conf.py");
  });

  it("is an entry point of its own when no gunicorn command is known", async () => {
    const eps = await entryPointsOf({ "gunicorn.conf.py": PRELOAD, "uwsgi.ini": "[uwsgi]\nlazy-apps = true\n" });
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([
      ["gunicorn.conf.py", "on"],
      ["uwsgi.ini", "off"],
    ]);
  });

  it("is not read when a -c config is outside the repository either", async () => {
    const eps = await entryPointsOf({ Procfile: "web: gunicorn -c /etc/gunicorn.py proj.wsgi\n", "gunicorn.conf.py": PRELOAD });
    expect(eps.map((e) => e.preload.kind)).toEqual(["off"]);
  });

  it("is looked up in the command's working directory when its file sets one", async () => {
    const files = {
      Dockerfile: "FROM python:3.12\nWORKDIR /srv/app/src\nCMD gunicorn proj.wsgi\n",
      "gunicorn.conf.py": "workers = 2\n",
      "src/gunicorn.conf.py": PRELOAD,
    };
    const [ep, ...rest] = await entryPointsOf(files);
    expect(rest).toEqual([]);
    expect(ep?.preloadLocation?.path).toBe("src/gunicorn.conf.py");
    expect(ep?.notes[0]).toBe("config file src/gunicorn.conf.py: gunicorn.conf.py in the working directory /srv/app/src, read by default");
  });

  it("leaves startup work at warning level in the fixture where -c names a config without preload", async () => {
    const root = fileURLToPath(new URL("../fixtures/", import.meta.url));
    const name = discoverProjects(root).find((n) => n.endsWith("default-config-overridden"))!;
    const project = loadProject(root, name);
    const result = await analyze(project.tree, project.config);
    const startup = result.findings.filter((f) => f.ruleId === "FS101");
    expect(startup.length).toBe(1);
    expect(startup.map((f) => f.severity)).toEqual(["warning"]);
    expect(result.findings.filter((f) => f.ruleId === "FS110")).toEqual([]);
  });
});
