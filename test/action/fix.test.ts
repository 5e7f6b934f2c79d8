// The Action with `fix: true`: the fixes written into the workspace, listed (with refusals) in
// the job summary and the log, and the report made on the fixed files.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHOP, tempProject } from "../cli/run-cli.js";
import { runAction } from "./run-action.js";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const root = tempProject(files);
  roots.push(root);
  return root;
}

describe("the Action with fix: true", () => {
  const root = workspace({ ...SHOP, Procfile: "web: gunicorn --preload mysite.wsgi\n", "uwsgi.ini": "[uwsgi]\nmodule = mysite.wsgi\nmaster = true\n" });
  const run = runAction(root, { fix: "true" });
  roots.push(run.runnerTemp);

  it("writes the fixes into the workspace", () => {
    expect(readFileSync(path.join(root, "gunicorn.conf.py"), "utf8")).toContain("    connections.close_all()\n");
    expect(readFileSync(path.join(root, "uwsgi.ini"), "utf8")).toBe("[uwsgi]\nlazy-apps = true\nmodule = mysite.wsgi\nmaster = true\n");
  });

  it("lists them in the job summary and the log, and names the files in an output", () => {
    expect(run.summary).toContain("### Fixes written\n\n2 files changed in the workspace; commit them in a later step to keep them.\n");
    expect(run.summary).toContain(
      "- `gunicorn.conf.py` (new): when_ready closes Django's database connections in the master, before workers fork (FS101, FS110)",
    );
    expect(run.summary).toContain("- `uwsgi.ini`: lazy-apps makes each uWSGI worker load the app itself, after fork (FS101, FS110)");
    expect(run.stdout).toContain("forksafe: fixed uwsgi.ini: lazy-apps makes each uWSGI worker load the app itself, after fork\n");
    expect(run.outputs["fixed-files"]).toBe("gunicorn.conf.py\nuwsgi.ini");
  });

  it("reports what is left after the fixes, and passes when no error is", () => {
    expect(run.summary).toMatch(/^## Forksafe\n\n\d+ findings \(0 errors, \d+ warnings/);
    expect(run.status).toBe(0);
  });
});

describe("fix: true when a fix cannot be placed", () => {
  it("writes nothing for it, lists the refusal with its reason, and reports the finding", () => {
    const root = workspace({ ...SHOP, Procfile: "web: gunicorn --preload -c /etc/shop.py mysite.wsgi\n" });
    const run = runAction(root, { fix: "true" });
    roots.push(run.runnerTemp);
    expect(run.summary).toContain(
      "Not fixed (fix these by hand):\n\n- FS110 `Procfile:1`: Procfile web process: config file /etc/shop.py (-c) is not in the repository",
    );
    expect(run.status).toBe(1);
  });

  it("rejects a fix input that is not true or false", () => {
    const run = runAction(workspace(SHOP), { fix: "yes" });
    roots.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::Forksafe: input fix: must be true or false; got "yes"');
  });
});

describe("fix left at its default", () => {
  it("writes nothing", () => {
    const root = workspace({ ...SHOP, Procfile: "web: gunicorn --preload mysite.wsgi\n" });
    const run = runAction(root, {});
    roots.push(run.runnerTemp);
    expect(run.summary).not.toContain("### Fixes written");
    expect(() => readFileSync(path.join(root, "gunicorn.conf.py"))).toThrow();
  });
});
