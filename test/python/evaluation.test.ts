import { describe, expect, test } from "vitest";
import { APP_CONFIG, found, py } from "./run.js";

function inReady(...body: string[]): Record<string, string> {
  return {
    "shop/apps.py": py(APP_CONFIG, "import pickle", "class C(AppConfig):", "    def ready(self):", ...body.map((l) => `        ${l}`)),
  };
}

describe("pickling", () => {
  test("pickle.dumps() and pickle.dump() of a queryset run its query; of its .query they do not", async () => {
    const files = inReady(
      "qs = X.objects.filter(a=1)",
      "pickle.dumps(qs)",
      "pickle.dump(X.objects.all(), handle)",
      "pickle.dumps(qs.query)",
      "pickle.dumps({'a': 1})",
    );
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/apps.py:7"]);
  });
});

describe("querysets passed to functions", () => {
  const helpers = py(
    "def count_rows(rows):",
    "    return len(rows)",
    "def first_of(prefix, rows=None):",
    "    return rows.first()",
    "def relay(items):",
    "    return count_rows(items)",
  );

  test("a function that evaluates its parameter runs a query when given a queryset", async () => {
    const files = { ...inReady("from .helpers import count_rows", "count_rows(X.objects.all())"), "shop/helpers.py": helpers };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/helpers.py:2"]);
  });

  test("not when given something else, or when the parameter is rebound first", async () => {
    const files = {
      ...inReady("from .helpers import count_rows, rebinds", "count_rows([1, 2])", "count_rows(X.objects.values_list('id'))[0:1]", "rebinds(X.objects.all())"),
      "shop/helpers.py": py(helpers, "def rebinds(rows):", "    rows = []", "    return len(rows)"),
    };
    expect(await found(files)).toEqual(["FS101 shop/apps.py:7", "FS101 shop/helpers.py:2"]);
  });

  test("by keyword, through methods, and passed on from one function to another", async () => {
    const files = {
      "shop/apps.py": py(
        APP_CONFIG,
        "from .helpers import first_of, relay",
        "class C(AppConfig):",
        "    def ready(self):",
        "        first_of('a', rows=X.objects.all())",
        "        relay(X.objects.all())",
        "        self.check_rows(X.objects.all())",
        "        relay([])",
        "    def check_rows(self, rows):",
        "        if rows:",
        "            pass",
      ),
      "shop/helpers.py": helpers,
    };
    expect(await found(files)).toEqual([
      "FS101 shop/apps.py:5",
      "FS101 shop/apps.py:6",
      "FS101 shop/apps.py:7",
      "FS101 shop/apps.py:10",
      "FS101 shop/helpers.py:2",
      "FS101 shop/helpers.py:4",
    ]);
  });
});

describe("caching", () => {
  test("storing a queryset in Django's cache pickles it and runs its query; storing a list of values already read is the list's work", async () => {
    const files = inReady(
      "from django.core.cache import cache, caches",
      "cache.set('regions', X.objects.all())",
      "caches['default'].add('live', X.objects.filter(live=True), 60)",
      "cache.get_or_set('top', default=X.objects.order_by('rank')[:5])",
      "cache.set('count', 3)",
      "cache.set('query', X.objects.all().query)",
      "store.set('regions', X.objects.all())",
    );
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/apps.py:7", "FS101 shop/apps.py:8"]);
  });
});
