import { describe, expect, test } from "vitest";
import { FileStore, type AnalysisContext } from "../../src/analysis/context.js";
import type { LibraryCommands } from "../../src/analysis/startup/management-commands.js";
import { findStartupWork } from "../../src/analysis/startup/startup.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { APP_CONFIG, chains, found, py, scan } from "./run.js";

const READY_CALLS = (call: string) =>
  py(APP_CONFIG, "from django.core.management import call_command", "class ShopConfig(AppConfig):", "    def ready(self):", `        ${call}`);

describe("imports resolved from every root", () => {
  test("the chain names the file chosen when two roots hold the module", async () => {
    const files = {
      "manage.py": "",
      "site/settings.py": py(
        "import os, sys",
        "BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
        'sys.path.insert(0, os.path.join(BASE, "apps"))',
      ),
      "apps/shop/tasks.py": py("def warm():", "    return Rate.objects.count()"),
      "shop/tasks.py": py("def warm():", "    return Rate.objects.first()"),
      "front/apps.py": py(APP_CONFIG, "from shop.tasks import warm", "class FrontConfig(AppConfig):", "    def ready(self):", "        warm()"),
    };
    expect(await chains(files)).toEqual([["front/apps.py:5 ready() calls warm() (resolved to apps/shop/tasks.py; also candidate: shop/tasks.py)"]]);
    expect(await found(files)).toEqual(["FS101 apps/shop/tasks.py:2", "FS101 front/apps.py:5"]);
  });

  test("a packaging file that cannot be read is listed as skipped, and the scan goes on", async () => {
    const result = await scan({
      "pyproject.toml": "[project\nname = ",
      "shop/apps.py": py(APP_CONFIG, "class ShopConfig(AppConfig):", "    def ready(self):", "        Rate.objects.count()"),
    });
    expect(result.skipped).toEqual([{ path: "pyproject.toml", reason: expect.stringMatching(/^cannot read its package layout: invalid TOML/) }]);
    expect(result.findings.map((f) => f.location.path)).toEqual(["shop/apps.py"]);
  });
});

describe("call_command", () => {
  test("a repository command is followed into handle(), through its bases; the chain names the module chosen", async () => {
    const files: Record<string, string> = {
      "shop/apps.py": READY_CALLS('call_command("warm")'),
      "shop/management/commands/warm.py": py("from shop.management.base import Base", "class Command(Base):", "    pass"),
      "shop/management/base.py": py(
        "class Base(BaseCommand):",
        "    def handle(self, *args, **options):",
        "        self.load()",
        "    def load(self):",
        "        Rate.objects.count()",
      ),
      "catalog/management/commands/warm.py": py("class Command(BaseCommand):", "    def handle(self, *args, **options):", "        Price.objects.exists()"),
    };
    // Two apps define `warm`: the first in path order is used, and the chain says so.
    expect(await chains(files)).toEqual([
      ['shop/apps.py:5 ready() calls call_command("warm") (catalog/management/commands/warm.py; also candidate: shop/management/commands/warm.py)'],
    ]);
    delete files["catalog/management/commands/warm.py"];
    expect(await chains(files)).toEqual([
      ['shop/apps.py:5 ready() calls call_command("warm") (shop/management/commands/warm.py)', "shop/management/base.py:3 handle() calls self.load()"],
    ]);
  });

  test("a LabelCommand's handle_label() is the work; a command without one stays database work", async () => {
    const files = {
      "shop/apps.py": READY_CALLS('call_command("touch", "x")'),
      "shop/management/commands/touch.py": py(
        "class Command(LabelCommand):",
        "    def handle_label(self, label, **options):",
        "        Rate.objects.filter(code=label).update(seen=True)",
      ),
      "blog/apps.py": READY_CALLS('call_command("opaque")'),
      "blog/management/commands/opaque.py": py("from somewhere import Command"),
    };
    expect(await found(files)).toEqual(["FS101 blog/apps.py:5", "FS101 shop/apps.py:5", "FS101 shop/management/commands/touch.py:3"]);
  });

  test("the library seam judges an unknown third-party command", async () => {
    const files = {
      "shop/apps.py": READY_CALLS('call_command("rebuild_index")'),
      "blog/apps.py": READY_CALLS('call_command("compress")'),
      "news/apps.py": READY_CALLS('call_command("other_tool")'),
    };
    const library: LibraryCommands = {
      command: (name) =>
        name === "rebuild_index" ? { touchesDatabase: true, where: "haystack 3.2" } : name === "compress" ? { touchesDatabase: false } : undefined,
    };
    const paths = Object.keys(files).sort();
    const ctx: AnalysisContext = { config: DEFAULT_CONFIG, paths, pathSet: new Set(paths), files: new FileStore(memoryTree(files)), parsed: { count: 0 } };
    const work = await findStartupWork(ctx, { libraryCommands: library });
    expect(work.map((w) => `${w.location.path} ${w.message.split(" in ")[0]}`).sort()).toEqual([
      'news/apps.py `call_command("other_tool")` runs a management command',
      'shop/apps.py `call_command("rebuild_index")` runs a management command that touches the database (haystack 3.2)',
    ]);
  });
});
