import { describe, expect, test } from "vitest";
import { appEntry, readProjectFile } from "../../src/analysis/project/project-files.js";
import { parseSetupCfg } from "../../src/analysis/project/setup-cfg.js";
import { sysPathRoots } from "../../src/analysis/project/sys-path.js";
import { py } from "./run.js";

describe("packaging files", () => {
  test("pyproject.toml: setuptools package-dir and find where, poetry packages, hatch packages and sources", () => {
    const toml = [
      "[project]",
      'name = "x"',
      "[tool.setuptools]",
      'package-dir = { "" = "src", "pay" = "vendor/pay_src" }',
      "[tool.setuptools.packages.find]",
      'where = ["lib"]',
      "[tool.poetry]",
      'packages = [{ include = "billing", from = "components" }, { include = "top" }]',
      "[tool.hatch.build.targets.wheel]",
      'packages = ["hatched/pkg"]',
      "[tool.hatch.build.targets.wheel.sources]",
      '"code" = ""',
      '[project.entry-points."lms.djangoapp"]',
      'badges = "badges.apps:BadgesConfig"',
      '[project.entry-points."console_scripts"]',
      'run = "tools.cli:main"',
    ].join("\n");
    expect(readProjectFile("backend/pyproject.toml", toml)).toEqual({
      roots: ["backend/", "backend/src/", "backend/lib/", "backend/components/", "backend/hatched/", "backend/code/"],
      packages: [["pay", "backend/vendor/pay_src"]],
      apps: ["badges.apps.BadgesConfig"],
    });
  });

  test("a pyproject.toml holding only tool settings names no root; invalid TOML is an error naming the problem", () => {
    expect(readProjectFile("pyproject.toml", "[tool.black]\nline-length = 100\n").roots).toEqual([]);
    expect(() => readProjectFile("pyproject.toml", "[project\nname = 1")).toThrow(/invalid TOML/);
  });

  test("setup.cfg: multi-line package_dir, find: with where, entry points", () => {
    const cfg = [
      "[metadata]",
      "name = x",
      "[options]",
      "package_dir =",
      "    =src",
      "    extra = third/extra",
      "packages = find:",
      "[options.packages.find]",
      "where = src",
      "[options.entry_points]",
      "cms.djangoapp =",
      "    grading = grading.boot:GradingConfig",
      "    notes = notes",
      "console_scripts =",
      "    run = tools.cli:main",
    ].join("\n");
    expect(readProjectFile("plugin/setup.cfg", cfg)).toEqual({
      roots: ["plugin/", "plugin/src/"],
      packages: [["extra", "plugin/third/extra"]],
      apps: ["grading.boot.GradingConfig", "notes"],
    });
    expect(parseSetupCfg("[a]\nk: v\n  more\n# c\n").get("a")?.get("k")).toBe("v\nmore");
  });

  test("setup.py, read without running it: package_dir, find_packages, entry_points through a name", () => {
    const setup = py(
      "from setuptools import find_packages, setup",
      'APPS = {"lms.djangoapp": ["badges = badges.plugin:BadgesAppConfig"], "other": ["x = y:Z"]}',
      'setup(name="x", package_dir={"": "old"}, packages=find_packages(where="old"), entry_points=APPS)',
    );
    expect(readProjectFile("tools/setup.py", setup)).toEqual({ roots: ["tools/", "tools/old/"], packages: [], apps: ["badges.plugin.BadgesAppConfig"] });
    expect(readProjectFile("shop/setup.py", "class Setup: pass\n").roots).toEqual([]);
  });

  test("entry point values: a class, a module, extras", () => {
    expect(appEntry("a = pkg.apps:PkgConfig")).toBe("pkg.apps.PkgConfig");
    expect(appEntry("a = pkg")).toBe("pkg");
    expect(appEntry("a = pkg:default_app_config [extra]")).toBe("pkg");
    expect(appEntry("not a spec")).toBeUndefined();
  });
});

describe("sys.path edits", () => {
  const paths = new Set(["manage.py", "site/settings.py", "apps/shop/models.py", "integrations/wire/sync.py", "lib/x.py"]);

  test("BASE_DIR from os.path or pathlib, joined with a folder; insert(0) goes first", () => {
    const settings = py(
      "import os, sys",
      "from pathlib import Path",
      "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
      'sys.path.insert(0, os.path.join(BASE_DIR, "apps"))',
      "ROOT = Path(__file__).resolve().parent.parent",
      'sys.path.append(str(ROOT / "integrations"))',
      'sys.path.extend([Path(__file__).resolve().parents[1] / "lib"])',
      'sys.path.append("/opt/elsewhere")',
      'sys.path.append(os.path.join(BASE_DIR, "missing"))',
    );
    expect(sysPathRoots("site/settings.py", settings, paths)).toEqual([
      { dir: "apps/", first: true },
      { dir: "integrations/", first: false },
      { dir: "lib/", first: false },
    ]);
  });

  test("a relative literal is taken from the directory of manage.py", () => {
    expect(sysPathRoots("site/settings.py", py("import sys", 'sys.path.insert(0, "apps")'), paths)).toEqual([{ dir: "apps/", first: true }]);
    expect(sysPathRoots("site/settings.py", py("import sys", 'sys.path.insert(0, "../../outside")'), paths)).toEqual([]);
  });
});
