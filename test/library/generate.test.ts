import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateLibrary, type PackageSource } from "../../src/analysis/library/generate.js";
import { LibraryIndex } from "../../src/analysis/library/lookup.js";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/library");

function source(name: string, version: string): PackageSource {
  const dir = path.join(FIXTURES, name);
  const files = new Map<string, string>();
  const visit = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel))) {
      const child = rel ? `${rel}/${entry}` : entry;
      if (statSync(path.join(dir, child)).isDirectory()) visit(child);
      else files.set(child, readFileSync(path.join(dir, child), "utf8"));
    }
  };
  visit("");
  return { name, version, source: `test:${name}`, files };
}

describe("generateLibrary", () => {
  const { data, report } = generateLibrary([source("treelib", "1.0"), source("queuelib", "2.0")]);
  const lib = new LibraryIndex(data);
  // A name the data leaves out has no database work known: "no".
  const verdict = (dotted: string) => {
    const ref = lib.resolve(dotted);
    return (ref ? lib.callVerdict(ref)?.verdict : undefined) ?? { kind: "no" };
  };

  it("finds database work in a manager method, with the chain inside the library", () => {
    const found = verdict("treelib.managers.TreeManager.rebuild");
    expect(found?.kind).toBe("db");
    if (found?.kind !== "db") return;
    expect(found.package).toBe("treelib");
    expect(found.steps.map((s) => `${s.path}:${s.line} ${s.label}`)).toEqual([
      "treelib/managers.py:11 rebuild() calls self._fix_all()",
      "treelib/managers.py:14 `self.all()` evaluates a queryset",
    ]);
  });

  it("calls lazy querysets and registrations no database work", () => {
    expect(verdict("treelib.managers.TreeManager.roots")).toEqual({ kind: "no" });
    expect(verdict("treelib.managers.TreeQuerySet.roots")).toEqual({ kind: "no" });
    expect(verdict("treelib.models.TreeModel.label")).toEqual({ kind: "no" });
    expect(verdict("queuelib.tasks.later")).toEqual({ kind: "no" });
  });

  it("keeps a package of code named migrations, leaves an app's migration files out", () => {
    expect(verdict("treelib.db.migrations.recorder.Recorder.applied")?.kind).toBe("db");
    expect(lib.resolve("treelib.migrations.0001_initial")).toBeUndefined();
    expect(Object.keys(data.modules).some((name) => name.includes("0001_initial"))).toBe(false);
  });

  it("names modules from the one site-packages root, whatever a package ships (a core/wsgi.py)", () => {
    expect(Object.keys(data.modules).every((name) => name.startsWith("treelib") || name.startsWith("queuelib"))).toBe(true);
  });

  it("does not count a thread started inside a library as database work", () => {
    expect(verdict("treelib.workers.start_worker")).toEqual({ kind: "no" });
  });

  it("ends a cycle of calls without a verdict of its own making", () => {
    expect(verdict("treelib.managers.TreeManager.ping")).toEqual({ kind: "no" });
  });

  it("calls getattr dispatch and import_module unknown, and so the functions that call them", () => {
    expect(verdict("treelib.managers.TreeManager.dispatch")?.kind).toBe("unknown");
    expect(verdict("treelib.dynamic.load")).toEqual({ kind: "unknown", reason: "imports a module chosen at run time" });
    expect(verdict("treelib.dynamic.via")).toEqual({ kind: "unknown", reason: "calls a library function whose effect is unknown" });
    expect(verdict("treelib.models.TreeModel.dispatch")?.kind).toBe("unknown");
  });

  it("records a model base's classmethods, its manager and bases, and re-exports", () => {
    expect(verdict("treelib.models.TreeModel.add_root")?.kind).toBe("db");
    expect(verdict("treelib.TreeModel.objects.rebuild")?.kind).toBe("db");
    expect(data.modules["treelib.models"]?.c?.TreeModel?.b).toEqual(["django.db.models.Model"]);
    expect(data.modules["treelib.models"]?.c?.TreeModel?.a).toEqual({ objects: "treelib.managers.TreeManager" });
  });

  it("follows calls from one package into another", () => {
    const found = verdict("queuelib.tasks.schedule");
    expect(found?.kind).toBe("db");
    if (found?.kind !== "db") return;
    expect(found.package).toBe("queuelib");
    expect(found.steps.map((s) => `${s.library.package} ${s.path}:${s.line}`)).toEqual(["queuelib queuelib/tasks.py:5", "treelib treelib/models.py:12"]);
  });

  it("judges each management command by its handle()", () => {
    const [rebuild] = lib.commands("rebuild_tree");
    expect(rebuild?.package).toBe("treelib");
    expect(rebuild?.verdict.kind).toBe("db");
    expect(lib.commands("tree_help")[0]?.verdict).toEqual({ kind: "no" });
    expect(lib.commands("no_such_command")).toEqual([]);
  });

  it("lists a module it cannot parse with the reason, and calls its names unknown", () => {
    expect(report.unparsed).toEqual([{ package: "treelib", path: "treelib/broken.py", reason: expect.stringMatching(/^syntax error at line \d+$/) }]);
    expect(verdict("treelib.broken.anything")?.kind).toBe("unknown");
  });

  it("counts verdicts per package and writes the same data twice", () => {
    const tree = report.packages.find((p) => p.name === "treelib")!;
    expect(tree.db).toBeGreaterThan(0);
    expect(tree.unknown).toBeGreaterThan(0);
    expect(tree.commands).toBe(2);
    const again = generateLibrary([source("queuelib", "2.0"), source("treelib", "1.0")]).data;
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
  });
});
