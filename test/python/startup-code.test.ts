import { describe, expect, test } from "vitest";
import { APP_CONFIG, found, py, scan } from "./run.js";

const APPS = py(APP_CONFIG, "class ShopConfig(AppConfig):", "    name = 'shop'");

describe("module-level code imported at startup", () => {
  test("models.py, admin.py and what they import run at import time", async () => {
    const files = {
      "shop/apps.py": APPS,
      "shop/models.py": py("from .defaults import DEFAULT", "class Rate(models.Model):", "    pass"),
      "shop/defaults.py": py("from .lookups import first_rate", "DEFAULT = first_rate()"),
      "shop/lookups.py": py("def first_rate():", "    return Rate.objects.first()"),
      "shop/admin.py": py(
        "class RateForm(forms.Form):",
        "    kind = forms.ChoiceField(choices=[(k.pk, k.name) for k in Kind.objects.all()])",
        "    other = forms.ChoiceField(choices=Kind.objects.values_list('pk', 'name'))",
        "    lazy = forms.ModelChoiceField(queryset=Kind.objects.all())",
      ),
    };
    expect(await found(files)).toEqual(["FS102 shop/admin.py:2", "FS102 shop/admin.py:3", "FS102 shop/defaults.py:2", "FS102 shop/lookups.py:2"]);
  });

  test("the message says the module is imported while the app loads, which holds for any framework", async () => {
    const { findings } = await scan({ "shop/apps.py": APPS, "shop/admin.py": py("COUNT = Kind.objects.count()") });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("when shop/admin.py is imported while the app loads. ")]);
  });
});

describe("modules read for their import-time code only", () => {
  test("a module-level call of the module's own function, class or classmethod still follows its body", async () => {
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "from .models import Rate",
        "class ShopConfig(AppConfig):",
        "    name = 'shop'",
        "    def ready(self):",
        "        Rate.warm()",
      ),
      "shop/models.py": py(
        "class Rate(models.Model):",
        "    @classmethod",
        "    def warm(cls):",
        "        return cls.objects.count()",
        "def load():",
        "    return Rate.objects.first()",
        "DEFAULT = load()",
      ),
      "shop/admin.py": py("class Loader:", "    @classmethod", "    def load(cls):", "        return list(Kind.objects.all())", "KINDS = Loader.load()"),
    };
    expect(await found(files)).toEqual([
      "FS101 shop/apps.py:6",
      "FS101 shop/models.py:4",
      "FS102 shop/admin.py:4",
      "FS102 shop/admin.py:5",
      "FS102 shop/models.py:6",
      "FS102 shop/models.py:7",
    ]);
  });
});

describe("wsgi.py and asgi.py", () => {
  test("code after get_wsgi_application() is startup work, through calls too", async () => {
    const files = {
      "mysite/wsgi.py": py(
        "from django.core.wsgi import get_wsgi_application",
        "from mysite.warm import warm",
        "application = get_wsgi_application()",
        "warm()",
        "Site.objects.get_current()",
      ),
      "mysite/warm.py": py("def warm():", "    Rate.objects.count()"),
    };
    expect(await found(files)).toEqual(["FS103 mysite/warm.py:2", "FS103 mysite/wsgi.py:4", "FS103 mysite/wsgi.py:5"]);
  });
});

describe("ready() that closes its connections", () => {
  test("records the close_all() that ends ready() on the work", async () => {
    const { findStartupWork } = await import("../../src/analysis/startup/startup.js");
    const { FileStore } = await import("../../src/analysis/context.js");
    const { memoryTree } = await import("../../src/analysis/source-tree.js");
    const { DEFAULT_CONFIG } = await import("../../src/config/schema.js");
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "from django.db import connections",
        "class C(AppConfig):",
        "    def ready(self):",
        "        X.objects.count()",
        "        connections.close_all()",
      ),
    };
    const paths = Object.keys(files);
    const work = await findStartupWork({
      config: DEFAULT_CONFIG,
      paths,
      pathSet: new Set(paths),
      files: new FileStore(memoryTree(files)),
      parsed: { count: 0 },
    });
    expect(work.map((w) => w.closedInMaster?.startLine)).toEqual([6]);
  });
});

describe("bad input", () => {
  test("a file with nothing usable is skipped with the line of the syntax error", async () => {
    const result = await scan({ "shop/apps.py": APPS, "shop/models.py": py("", "def (: objects", "  = =") });
    expect(result.skipped).toEqual([{ path: "shop/models.py", reason: "syntax error at line 2" }]);
  });

  test("a file with a syntax error elsewhere is still analysed", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "class C(AppConfig):", "    def ready(self):", "        X.objects.count()", "def broken(:"),
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:4"]);
  });
});
