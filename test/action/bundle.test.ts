// The committed bundle (action.yml's `main`) is what runners execute: it must be built from the
// current sources. Rebuild with `npm run build:action` when this fails.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAction } from "../../scripts/build-action.js";
import { annotationCommand, escapeData, escapeProperty } from "../../src/action/workflow-commands.js";
import { ACTION_MAIN } from "./run-action.js";

const fresh = mkdtempSync(path.join(tmpdir(), "forksafe-bundle-"));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe("the committed Action bundle", () => {
  it("is built from the current sources (npm run build:action)", async () => {
    await buildAction(fresh);
    const committed = path.dirname(ACTION_MAIN);
    expect(files(committed)).toEqual(files(fresh));
    const same = readFileSync(ACTION_MAIN, "utf8") === readFileSync(path.join(fresh, "index.mjs"), "utf8");
    expect(same, "action/dist/index.mjs is stale: run npm run build:action and commit it").toBe(true);
  });
});

describe("workflow commands", () => {
  it("escape %, CR and LF in data, and also : and , in properties", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    expect(annotationCommand({ level: "warning", file: "a,b.py", line: 3, title: "T: x", message: "m1\nm2" })).toBe(
      "::warning file=a%2Cb.py,line=3,title=T%3A x::m1%0Am2",
    );
  });
});
