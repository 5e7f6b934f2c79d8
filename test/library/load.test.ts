import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LIBRARY_FORMAT_VERSION } from "../../src/analysis/library/format.js";
import { library, LIBRARY_FILE, libraryLoadMs, loadLibrary } from "../../src/analysis/library/load.js";

const dir = mkdtempSync(path.join(tmpdir(), "forksafe-library-"));

describe("the library summaries file", () => {
  it("ships with the generator's format version (regenerate with npm run summaries when this fails)", () => {
    const raw = JSON.parse(readFileSync(LIBRARY_FILE, "utf8")) as { format: number };
    expect(raw.format).toBe(LIBRARY_FORMAT_VERSION);
  });

  it("covers Django and the packages the fixtures use, each with its version", () => {
    const names = library().packages.map((p) => p.name);
    for (const name of [
      "django",
      "django-mptt",
      "django-treebeard",
      "django-celery-beat",
      "django-taggit",
      "django-guardian",
      "django-waffle",
      "django-constance",
      "django-solo",
      "django-q2",
    ]) {
      expect(names).toContain(name);
    }
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const p of library().packages) expect(p.version).toMatch(/^\d/);
  });

  it("loads once per process, within budget", () => {
    const first = library();
    expect(library()).toBe(first);
    expect(libraryLoadMs()).toBeGreaterThan(0);
  });

  it("fails with a message naming the file when it is missing", () => {
    const missing = path.join(dir, "nowhere.json");
    expect(() => loadLibrary(missing)).toThrow(`Library summaries file ${missing}: not found`);
  });

  it("fails with a message naming the file when it is corrupt", () => {
    const corrupt = path.join(dir, "corrupt.json");
    writeFileSync(corrupt, '{"format": 1, "packages": [');
    expect(() => loadLibrary(corrupt)).toThrow(new RegExp(`${corrupt.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: is not valid JSON`));
    const wrongShape = path.join(dir, "shape.json");
    writeFileSync(wrongShape, JSON.stringify({ format: LIBRARY_FORMAT_VERSION, packages: [], chains: [], modules: [], commands: {} }));
    expect(() => loadLibrary(wrongShape)).toThrow(`key "modules" is not an object`);
  });

  it("fails on another format version, naming both", () => {
    const old = path.join(dir, "old.json");
    writeFileSync(old, JSON.stringify({ format: 0, packages: [], chains: [], modules: {}, commands: {} }));
    expect(() => loadLibrary(old)).toThrow(`has format version 0, this forksafe reads version ${LIBRARY_FORMAT_VERSION}`);
  });
});
