import { describe, expect, test } from "vitest";
import { ModuleIndex } from "../../src/analysis/python/modules.js";

describe("ModuleIndex", () => {
  const index = new ModuleIndex(
    new Set([
      "shop/__init__.py",
      "shop/tasks.py",
      "shop/services/__init__.py",
      "backend/manage.py",
      "backend/billing/rates.py",
      "src/core/utils.py",
    ]),
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
