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
