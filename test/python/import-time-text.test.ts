import { describe, expect, test } from "vitest";
import { ModuleIndex } from "../../src/analysis/project/modules.js";
import { importTimeText } from "../../src/analysis/startup/import-time-text.js";
import { Prefilter } from "../../src/analysis/startup/prefilter.js";
import { py, scan } from "./run.js";

const lines = (text: string) =>
  importTimeText(text)
    ?.code.split("\n")
    .filter((l) => l.trim() !== "");

describe("the import-time lines of a module, from its text", () => {
  test("leave out function bodies, keep decorators, headers and class bodies", () => {
    const text = py(
      "@register(Rate)",
      "def load(limit=Rate.objects.count()):",
      "    return Rate.objects.all()[:limit]",
      "",
      "class Rate(models.Model):",
      "    code = models.CharField()",
      "    def __str__(self):",
      "        return self.code",
      "    label = 'x'",
      "TOTAL = 1",
    );
    expect(lines(text)).toEqual([
      "@register(Rate)",
      "def load(limit=Rate.objects.count()):",
      "class Rate(models.Model):",
      "    code = models.CharField()",
      "    def __str__(self):",
      "    label = 'x'",
      "TOTAL = 1",
    ]);
    expect(importTimeText(text)?.defined).toEqual(["load", "Rate", "__str__"]);
  });

  test("keep a header spread over lines, and what follows a one-line def", () => {
    const text = py("def load(", "    limit=Rate.objects.count(),", "):", "    pass", "def quick(): return 1", "class A:", "    n = Rate.objects.count()");
    expect(lines(text)).toEqual(["def load(", "    limit=Rate.objects.count(),", "):", "def quick(): return 1", "class A:", "    n = Rate.objects.count()"]);
  });

  test("keep a string's lines with the code it starts in, and ignore quotes in comments and short strings", () => {
    const text = py("def f():", '    doc = """', "not code", '"""', "    return 1", '# a comment with """ in it', 'X = \'"""\'', "Y = Rate.objects.count()");
    // A comment line never ends a block: it goes with the body it sits in.
    expect(lines(text)).toEqual(["def f():", 'X = \'"""\'', "Y = Rate.objects.count()"]);
  });

  test("give up on a file whose triple quotes do not pair", () => {
    expect(importTimeText(py("def f():", '    """never closed', "X = 1"))).toBeUndefined();
  });

  test("leave string text out of the stripped code, but keep f-strings whole", () => {
    const stripped = importTimeText(py('"""About Rate."""', "A = 'Rate'", 'B = f"{load()}"'))?.stripped;
    expect(stripped).not.toContain("About");
    expect(stripped).toContain("A = ''");
    expect(stripped).toContain('f"{load()}"');
  });
});

describe("modules whose import cannot touch the database", () => {
  const verdict = (files: Record<string, string>, path: string) => {
    const index = new ModuleIndex(new Set(Object.keys(files)));
    return new Prefilter(index, []).importCannotTouchDatabase(path, { text: (p) => files[p] });
  };
  const models = py("from django.db import models", "class Rate(models.Model):", '    """A Rate."""', "    code = models.CharField()");

  test("a module whose queries are all inside functions", () => {
    const services = py("from .models import Rate", "def warm():", "    return Rate.objects.count()");
    expect(verdict({ "shop/models.py": models, "shop/services.py": services }, "shop/services.py")).toBe(true);
  });

  test("not one that queries, calls its own function, or uses a repository name at import time", () => {
    const cases = [
      py("from .models import Rate", "N = Rate.objects.count()"),
      py("def load():", "    return 1", "VALUE = load()"),
      py("from .models import Rate", "class RateAdmin(admin.ModelAdmin):", "    model = Rate"),
      py("from .models import *", "X = 1"),
      py("from .models import Rate", 'X = f"{Rate.load()}"'),
    ];
    for (const text of cases) expect(verdict({ "shop/models.py": models, "shop/m.py": text }, "shop/m.py"), text).toBe(false);
  });

  test("not one that imports a module whose import can touch the database", () => {
    const files = {
      "shop/models.py": models,
      "shop/defaults.py": "from .models import Rate\nFIRST = Rate.objects.first()\n",
      "shop/m.py": "from . import defaults\n",
    };
    expect(verdict(files, "shop/m.py")).toBe(false);
  });
});

describe("a module imported from ready() for its import alone", () => {
  test("is left unparsed when importing it cannot query, and still followed when a call needs it", async () => {
    const files = {
      "shop/apps.py": py(
        "from django.apps import AppConfig",
        "class ShopConfig(AppConfig):",
        "    def ready(self):",
        "        from . import signals, services",
        "        services.warm()",
      ),
      "shop/models.py": py("from django.db import models", "class Rate(models.Model):", "    pass"),
      "shop/signals.py": py("from .models import Rate", "def on_saved(sender, **kwargs):", "    Rate.objects.update(stale=True)"),
      "shop/services.py": py("from .models import Rate", "def warm():", "    return Rate.objects.count()"),
    };
    const result = await scan(files);
    expect(result.findings.map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(["shop/services.py:3"]);
    expect(result.stats.filesParsed).toBe(2);
  });
});
