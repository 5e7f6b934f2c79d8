// The scan never reads outside the directory it was given: a symlink planted in the scanned tree
// (a pull request can add one) must not put another file's lines in the report.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { forksafe, SHOP, tempProject } from "./run-cli.js";

const outside = mkdtempSync(path.join(tmpdir(), "forksafe-secret-"));
const roots: string[] = [outside];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

// A file that would be a finding if it were read: its query line carries a secret.
writeFileSync(
  path.join(outside, "services.py"),
  "from .models import Product\n\n\ndef warm_cache():\n    return Product.objects.count()  # SECRET-TOKEN-1234\n",
);
writeFileSync(path.join(outside, "forksafe.yml"), "fail_on: SECRET-TOKEN-1234\n");

describe("symbolic links in the scanned tree", () => {
  it("skips a link to a file outside with the reason, and prints none of its lines", () => {
    const { "shop/services.py": _services, ...rest } = SHOP;
    const root = tempProject(rest);
    roots.push(root);
    symlinkSync(path.join(outside, "services.py"), path.join(root, "shop/services.py"));
    for (const format of ["text", "json", "sarif"]) {
      const run = forksafe(["scan", root, "--format", format]);
      expect(run.stdout).not.toContain("SECRET-TOKEN");
      expect(run.stdout).toContain("symbolic link to a file outside the scanned directory");
    }
  });

  it("skips a symlinked directory outside", () => {
    const root = tempProject(SHOP);
    roots.push(root);
    symlinkSync(outside, path.join(root, "vendor"));
    const run = forksafe(["scan", root, "--format", "json"]);
    const json = JSON.parse(run.stdout) as { skipped: { path: string; reason: string }[] };
    expect(json.skipped).toContainEqual({ path: "vendor", reason: "symbolic link to a directory outside the scanned directory: not read" });
    expect(run.stdout).not.toContain("SECRET-TOKEN");
  });

  it("refuses a forksafe.yml that links outside, naming it", () => {
    const root = tempProject(SHOP);
    roots.push(root);
    symlinkSync(path.join(outside, "forksafe.yml"), path.join(root, "forksafe.yml"));
    const run = forksafe(["scan", root]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("forksafe: forksafe.yml: a symbolic link to a file outside the scanned directory; not read\n");
  });
});
