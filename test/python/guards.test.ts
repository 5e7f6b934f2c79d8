import { describe, expect, test } from "vitest";
import { APP_CONFIG, found, py } from "./run.js";

function inReady(...body: string[]): Record<string, string> {
  return {
    "shop/apps.py": py(APP_CONFIG, "import os, sys", "class C(AppConfig):", "    def ready(self):", ...body.map((l) => `        ${l}`)),
  };
}

describe("guards under a pre-forking server", () => {
  test("skips code that runs only under runserver or the autoreloader", async () => {
    const files = inReady(
      "if 'runserver' in sys.argv:",
      "    X.objects.count()",
      "if sys.argv[1] == 'runserver':",
      "    X.objects.count()",
      "if os.environ.get('RUN_MAIN'):",
      "    X.objects.count()",
      "if len(sys.argv) > 1 and sys.argv[1] == 'runserver':",
      "    X.objects.count()",
    );
    expect(await found(files)).toEqual([]);
  });

  test("the else branch of such a guard runs", async () => {
    const files = inReady("if 'runserver' in sys.argv:", "    pass", "else:", "    X.objects.count()");
    expect(await found(files)).toEqual(["FS101 shop/apps.py:8"]);
  });

  test("a guard true under the server runs its body: `migrate` not in sys.argv", async () => {
    const files = inReady("if 'migrate' not in sys.argv:", "    X.objects.count()", "else:", "    Y.objects.count()");
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6"]);
  });

  test("an early return under `runserver` not in sys.argv ends ready() under the server", async () => {
    const files = inReady("if 'runserver' not in sys.argv:", "    return", "X.objects.count()");
    expect(await found(files)).toEqual([]);
    const reloader = inReady("if not os.environ.get('RUN_MAIN'):", "    return", "X.objects.count()");
    expect(await found(reloader)).toEqual([]);
  });

  test("the elif and else branches after a false guard run", async () => {
    const files = inReady(
      "if 'runserver' in sys.argv:",
      "    A.objects.count()",
      "elif settings.DEBUG:",
      "    B.objects.count()",
      "else:",
      "    C.objects.count()",
    );
    expect(await found(files)).toEqual(["FS101 shop/apps.py:8", "FS101 shop/apps.py:10"]);
  });

  test("the branches after a true elif do not run", async () => {
    const files = inReady(
      "if settings.DEBUG:",
      "    A.objects.count()",
      "elif 'migrate' not in sys.argv:",
      "    B.objects.count()",
      "elif x:",
      "    C.objects.count()",
      "else:",
      "    D.objects.count()",
      "E.objects.count()",
    );
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/apps.py:8", "FS101 shop/apps.py:13"]);
  });

  test("a false elif skips its body only", async () => {
    const files = inReady("if x:", "    A.objects.count()", "elif 'runserver' in sys.argv:", "    B.objects.count()", "else:", "    C.objects.count()");
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/apps.py:10"]);
  });

  test("an unknown condition runs both branches", async () => {
    const files = inReady("if settings.DEBUG:", "    X.objects.count()", "else:", "    Y.objects.count()");
    expect(await found(files)).toEqual(["FS101 shop/apps.py:6", "FS101 shop/apps.py:8"]);
  });
});

describe("not findings", () => {
  test("lazy querysets, registration calls, receivers, post_migrate handlers, get_model alone", async () => {
    const files = inReady(
      "from django.db.models.signals import post_migrate, post_save",
      "qs = X.objects.filter(a=1).exclude(b=2).order_by('c')",
      "admin_registry.register(qs)",
      "Model = self.get_model('Rate')",
      "Other = apps.get_model('shop', 'Other')",
      "post_save.connect(on_save, sender=Model)",
      "post_migrate.connect(seed, sender=self)",
      "def only_registered():",
      "    X.objects.count()",
      "checks.register(only_registered)",
      "post_migrate.connect(lambda **kw: X.objects.create())",
      "connections['default']",
      "cache.delete('key')",
    );
    expect(await found(files)).toEqual([]);
  });

  test("@receiver functions in an imported signals module are not called", async () => {
    const files = {
      ...inReady("from . import signals"),
      "shop/signals.py": py("@receiver(post_save, sender=X)", "def on_save(sender, instance, **kwargs):", "    X.objects.count()"),
    };
    expect(await found(files)).toEqual([]);
  });
});

describe("evaluation and raw access", () => {
  test("variable flow, stepped slices, membership, raw cursors, helpers, saves", async () => {
    const files = inReady(
      "from .models import X",
      "from django.db import connection, connections",
      "from django.contrib.auth import get_user_model",
      "from constance import config",
      "from waffle import flag_is_active",
      "qs = X.objects.filter(a=1)",
      "for row in qs: pass",
      "every_other = qs[::2]",
      "if 3 in qs: pass",
      "with connection.cursor() as cursor: pass",
      "connections['replica'].cursor()",
      "connection.ensure_connection()",
      "connection.introspection.table_names()",
      "get_user_model().objects.count()",
      "self.get_model('Rate').objects.first()",
      "obj = X(name='a')",
      "obj.save()",
      "flag_is_active(None, 'beta')",
      "config.SITE_NAME",
    );
    const lines = (await found(files)).map((f) => Number(f.split(":")[1]));
    expect(lines).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23]);
  });
});
