import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadManifest, parseManifest } from "../../bench/large-repos-manifest.js";

const MANIFEST = fileURLToPath(new URL("../../bench/large-repos.json", import.meta.url));
const ENTRY = {
  project: "shop",
  repository: "acme/shop",
  commit: "0123456789abcdef0123456789abcdef01234567",
  framework: "django",
  why: "A shop with queries in ready(), chosen for its size.",
};

function manifest(...projects: object[]): string {
  return JSON.stringify({ about: "test", projects });
}

describe("the large-repository manifest", () => {
  test("the committed manifest has at least ten Django projects and five Flask or FastAPI ones", () => {
    const projects = loadManifest(MANIFEST);
    expect(projects.filter((p) => p.framework === "django").length).toBeGreaterThanOrEqual(10);
    expect(projects.filter((p) => p.framework !== "django").length).toBeGreaterThanOrEqual(5);
  });

  test("a valid entry parses", () => {
    expect(parseManifest(manifest(ENTRY), "m.json")).toEqual([ENTRY]);
  });

  test.each([
    [{ ...ENTRY, commit: "main" }, "m.json: projects.0.commit: a full 40-hex commit SHA"],
    [{ ...ENTRY, repository: "shop" }, "m.json: projects.0.repository: owner/name"],
    [{ ...ENTRY, framework: "pyramid" }, "m.json: projects.0.framework:"],
    [{ ...ENTRY, extra: 1 }, "m.json: projects.0:"],
  ])("a bad entry is an error naming the key (%#)", (entry, message) => {
    expect(() => parseManifest(manifest(entry), "m.json")).toThrow(message);
  });

  test("a project named twice is an error", () => {
    expect(() => parseManifest(manifest(ENTRY, ENTRY), "m.json")).toThrow('m.json: projects.1.project: "shop" appears twice');
  });

  test("text that is not JSON is an error naming the file", () => {
    expect(() => parseManifest("{", "m.json")).toThrow("m.json: not valid JSON");
  });
});
