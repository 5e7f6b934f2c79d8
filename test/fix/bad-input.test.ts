// Bad input: a config that does not parse, a config that is a link out of the repository, a
// binary config, and files that change between the plan and the write. Each gives a clear
// reason and nothing is written.
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/sources/fs-tree.js";
import { writePlan } from "../../src/sources/write-plan.js";
import { cleanUp, copyOf, FIXTURES, planDirectory, tempDir } from "./fix-project.js";

afterAll(cleanUp);

/** The fixture's Django project with a `--preload` Procfile, and `config` as its gunicorn.conf.py. */
function withConfig(config: string | Buffer | { linkTo: string }): string {
  const dir = copyOf("master-close-create");
  const file = path.join(dir, "gunicorn.conf.py");
  if (typeof config === "object" && "linkTo" in config) symlinkSync(config.linkTo, file);
  else writeFileSync(file, config);
  return dir;
}

describe("a config file that cannot be edited", () => {
  it("refuses a gunicorn.conf.py that does not parse, naming the line", async () => {
    const plan = await planDirectory(withConfig("preload_app = True\n\ndef when_ready(server)\n    pass\n"));
    expect(plan.changes).toEqual([]);
    expect(plan.refusals.map((r) => r.reason)).toContain("gunicorn.conf.py does not parse as Python (line 3)");
  });

  it("refuses a gunicorn.conf.py that links to a file outside the repository, and does not replace the link", async () => {
    const outside = tempDir();
    writeFileSync(path.join(outside, "gunicorn.conf.py"), "workers = 2\n");
    const dir = withConfig({ linkTo: path.join(outside, "gunicorn.conf.py") });
    const plan = await planDirectory(dir);
    expect(plan.changes).toEqual([]);
    expect(plan.refusals[0]!.reason).toBe("gunicorn.conf.py: symbolic link to a file outside the scanned directory: not read");
    expect(readFileSync(path.join(outside, "gunicorn.conf.py"), "utf8")).toBe("workers = 2\n");
  });

  it("refuses a binary file where the config is expected", async () => {
    const plan = await planDirectory(withConfig(Buffer.from([0x70, 0x72, 0x00, 0xff, 0x0a])));
    expect(plan.changes).toEqual([]);
    expect(plan.refusals[0]!.reason).toBe("gunicorn.conf.py: binary file (contains a NUL byte)");
  });

  it("refuses a uWSGI ini that does not read as ini", async () => {
    const dir = copyOf("uwsgi-ini");
    writeFileSync(path.join(dir, "deploy/uwsgi.ini"), "[uwsgi]\nmodule = mysite.wsgi\nmaster = true\nthis line is not ini\n");
    const plan = await planDirectory(dir);
    expect(plan.changes).toEqual([]);
    expect(plan.refusals[0]!.reason).toBe("deploy/uwsgi.ini does not read as an ini file (line 4)");
  });
});

describe("writing a plan", () => {
  it("writes nothing when a file changed since it was planned", async () => {
    const dir = copyOf("master-close-config");
    const plan = await planDirectory(dir);
    writeFileSync(path.join(dir, "gunicorn.conf.py"), "workers = 1\n");
    expect(() => writePlan(dir, plan)).toThrow(new UsageError("gunicorn.conf.py: changed since it was read; nothing written"));
    expect(readFileSync(path.join(dir, "gunicorn.conf.py"), "utf8")).toBe("workers = 1\n");
  });

  it("writes nothing when a file it would create has appeared", async () => {
    const dir = copyOf("master-close-create");
    const plan = await planDirectory(dir);
    writeFileSync(path.join(dir, "gunicorn.conf.py"), "workers = 1\n");
    expect(() => writePlan(dir, plan)).toThrow(/gunicorn\.conf\.py: exists now, but the fix would create it; nothing written/);
  });

  it("checks every file before writing any", async () => {
    const dir = tempDir();
    cpSync(path.join(FIXTURES, "master-close-config"), dir, { recursive: true });
    const plan = await planDirectory(dir);
    const both = { ...plan, changes: [...plan.changes, { path: "../escape.py", before: null, after: "x = 1\n", descriptions: [], ruleIds: [] }] };
    expect(() => writePlan(dir, both)).toThrow(/escape\.py: outside/);
    expect(readFileSync(path.join(dir, "gunicorn.conf.py"), "utf8")).toBe(plan.changes[0]!.before);
    expect(existsSync(path.join(dir, "..", "escape.py"))).toBe(false);
  });

  it("does not create a file through a directory that links out of the repository", async () => {
    const dir = tempDir();
    const outside = tempDir();
    mkdirSync(path.join(dir, "sub"));
    symlinkSync(outside, path.join(dir, "sub", "out"));
    const plan = { changes: [{ path: "sub/out/gunicorn.conf.py", before: null, after: "x = 1\n", descriptions: [], ruleIds: [] }], refusals: [] };
    expect(() => writePlan(dir, plan)).toThrow(/its directory leads outside/);
    expect(existsSync(path.join(outside, "gunicorn.conf.py"))).toBe(false);
  });
});
