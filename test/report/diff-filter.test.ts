import { describe, expect, it } from "vitest";
import { changedLines, touchedByDiff } from "../../src/report/diff-filter.js";
import { RESULT } from "./sample.js";

const DIFF = `diff --git a/shop/services.py b/shop/services.py
index 1111111..2222222 100644
--- a/shop/services.py
+++ b/shop/services.py
@@ -5 +5 @@ def warm_cache():
-    return Product.objects.all()
+    return Product.objects.count()
diff --git a/gunicorn.conf.py b/gunicorn.conf.py
index 3333333..4444444 100644
--- a/gunicorn.conf.py
+++ b/gunicorn.conf.py
@@ -3,2 +2,0 @@ workers = 4
-def when_ready(server):
-    connections.close_all()
diff --git a/old.py b/old.py
deleted file mode 100644
index 5555555..0000000
--- a/old.py
+++ /dev/null
@@ -1 +0,0 @@
-x = 1
`;

describe("changedLines", () => {
  it("collects added lines and the lines around a deletion, per new path", () => {
    const changed = changedLines(DIFF);
    expect([...changed.keys()]).toEqual(["shop/services.py", "gunicorn.conf.py"]);
    expect([...changed.get("shop/services.py")!]).toEqual([5]);
    expect([...changed.get("gunicorn.conf.py")!]).toEqual([2, 3]);
  });

  it("is empty for an empty diff", () => {
    expect(changedLines("").size).toBe(0);
  });
});

describe("touchedByDiff", () => {
  const [, direct, chained] = RESULT.findings;

  it("keeps a finding whose query line changed", () => {
    expect(touchedByDiff(chained!, changedLines(DIFF))).toBe(true);
  });

  it("keeps a finding whose chain start changed", () => {
    const changed = new Map([["shop/apps.py", new Set([11])]]);
    expect(touchedByDiff(chained!, changed)).toBe(true);
    expect(touchedByDiff(direct!, changed)).toBe(false);
  });

  it("keeps a finding whose entry point line changed", () => {
    const changed = new Map([["gunicorn.conf.py", new Set([1])]]);
    expect(touchedByDiff(direct!, changed)).toBe(true);
  });

  it("drops a finding nothing in the diff touches", () => {
    expect(touchedByDiff(direct!, changedLines(DIFF))).toBe(false);
  });
});

describe("touchedByDiff with a new file", () => {
  it("keeps every finding in a file changed throughout", () => {
    const changed = new Map([["shop/services.py", "all" as const]]);
    expect(touchedByDiff(RESULT.findings[2]!, changed)).toBe(true);
    expect(touchedByDiff(RESULT.findings[1]!, changed)).toBe(false);
  });
});
