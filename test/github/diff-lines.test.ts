import { describe, expect, it } from "vitest";
import { diffLines, diffPlace } from "../../src/github/diff-lines.js";

const PATCH = [
  "@@ -1,4 +1,5 @@",
  " import os",
  "-from a import b",
  "+from a import c",
  "+from d import e",
  " ",
  " x = 1",
  "@@ -20,2 +21,2 @@ class ShopConfig(AppConfig):",
  "     def ready(self):",
  "-        pass",
  "+        User.objects.count()",
  "\\ No newline at end of file",
].join("\n");

describe("diffLines", () => {
  it("lists the added and context lines of the new file, hunk by hunk", () => {
    const lines = diffLines(PATCH);
    expect([...lines.commentable].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 21, 22]);
    expect([...lines.added].sort((a, b) => a - b)).toEqual([2, 3, 22]);
  });

  it("gives a file without a patch no commentable line", () => {
    expect(diffLines(undefined).commentable.size).toBe(0);
    expect(diffLines("").added.size).toBe(0);
  });

  it("places a line as added, context or outside the diff", () => {
    const lines = diffLines(PATCH);
    expect([diffPlace(lines, 22), diffPlace(lines, 21), diffPlace(lines, 10)]).toEqual(["added", "context", "outside"]);
  });

  it("does not count removed lines or the no-newline marker", () => {
    const lines = diffLines("@@ -1,2 +1,1 @@\n-gone\n keep\n\\ No newline at end of file");
    expect([...lines.commentable]).toEqual([1]);
    expect(lines.added.size).toBe(0);
  });
});
