import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "../../src/analysis/source-tree.js";
import { assertDirectory, fsTree, OUTSIDE_DIRECTORY_LINK, OUTSIDE_LINK, OUTSIDE_PATH, UsageError } from "../../src/sources/fs-tree.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "forksafe-fs-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(rel: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

describe("fsTree", () => {
  it("lists files as sorted POSIX relative paths, skipping excluded directories", async () => {
    write("shop/apps.py", "x = 1\n");
    write("manage.py", "");
    write("node_modules/pkg/index.py", "");
    write(".venv/lib/site.py", "");
    write("shop/__pycache__/apps.cpython-311.pyc", "");
    write(".github/forksafe.yml", "");
    expect(await fsTree(root).paths()).toEqual([".github/forksafe.yml", "manage.py", "shop/apps.py"]);
  });

  it("lists nothing for an empty directory", async () => {
    expect(await fsTree(root).paths()).toEqual([]);
  });

  it("does not loop on a symlink to an ancestor and keeps symlinked files inside the root", async () => {
    write("a/b/models.py", "");
    symlinkSync(path.join(root, "a"), path.join(root, "a/b/loop"));
    symlinkSync(path.join(root, "a/b/models.py"), path.join(root, "linked.py"));
    symlinkSync("a/b", path.join(root, "b-again"));
    symlinkSync(path.join(root, "missing"), path.join(root, "dangling"));
    const tree = fsTree(root);
    expect(await tree.paths()).toEqual(["a/b/models.py", "linked.py"]);
    expect((await tree.read(["linked.py"]))[0]).toEqual({ path: "linked.py", text: "" });
    expect(tree.listingSkipped()).toEqual([{ path: "dangling", reason: "broken symbolic link" }]);
  });

  it("skips a link loop with the reason", async () => {
    symlinkSync(path.join(root, "two"), path.join(root, "one"));
    symlinkSync(path.join(root, "one"), path.join(root, "two"));
    const tree = fsTree(root);
    expect(await tree.paths()).toEqual([]);
    expect(tree.listingSkipped()).toEqual([
      { path: "one", reason: "symbolic link loop" },
      { path: "two", reason: "symbolic link loop" },
    ]);
  });

  describe("never reads outside the root", () => {
    let outside: string;
    beforeEach(() => {
      outside = mkdtempSync(path.join(tmpdir(), "forksafe-out-"));
      writeFileSync(path.join(outside, "secret.py"), "TOKEN = 'hunter2'\n");
    });
    afterEach(() => rmSync(outside, { recursive: true, force: true }));

    it("skips a symlink to a file outside, in the listing and when asked to read it", async () => {
      write("shop/apps.py", "");
      symlinkSync(path.join(outside, "secret.py"), path.join(root, "shop/settings.py"));
      const tree = fsTree(root);
      expect(await tree.paths()).toEqual(["shop/apps.py"]);
      expect(tree.listingSkipped()).toEqual([{ path: "shop/settings.py", reason: OUTSIDE_LINK }]);
      expect(await tree.read(["shop/settings.py"])).toEqual([{ path: "shop/settings.py", skipped: OUTSIDE_LINK }]);
    });

    it("skips a symlinked directory outside, and files reached through it", async () => {
      symlinkSync(outside, path.join(root, "site"));
      const tree = fsTree(root);
      expect(await tree.paths()).toEqual([]);
      expect(tree.listingSkipped()).toEqual([{ path: "site", reason: OUTSIDE_DIRECTORY_LINK }]);
      expect(await tree.read(["site/secret.py"])).toEqual([{ path: "site/secret.py", skipped: OUTSIDE_LINK }]);
    });

    it("refuses paths that climb out of the root with .. or are absolute", async () => {
      const rel = path.relative(root, path.join(outside, "secret.py"));
      const results = await fsTree(root).read([rel, path.join(outside, "secret.py")]);
      expect(results.map((r) => ("skipped" in r ? r.skipped : r.text))).toEqual([OUTSIDE_PATH, OUTSIDE_PATH]);
    });

    it("follows links when the root itself is reached through a link", async () => {
      write("shop/apps.py", "x = 1\n");
      const alias = path.join(outside, "alias");
      symlinkSync(root, alias);
      const tree = fsTree(alias);
      expect(await tree.paths()).toEqual(["shop/apps.py"]);
      expect(await tree.read(["shop/apps.py"])).toEqual([{ path: "shop/apps.py", text: "x = 1\n" }]);
    });
  });

  it("reads UTF-8 text and skips binary, non-UTF-8, oversized and vanished files with reasons", async () => {
    write("ok.py", "name = 'café'\n");
    write("bin.py", Buffer.from([0x61, 0x00, 0x62]));
    write("latin1.py", Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    write("big.py", "x".repeat(MAX_FILE_BYTES + 1));
    const results = await fsTree(root).read(["ok.py", "bin.py", "latin1.py", "big.py", "gone.py"]);
    expect(results).toEqual([
      { path: "ok.py", text: "name = 'café'\n" },
      { path: "bin.py", skipped: "binary file (contains a NUL byte)" },
      { path: "latin1.py", skipped: "not valid UTF-8" },
      { path: "big.py", skipped: "larger than 1 MB (1.0 MB)" },
      { path: "gone.py", skipped: "vanished while scanning" },
    ]);
  });

  it("reads files of every size up to the limit whole, each after a larger one, and an empty one", async () => {
    const sizes = [MAX_FILE_BYTES, 3, 64 * 1024, 64 * 1024 + 1, 0, 200 * 1024, 10];
    sizes.forEach((size, i) => write(`f${i}.py`, String.fromCharCode(97 + i).repeat(size)));
    const results = await fsTree(root).read(sizes.map((_, i) => `f${i}.py`));
    expect(results.map((r) => ("text" in r ? [r.text.length, new Set(r.text).size] : r.skipped))).toEqual(sizes.map((size) => [size, size === 0 ? 0 : 1]));
    expect(results.map((r) => ("text" in r ? r.text.charAt(0) : ""))).toEqual(sizes.map((size, i) => (size ? String.fromCharCode(97 + i) : "")));
  });

  it.skipIf(process.platform === "win32")("skips a FIFO a configuration names without waiting for a writer", async () => {
    execFileSync("mkfifo", [path.join(root, "pipe.py")]);
    const results = await fsTree(root).read(["pipe.py"]);
    expect(results).toEqual([{ path: "pipe.py", skipped: "not a regular file" }]);
  });

  it("reads many files in order", async () => {
    const names = Array.from({ length: 150 }, (_, i) => `m${String(i).padStart(3, "0")}.py`);
    for (const n of names) write(n, n);
    const results = await fsTree(root).read(names);
    expect(results.map((r) => ("text" in r ? r.text : r.skipped))).toEqual(names);
  });
});

describe("assertDirectory", () => {
  it("rejects a missing path and a file with a usage error", async () => {
    write("file.txt", "");
    await expect(assertDirectory(path.join(root, "nope"))).rejects.toThrow(UsageError);
    await expect(assertDirectory(path.join(root, "nope"))).rejects.toThrow(/no such directory/);
    await expect(assertDirectory(path.join(root, "file.txt"))).rejects.toThrow(/not a directory/);
    await expect(assertDirectory(root)).resolves.toBeUndefined();
  });
});
