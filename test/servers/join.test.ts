import { describe, expect, it } from "vitest";
import { parsePython } from "../../src/analysis/summaries/parser.js";
import { readGunicornConfig } from "../../src/analysis/servers/gunicorn-config.js";
import { findEntryPoints } from "../../src/analysis/servers/index.js";
import { joinEntryPoints } from "../../src/analysis/servers/join.js";
import type { StartupWork } from "../../src/analysis/startup-work.js";
import type { Edit, Location } from "../../src/analysis/types.js";
import { readUwsgiConfig } from "../../src/analysis/servers/uwsgi-config.js";
import { contextOf } from "./helpers.js";

const READY: Location = { path: "shop/apps.py", startLine: 7, startColumn: 9, endLine: 7, endColumn: 40 };
const work = (extra: Partial<StartupWork> = {}): StartupWork => ({
  ruleId: "FS101",
  location: READY,
  message: "`Rate.objects.get()` queries the database in ShopConfig.ready()",
  chain: [],
  ...extra,
});

async function join(files: Record<string, string>, startup: StartupWork[] = [work()]) {
  const ctx = contextOf(files);
  const entryPoints = await findEntryPoints(ctx);
  return joinEntryPoints(startup, entryPoints, ctx);
}

/** Applies single-line edits to a file's text. */
function apply(text: string, edits: Edit[]): string {
  const lines = text.split("\n");
  for (const { location, replacement } of [...edits].reverse()) {
    const line = lines[location.startLine - 1]!;
    lines[location.startLine - 1] = line.slice(0, location.startColumn - 1) + replacement + line.slice(location.endColumn - 1);
  }
  return lines.join("\n");
}

const CONFIG = "bind = '0.0.0.0:8000'\npreload_app = True\nworkers = 4\n";

