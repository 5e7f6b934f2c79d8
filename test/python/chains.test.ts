import { describe, expect, test } from "vitest";
import { APP_CONFIG, chains, found, py } from "./run.js";

const MODELS = py(
  "from django.db import models",
  "class Rate(models.Model):",
  "    @classmethod",
  "    def load(cls):",
  "        return cls.objects.get(code='EUR')",
);

describe("AppConfig detection", () => {
  test("finds AppConfig under an alias and a module path", async () => {
    const files = {
      "a/apps.py": py("from django.apps import AppConfig as Base", "class A(Base):", "    def ready(self):", "        self.n = X.objects.count()"),
      "b/apps.py": py("import django.apps", "class B(django.apps.AppConfig):", "    def ready(self):", "        self.n = X.objects.count()"),
      "c/apps.py": py("from django import apps", "class C(apps.AppConfig):", "    def ready(self):", "        self.n = X.objects.count()"),
      "d/apps.py": py("class NotAConfig(object):", "    def ready(self):", "        X.objects.count()"),
    };
    expect(await found(files)).toEqual(["FS101 a/apps.py:4", "FS101 b/apps.py:4", "FS101 c/apps.py:4"]);
  });

  test("follows an intermediate base class in another module, and super().ready()", async () => {
    const files = {
      "core/base.py": py(APP_CONFIG, "class BaseConfig(AppConfig):", "    def ready(self):", "        Flag.objects.first()"),
      "shop/apps.py": py("from core.base import BaseConfig", "class ShopConfig(BaseConfig):", "    name = 'shop'"),
      "blog/apps.py": py(
        "from core.base import BaseConfig",
        "class BlogConfig(BaseConfig):",
        "    def ready(self):",
        "        super().ready()",
        "        Post.objects.exists()",
      ),
    };
    // ShopConfig inherits ready(); BlogConfig reaches it through super().ready().
    expect(await found(files)).toEqual(["FS101 blog/apps.py:4", "FS101 blog/apps.py:5", "FS101 core/base.py:4", "FS101 core/base.py:4"]);
  });
});

describe("call chains", () => {
  test("follows relative imports, module aliases and classmethods of models, with labels", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "from .services import warm_cache", "class ShopConfig(AppConfig):", "    def ready(self):", "        warm_cache()"),
      "shop/services.py": py("import shop.tasks as t", "def warm_cache():", "    t.load_rates()"),
      "shop/tasks.py": py("def load_rates():", "    from .models import Rate", "    Rate.load()"),
      "shop/models.py": MODELS,
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:5", "FS101 shop/models.py:5"]);
    expect(await chains(files)).toEqual([
      ["shop/apps.py:5 ready() calls warm_cache()", "shop/services.py:3 warm_cache() calls t.load_rates()", "shop/tasks.py:3 load_rates() calls Rate.load()"],
    ]);
  });

  test("reports one finding per startup call and query, with the shortest of the paths between them", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "from .settings_store import theme", "class ShopConfig(AppConfig):", "    def ready(self):", "        theme()"),
      "shop/settings_store.py": py(
        "from .models import Setting",
        "def setting(name):",
        "    return Setting.objects.get(name=name)",
        "def theme_root():",
        "    return setting('root')",
        "def theme_order():",
        "    return [theme_root(), setting('order')]",
        "def theme():",
        "    return theme_order() or theme_root() or setting('theme')",
      ),
    };
    // theme() reaches the query through setting(), theme_root() and theme_order(): one finding.
    expect(await found(files)).toEqual(["FS101 shop/apps.py:5", "FS101 shop/settings_store.py:3"]);
    expect(await chains(files)).toEqual([["shop/apps.py:5 ready() calls theme()", "shop/settings_store.py:9 theme() calls setting()"]]);
  });

  test("follows self methods, nested functions that are called, and imports inside the body", async () => {
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "class ShopConfig(AppConfig):",
        "    def ready(self):",
        "        from shop import jobs",
        "        def inner():",
        "            jobs.run()",
        "        inner()",
        "        self.prime()",
        "    def prime(self):",
        "        Site.objects.get_current()",
      ),
      "shop/jobs.py": py("def run():", "    call_command('loaddata', 'x')"),
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:7", "FS101 shop/apps.py:8", "FS101 shop/apps.py:10", "FS101 shop/jobs.py:2"]);
  });

  test("follows `import pkg.module` into a package without __init__.py", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "import jobs.nightly", "class C(AppConfig):", "    def ready(self):", "        jobs.nightly.run()"),
      "jobs/nightly.py": py("def run():", "    X.objects.count()"),
    };
    expect(await found(files)).toEqual(["FS101 jobs/nightly.py:2", "FS101 shop/apps.py:5"]);
  });

  test("handles recursive and mutually recursive functions", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "from .loop import ping", "class ShopConfig(AppConfig):", "    def ready(self):", "        ping(3)"),
      "shop/loop.py": py("def ping(n):", "    pong(n)", "def pong(n):", "    ping(n - 1)", "    X.objects.count()"),
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:5", "FS101 shop/loop.py:5"]);
  });

  test("reads files in batches and only what startup reaches", async () => {
    const { scan } = await import("./run.js");
    const files = {
      "shop/apps.py": py(APP_CONFIG, "from .a import f", "class C(AppConfig):", "    def ready(self):", "        f()"),
      "shop/a.py": py("def f():", "    X.objects.count()"),
      "shop/unused.py": py("def g():", "    X.objects.count()"),
      "shop/views.py": py("X.objects.count()"),
    };
    const result = await scan(files);
    expect(result.stats.filesParsed).toBe(2);
  });
});

describe("configured database calls", () => {
  test("matches a bare name by the called name and a dotted name by the qualified name", async () => {
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "from billing.rates import load",
        "class C(AppConfig):",
        "    def ready(self):",
        "        load()",
        "        settings_store.get_setting('x')",
        "        other()",
      ),
    };
    const config = { database_calls: ["get_setting", "billing.rates.load"] };
    expect(await found(files, config)).toEqual(["FS101 shop/apps.py:5", "FS101 shop/apps.py:6"]);
  });
});
