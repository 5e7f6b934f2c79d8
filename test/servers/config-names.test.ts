// Deploy files under other names (uWSGI ini templates, Dockerfile-x86_64, web.Dockerfile), and the
// uWSGI options that name the served module or fork without a master.
import { describe, expect, it } from "vitest";
import { fileKind } from "../../src/analysis/servers/candidates.js";
import { findEntryPoints } from "../../src/analysis/servers/index.js";
import { servedAppsOf } from "../../src/analysis/servers/served-apps.js";
import { contextOf, entryPointsOf } from "./helpers.js";

describe("file names", () => {
  it.each([
    ["deploy/uwsgi.ini.template", "ini"],
    ["ansible/templates/app.ini.j2", "ini"],
    ["app.ini", "ini"],
    ["conf/my-uwsgi-prod.ini", "ini"],
    ["Dockerfile-x86_64", "dockerfile"],
    ["Dockerfile.prod", "dockerfile"],
    ["docker/web.Dockerfile", "dockerfile"],
    ["uwsgi.dockerfile", "dockerfile"],
  ])("reads %s as %s", (path, kind) => {
    expect(fileKind(path)).toBe(kind);
  });

  it.each([["README.ini.md"], ["Dockerfiles.txt"], ["notes.j2"]])("leaves %s alone", (path) => {
    expect(fileKind(path)).toBeUndefined();
  });

  it("finds the launch in a Dockerfile-x86_64", async () => {
    const eps = await entryPointsOf({ "Dockerfile-x86_64": 'FROM python:3.12\nCMD ["gunicorn", "--preload", "app:app"]\n' });
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([["Dockerfile-x86_64 CMD", "on"]]);
  });
});

describe("uWSGI served modules", () => {
  async function served(files: Record<string, string>): Promise<string[]> {
    const ctx = contextOf(files);
    await findEntryPoints(ctx);
    return servedAppsOf(ctx).map((app) => app.path);
  }

  it("serves the file wsgi-file names, beside the ini first", async () => {
    const files = { "deploy/uwsgi.ini": "[uwsgi]\nwsgi-file = ../manage.py\ncallable = app\n", "manage.py": "app = None\n", "deploy/manage.py": "" };
    expect(await served(files)).toEqual(["manage.py"]);
  });

  it("serves module = with callable =", async () => {
    expect(await served({ "app.ini": "[uwsgi]\nmodule = shop.web\ncallable = app\n", "shop/web.py": "app = None\n" })).toEqual(["shop/web.py"]);
  });

  it("serves nothing it cannot find", async () => {
    expect(await served({ "uwsgi.ini": "[uwsgi]\nwsgi-file = /srv/missing.py\n" })).toEqual([]);
  });
});

describe("uWSGI processes without a master", () => {
  it("says the first process loads the app and forks the others", async () => {
    const [ep] = await entryPointsOf({ "uwsgi.ini": "[uwsgi]\nmodule = app\nprocesses = 4\n" });
    expect(ep?.preload.kind).toBe("on");
    expect(ep?.notes).toContain(
      "processes = 4 without master: the first process loads the app, then forks the other 3 from itself, so it still loads before fork",
    );
  });

  it.each([
    ["[uwsgi]\nmodule = app\nprocesses = 4\nmaster = true\n"],
    ["[uwsgi]\nmodule = app\nprocesses = 4\ncheaper = 2\n"],
    ["[uwsgi]\nmodule = app\nprocesses = 1\n"],
    ["[uwsgi]\nmodule = app\nprocesses = 4\nlazy-apps = true\n"],
  ])("says nothing of it with a master, one process or lazy-apps: %j", async (text) => {
    const [ep] = await entryPointsOf({ "uwsgi.ini": text });
    expect(ep?.notes.some((n) => n.includes("without master"))).toBe(false);
  });

  it("reads --processes and --master on the command line", async () => {
    const eps = await entryPointsOf({ Procfile: "a: uwsgi --module app --processes 3\nb: uwsgi --module app -M -p 3\n" });
    expect(eps.map((e) => e.notes.some((n) => n.startsWith("processes = 3 without master")))).toEqual([true, false]);
  });
});