describe("the join", () => {
  it("makes startup work an error under preload with no close, naming the entry point", async () => {
    const findings = await join({ Procfile: "web: gunicorn proj.wsgi\n", "gunicorn.conf.py": CONFIG });
    const fs101 = findings.find((f) => f.ruleId === "FS101")!;
    expect(fs101.severity).toBe("error");
    expect(fs101.entryPoints).toEqual([
      expect.objectContaining({ server: "gunicorn", source: "Procfile web process", summary: "preload_app = True (gunicorn.conf.py:2), no close before fork" }),
    ]);
    expect(fs101.message).toMatch(/Loaded before fork, with no close first, by Procfile web process\.$/);
  });

  it("reports FS110 on the preload_app line with the work in related, and an exact when_ready fix", async () => {
    const findings = await join({ Procfile: "web: gunicorn proj.wsgi\nalt: gunicorn -b :9000 proj.wsgi\n", "gunicorn.conf.py": CONFIG });
    const fs110 = findings.filter((f) => f.ruleId === "FS110");
    expect(fs110).toHaveLength(1);
    expect(fs110[0]!).toMatchObject({ severity: "error", location: { path: "gunicorn.conf.py", startLine: 2 } });
    expect(fs110[0]!.entryPoints).toHaveLength(2);
    expect(fs110[0]!.related).toEqual([{ location: READY, label: work().message }]);
    const fixed = apply(CONFIG, fs110[0]!.fix!.edits!);
    expect(fixed).toContain("preload_app = True\n\n\ndef when_ready(server):");
    const tree = parsePython(fixed);
    expect(tree.rootNode.hasError).toBe(false);
    expect(readGunicornConfig("gunicorn.conf.py", tree.rootNode).masterClose?.hook).toBe("when_ready");
  });

  it("offers no edit when a when_ready hook exists but does not close", async () => {
    const config = "preload_app = True\ndef when_ready(server):\n    server.log.info('up')\n";
    const fs110 = (await join({ "gunicorn.conf.py": config })).find((f) => f.ruleId === "FS110")!;
    expect(fs110.fix?.edits).toBeUndefined();
    expect(fs110.fix?.description).toMatch(/existing `when_ready` hook/);
  });

  it("reports --preload on the command line and notes gevent workers", async () => {
    const findings = await join({ Procfile: "web: gunicorn -k gevent --preload proj.wsgi\n" });
    const fs110 = findings.find((f) => f.ruleId === "FS110")!;
    expect(fs110.location).toMatchObject({ path: "Procfile", startLine: 1, startColumn: 25 });
    expect(fs110.message).toMatch(/^`--preload` makes gunicorn load the app/);
    expect(fs110.message).toMatch(/gevent workers/);
    expect(fs110.fix?.edits).toBeUndefined();
  });

  it("makes work a note when connections close only in workers, with FS112 on the close", async () => {
    const findings = await join({
      "gunicorn.conf.py": "preload_app = True\ndef post_fork(server, worker):\n    from django.db import connections\n    connections.close_all()\n",
    });
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.startLine])).toEqual([
      ["FS101", "note", 7],
      ["FS112", "note", 4],
    ]);
  });

  it("keeps work a warning when every pre-fork entry point closes in the master, and says so", async () => {
    const findings = await join({
      "gunicorn.conf.py": "preload_app = True\ndef when_ready(server):\n    from django.db import connections\n    connections.close_all()\n",
    });
    expect(findings.map((f) => f.ruleId)).toEqual(["FS101"]);
    expect(findings[0]!.severity).toBe("warning");
    expect(findings[0]!.message).toMatch(/Every entry point that loads the app before fork closes connections first \(gunicorn.conf.py\)/);
    expect(findings[0]!.entryPoints[0]?.summary).toMatch(/connections closed before fork \(gunicorn.conf.py:4\)/);
  });

  it("treats ready() that ends with close_all() as a master-side close", async () => {
    const findings = await join({ "gunicorn.conf.py": CONFIG }, [work({ closedInMaster: { ...READY, startLine: 9 } })]);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([["FS101", "warning"]]);
    expect(findings[0]!.message).toMatch(/shop\/apps.py:9/);
  });

  it("is a warning when preload depends on a variable that is off by default", async () => {
    const config = 'import os\npreload_app = os.environ.get("PRELOAD", "false") == "true"\n';
    const findings = await join({ "gunicorn.conf.py": config });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["FS101", "warning"],
      ["FS110", "warning"],
    ]);
    expect(findings[0]!.entryPoints[0]?.summary).toMatch(/^preload depends on PRELOAD, default off/);
  });

  it("is a warning with no entry point, and with only non-preload entry points named", async () => {
    expect((await join({}))[0]).toMatchObject({ severity: "warning", entryPoints: [] });
    const plain = (await join({ Procfile: "web: gunicorn proj.wsgi\n" }))[0]!;
    expect(plain.severity).toBe("warning");
    expect(plain.entryPoints[0]?.summary).toBe("no preload: each worker loads the app");
  });

  it("reports no FS110 without startup work", async () => {
    expect(await join({ "gunicorn.conf.py": CONFIG }, [])).toEqual([]);
  });

  it("suggests lazy-apps for a uWSGI ini file, and the edit turns pre-fork off", async () => {
    const ini = "[uwsgi]\nmodule = proj.wsgi\n";
    const fs110 = (await join({ "uwsgi.ini": ini })).find((f) => f.ruleId === "FS110")!;
    expect(fs110.message).toMatch(/^`uWSGI without lazy-apps` makes uWSGI load/);
    const fixed = apply(ini, fs110.fix!.edits!);
    const config = readUwsgiConfig("uwsgi.ini", fixed, "ini");
    expect(typeof config === "object" && config.preload).toEqual({ kind: "off" });
  });

  it("reports FS111 with a rename edit that turns preload on", async () => {
    const config = "workers = 2\nPRELOAD_APP = True\n";
    const fs111 = (await join({ "gunicorn.conf.py": config }, [])).filter((f) => f.ruleId === "FS111");
    expect(fs111).toHaveLength(1);
    expect(fs111[0]!).toMatchObject({ severity: "warning", location: { startLine: 2 } });
    const fixed = apply(config, fs111[0]!.fix!.edits!);
    expect(fixed).toBe("workers = 2\npreload_app = True\n");
  });
});
