// False positives seen on real projects that need more than a local fix, kept as failing
// expectations: `test.fails` passes while Forksafe still reports the case, and fails the day it
// stops, asking for the case to move to the fixtures as an `# ok:`.
import { describe, expect, test } from "vitest";
import { APP_CONFIG, found, py } from "./run.js";

describe("known false positives", () => {
  // Seen on a large project: ready() takes a lock through a helper whose cursor work runs only
  // when a timeout argument is given; the call from ready() never gives one. The chain's start
  // in ready() is right (the same call reaches other queries), the cursor line is not on the path.
  test.fails("a branch dead for the default value of a parameter the caller does not pass", async () => {
    const files = {
      "shop/apps.py": py(APP_CONFIG, "from shop.locks import hold_lock", "class ShopConfig(AppConfig):", "    def ready(self):", "        hold_lock('setup')"),
      "shop/locks.py": py(
        "from django.db import connection",
        "def hold_lock(name, timeout_ms=0):",
        "    if timeout_ms > 0:",
        "        with connection.cursor() as cursor:",
        "            cursor.execute('SET lock_timeout = %s', [timeout_ms])",
      ),
    };
    expect(await found(files)).toEqual([]);
  });
});
