import { describe, expect, test } from "vitest";
import { APP_CONFIG, chains, found, py } from "./run.js";

const WARMERS = py(
  "class Warmer:",
  "    def warm(self):",
  "        self.load()",
  "    def load(self):",
  "        pass",
  "class RateWarmer(Warmer):",
  "    def load(self):",
  "        Rate.objects.count()",
);

function readyWith(...body: string[]): string {
  return py(
    APP_CONFIG,
    "from shop.warmers import Warmer, RateWarmer",
    "class ShopConfig(AppConfig):",
    "    def ready(self):",
    ...body.map((l) => `        ${l}`),
  );
}

describe("methods called on local instances of the repository's classes", () => {
  test("follows `name.method()` through the class hierarchy, with self bound to the instance's class", async () => {
    const files = { "shop/apps.py": readyWith("w = RateWarmer()", "w.warm()"), "shop/warmers.py": WARMERS };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/warmers.py:8"]);
    expect(await chains(files)).toEqual([["shop/apps.py:6 ready() calls w.warm()", "shop/warmers.py:3 warm() calls self.load()"]]);
  });

  test("the base class's own method does no database work", async () => {
    const files = { "shop/apps.py": readyWith("w = Warmer()", "w.warm()"), "shop/warmers.py": WARMERS };
    expect(await found(files)).toEqual([]);
  });

  test("rebinding the name clears what it was bound to", async () => {
    const files = {
      "shop/apps.py": readyWith("w = RateWarmer()", "w = make_warmer()", "w.warm()", "v = RateWarmer()", "v, n = pick()", "v.warm()"),
      "shop/warmers.py": WARMERS,
    };
    expect(await found(files)).toEqual([]);
  });

  test("follows `SomeClass().method()` and a class reached through a module", async () => {
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "from shop import warmers",
        "class ShopConfig(AppConfig):",
        "    def ready(self):",
        "        warmers.RateWarmer().warm()",
        "        w = warmers.RateWarmer()",
        "        w.load()",
      ),
      "shop/warmers.py": WARMERS,
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:5", "FS101 shop/apps.py:7", "FS101 shop/warmers.py:8", "FS101 shop/warmers.py:8"]);
  });

  test("instances of classes outside the repository lead nowhere", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "from redis import Redis", "class C(AppConfig):", "    def ready(self):", "        r = Redis()", "        r.ping()"),
    };
    expect(await found(files)).toEqual([]);
  });
});

describe("instantiating a repository class runs its __init__", () => {
  const LOADER = py(
    "from shop.models import Rate",
    "class Base:",
    "    def __init__(self):",
    "        self.count = Rate.objects.count()",
    "class Loader(Base):",
    "    def __init__(self):",
    "        super().__init__()",
    "class Plain:",
    "    pass",
  );
  const MODELS = py("from django.db import models", "class Rate(models.Model):", "    code = models.CharField(max_length=3)");

  test("in ready(), through super().__init__(), with its chain", async () => {
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "from shop.loader import Loader, Plain",
        "class C(AppConfig):",
        "    def ready(self):",
        "        self.loader = Loader()",
        "        Plain()",
      ),
      "shop/loader.py": LOADER,
      "shop/models.py": MODELS,
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:5", "FS101 shop/loader.py:4"]);
    expect(await chains(files)).toEqual([["shop/apps.py:5 ready() calls Loader()", "shop/loader.py:7 __init__() calls super().__init__()"]]);
  });

  test("at module level of a module imported at startup", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "class C(AppConfig):", "    name = 'shop'"),
      "shop/admin.py": py("from shop.loader import Loader", "LOADER = Loader()"),
      "shop/loader.py": LOADER,
      "shop/models.py": MODELS,
    };
    expect(await found(files)).toEqual(["FS102 shop/admin.py:2", "FS102 shop/loader.py:4"]);
  });

  test("a Django model's constructor is not database work; its own methods are followed", async () => {
    const models = py(
      "from django.db import models",
      "class Rate(models.Model):",
      "    def __init__(self, *args, **kwargs):",
      "        super().__init__(*args, **kwargs)",
      "    def touch(self):",
      "        self.save()",
    );
    const ready = (...body: string[]) =>
      py(APP_CONFIG, "from shop.models import Rate", "class C(AppConfig):", "    def ready(self):", ...body.map((l) => `        ${l}`));
    const constructed = { "shop/apps.py": ready("self.default = Rate(code='EUR')", "r = Rate(code='USD')", "r.full_clean()"), "shop/models.py": models };
    expect(await found(constructed)).toEqual([]);
    const touched = { "shop/apps.py": ready("r = Rate(code='USD')", "r.touch()"), "shop/models.py": models };
    expect(await found(touched)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/models.py:6"]);
  });
});
