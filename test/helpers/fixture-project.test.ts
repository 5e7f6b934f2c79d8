// Loading a fixture project: every file, the forksafe.yml beside it, and clear errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { discoverProjects, loadProject } from "./fixture-project.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "forksafe-fixtures-"));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function put(rel: string, content: string | Buffer): void {
  const full = path.join(root, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

test("discovers group/name directories and loads every file, reporting non-text ones as skipped", async () => {
  put("startup/one/shop/apps.py", "x = 1\n");
  put("startup/one/shop/legacy.py", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  put("startup/one/logo.png", Buffer.from([0x89, 0x50, 0x00, 0x47]));
  put("servers/two/Procfile", "web: gunicorn app.wsgi --preload\n");
  put("README.md", "not a project\n");

  expect(discoverProjects(root)).toEqual(["servers/two", "startup/one"]);
  const project = loadProject(root, "startup/one");
  expect(Object.keys(project.files)).toEqual(["shop/apps.py"]);
  expect(await project.tree.paths()).toEqual(["logo.png", "shop/apps.py", "shop/legacy.py"]);
  expect(await project.tree.read(["shop/legacy.py", "logo.png", "missing.py"])).toEqual([
    { path: "shop/legacy.py", skipped: "not UTF-8 text" },
    { path: "logo.png", skipped: "binary file" },
    { path: "missing.py", skipped: "not found" },
  ]);
});

test("reads forksafe.yml with the configuration schema", () => {
  put("startup/cfg/forksafe.yml", 'database_calls: [get_setting]\nrules:\n  FS103: "off"\n');
  const config = loadProject(root, "startup/cfg").config;
  expect(config.database_calls).toEqual(["get_setting"]);
  expect(config.rules).toEqual({ FS103: "off" });
});

test("an invalid forksafe.yml is an error naming the file and the key", () => {
  put("startup/bad/forksafe.yml", "rules:\n  FS103: sometimes\n");
  expect(() => loadProject(root, "startup/bad")).toThrow(/startup\/bad\/forksafe\.yml: invalid configuration\n {2}rules\.FS103: /);
});
