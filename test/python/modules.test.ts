import { describe, expect, test } from "vitest";
import { ModuleIndex } from "../../src/analysis/project/modules.js";

describe("ModuleIndex", () => {
  const index = new ModuleIndex(
    new Set(["shop/__init__.py", "shop/tasks.py", "shop/services/__init__.py", "backend/manage.py", "backend/billing/rates.py", "src/core/utils.py"]),
  );

  test("maps dotted names to module files and packages", () => {
    expect(index.resolveAbsolute("shop.tasks")).toBe("shop/tasks.py");
    expect(index.resolveAbsolute("shop.services")).toBe("shop/services/__init__.py");
    expect(index.resolveAbsolute("shop")).toBe("shop/__init__.py");
    expect(index.resolveAbsolute("shop.missing")).toBeUndefined();
  });

  test("finds modules under manage.py directories and src/ layouts", () => {
    expect(index.resolveAbsolute("billing.rates")).toBe("backend/billing/rates.py");
    expect(index.resolveAbsolute("core.utils")).toBe("src/core/utils.py");
    expect(index.dottedName("backend/billing/rates.py")).toBe("billing.rates");
    expect(index.dottedName("shop/services/__init__.py")).toBe("shop.services");
  });

  test("resolves relative imports from the importing file's package", () => {
    expect(index.resolve(".tasks", "shop/apps.py")).toBe("shop/tasks.py");
    expect(index.resolve(".", "shop/apps.py")).toBe("shop/__init__.py");
    expect(index.resolve("..tasks", "shop/services/__init__.py")).toBe("shop/tasks.py");
    expect(index.resolve(".nothing", "shop/apps.py")).toBeUndefined();
  });
});

describe("ModuleIndex roots", () => {
  test("from the listing: manage.py directories, the parent of a wsgi.py project package, src/ beside a packaging file", () => {
    const index = new ModuleIndex(
      new Set([
        "services/api/config/wsgi.py",
        "services/api/orders/tasks.py",
        "tools/manage.py",
        "lib/pyproject.toml",
        "lib/src/shared/util.py",
        "other/src/not_a_root/x.py",
      ]),
    );
    expect(index.roots).toEqual(["lib/src/", "services/api/", "tools/", ""]);
    expect(index.resolveAbsolute("orders.tasks")).toBe("services/api/orders/tasks.py");
    expect(index.resolveAbsolute("shared.util")).toBe("lib/src/shared/util.py");
    expect(index.resolveAbsolute("not_a_root.x")).toBeUndefined();
  });

  test("an import tries the roots holding the importing file first, and names the other candidates", () => {
    const index = new ModuleIndex(new Set(["a/manage.py", "a/core/utils.py", "b/manage.py", "b/core/utils.py"]));
    expect(index.resolveAbsolute("core.utils", "b/shop/apps.py")).toBe("b/core/utils.py");
    expect(index.alternativesOf("b/core/utils.py")).toEqual(["a/core/utils.py"]);
    expect(index.resolveAbsolute("core.utils", "a/shop/apps.py")).toBe("a/core/utils.py");
    // Without an importing file: deepest first, then path order.
    expect(index.resolveAbsolute("core.utils")).toBe("a/core/utils.py");
  });

  test("added roots: sys.path.insert(0, ...) goes ahead of the importer's own, package directories ahead of all", () => {
    const index = new ModuleIndex(new Set(["manage.py", "shop/tasks.py", "apps/shop/tasks.py", "vendor/pay_src/api.py", "shop/pay/api.py"]));
    expect(index.resolveAbsolute("shop.tasks", "catalog/apps.py")).toBe("shop/tasks.py");
    expect(index.addRoots([], [], ["apps/"])).toBe(true);
    expect(index.resolveAbsolute("shop.tasks", "catalog/apps.py")).toBe("apps/shop/tasks.py");
    expect(index.alternativesOf("apps/shop/tasks.py")).toEqual(["shop/tasks.py"]);
    expect(index.addRoots([], [["pay", "vendor/pay_src"]])).toBe(true);
    expect(index.resolveAbsolute("pay.api")).toBe("vendor/pay_src/api.py");
    expect(index.dottedName("vendor/pay_src/api.py")).toBe("pay.api");
    expect(index.addRoots(["apps/"])).toBe(false);
  });

  test("the nearest ancestor holding the module, as a last resort; never a lone module beside the importer", () => {
    const index = new ModuleIndex(new Set(["plugins/ledger/ledger/helpers.py", "plugins/ledger/ledger/celery.py", "plugins/ledger/ledger/__init__.py"]));
    expect(index.resolveAbsolute("ledger.helpers", "plugins/ledger/ledger/apps.py")).toBe("plugins/ledger/ledger/helpers.py");
    expect(index.resolveAbsolute("ledger", "plugins/ledger/ledger/apps.py")).toBe("plugins/ledger/ledger/__init__.py");
    expect(index.resolveAbsolute("celery", "plugins/ledger/ledger/apps.py")).toBeUndefined();
    expect(index.resolveAbsolute("ledger.helpers")).toBeUndefined();
  });
});
