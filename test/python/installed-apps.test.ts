import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analysis/analyze.js";
import { appRootsOf } from "../../src/analysis/project/installed-apps.js";
import { ModuleIndex } from "../../src/analysis/project/modules.js";
import { listValue, namedSettingsModules, readSettings, type SettingsModule } from "../../src/analysis/project/settings.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { APP_CONFIG, found, py } from "./run.js";

function installedApps(files: Record<string, string>, path: string): string[] {
  const index = new ModuleIndex(new Set(Object.keys(files)));
  const modules = new Map<string, SettingsModule>();
  for (const [p, text] of Object.entries(files)) modules.set(p, readSettings(p, text, index));
  return listValue("INSTALLED_APPS", path, modules);
}

describe("reading INSTALLED_APPS", () => {
  test("lists, tuples, +=, +, splats, append, extend, insert, and code under if", () => {
    const settings = py(
      'BASE = ("django.contrib.auth",)',
      'EXTRA = ["extra"]',
      'INSTALLED_APPS = [*BASE, "shop"] + EXTRA',
      'INSTALLED_APPS += ("billing.apps.BillingConfig",)',
      'INSTALLED_APPS.append("reports")',
      'INSTALLED_APPS.extend(["search"])',
      'INSTALLED_APPS.insert(0, "first")',
      "if DEBUG:",
      '    INSTALLED_APPS += ["debug_toolbar"]',
      'INSTALLED_APPS.append(f"{NAME}.apps")',
    );
    expect(installedApps({ "config/settings.py": settings }, "config/settings.py")).toEqual([
      "django.contrib.auth",
      "shop",
      "extra",
      "billing.apps.BillingConfig",
      "reports",
      "search",
      "first",
      "debug_toolbar",
    ]);
  });

  test("names imported from another settings module, with * or by name", () => {
    const files = {
      "config/__init__.py": "",
      "config/base.py": py('LOCAL_APPS = ["shop"]', "INSTALLED_APPS = LOCAL_APPS"),
      "config/prod.py": py("from .base import *", 'INSTALLED_APPS += ["billing"]'),
      "config/dev.py": py("from config.base import LOCAL_APPS", 'INSTALLED_APPS = LOCAL_APPS + ["debug"]'),
    };
    expect(installedApps(files, "config/prod.py")).toEqual(["shop", "billing"]);
    expect(installedApps(files, "config/dev.py")).toEqual(["shop", "debug"]);
  });

  test("DJANGO_SETTINGS_MODULE from setdefault or an assignment", () => {
    expect(namedSettingsModules(py("import os", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.prod")'))).toEqual(["config.prod"]);
    expect(namedSettingsModules(py("import os", 'os.environ["DJANGO_SETTINGS_MODULE"] = "config.dev"'))).toEqual(["config.dev"]);
    expect(namedSettingsModules(py("import os", 'os.environ.setdefault("OTHER", "x")'))).toEqual([]);
  });
});

describe("INSTALLED_APPS entries as startup roots", () => {
  const index = new ModuleIndex(new Set(["shop/__init__.py", "shop/apps.py", "shop/models.py", "billing/__init__.py", "billing/conf.py", "billing/admin.py"]));

  test("a package names its apps.py, its __init__.py, models.py and admin.py; a dotted path its class's module", () => {
    expect(appRootsOf("shop", index)).toEqual({ appModule: "shop/apps.py", imported: ["shop/__init__.py", "shop/models.py"] });
    expect(appRootsOf("billing.conf.BillingConfig", index)).toEqual({
      appModule: "billing/conf.py",
      appClass: "BillingConfig",
      imported: ["billing/__init__.py", "billing/admin.py"],
    });
    expect(appRootsOf("django.contrib.auth", index)).toBeUndefined();
    expect(appRootsOf("not a module", index)).toBeUndefined();
  });

  test("edge cases: a class in the package's __init__.py, a class in an apps/ package, an app found from the settings file's ancestors", () => {
    const more = new ModuleIndex(
      new Set([
        "legacy/__init__.py",
        "legacy/models.py",
        "blog/__init__.py",
        "blog/apps/__init__.py",
        "blog/models.py",
        "svc/api/shop/models.py",
        "svc/api/conf/settings.py",
      ]),
    );
    expect(appRootsOf("legacy.LegacyConfig", more)).toEqual({ appModule: "legacy/__init__.py", appClass: "LegacyConfig", imported: ["legacy/models.py"] });
    expect(appRootsOf("blog.apps.BlogConfig", more)).toEqual({
      appModule: "blog/apps/__init__.py",
      appClass: "BlogConfig",
      imported: ["blog/__init__.py", "blog/models.py"],
    });
    expect(appRootsOf("shop", more)).toBeUndefined();
    expect(appRootsOf("shop", more, "svc/api/conf/settings.py")).toEqual({ imported: ["svc/api/shop/models.py"] });
  });

  test("a sys.path edit in a settings module read in a later batch re-reads what was summarised before it", async () => {
    const files = {
      "manage.py": py("import os", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deploy.conf.live")'),
      "deploy/__init__.py": "",
      "deploy/conf/__init__.py": "",
      "deploy/conf/live.py": py(
        "import sys",
        "from pathlib import Path",
        'sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "components"))',
        'INSTALLED_APPS = ["shop"]',
      ),
      "components/pricing/__init__.py": "",
      "components/pricing/load.py": py("def rates():", "    return Rate.objects.count()"),
      "shop/__init__.py": "",
      "shop/apps.py": py(APP_CONFIG, "from pricing.load import rates", "class ShopConfig(AppConfig):", "    def ready(self):", "        rates()"),
    };
    expect(await found(files)).toEqual(["FS101 components/pricing/load.py:2", "FS101 shop/apps.py:5"]);
  });

  test("an apps.py that INSTALLED_APPS does not list is still analysed", async () => {
    const files = {
      "manage.py": py("import os", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")'),
      "config/__init__.py": "",
      "config/settings.py": py('INSTALLED_APPS = ["django.contrib.auth"]'),
      "shop/__init__.py": "",
      "shop/apps.py": py(
        APP_CONFIG,
        "from django.contrib.sites.models import Site",
        "class ShopConfig(AppConfig):",
        "    def ready(self):",
        "        Site.objects.get_current()",
      ),
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:5"]);
  });

  test("settings are read in the first batch, with the apps.py files", async () => {
    const files = {
      "manage.py": py("import os", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")'),
      "config/__init__.py": "",
      "config/settings.py": py('INSTALLED_APPS = ["shop"]'),
      "shop/__init__.py": "",
      "shop/apps.py": py(
        APP_CONFIG,
        "from django.contrib.sites.models import Site",
        "class ShopConfig(AppConfig):",
        "    def ready(self):",
        "        Site.objects.get_current()",
      ),
    };
    const tree = memoryTree(files);
    const batches: string[][] = [];
    const read = tree.read.bind(tree);
    tree.read = async (paths) => {
      batches.push(paths);
      return read(paths);
    };
    const result = await analyze(tree, DEFAULT_CONFIG);
    expect(result.findings.map((f) => f.location.path)).toContain("shop/apps.py");
    expect(batches[0]).toEqual(expect.arrayContaining(["shop/apps.py", "config/settings.py", "manage.py"]));
  });
});
