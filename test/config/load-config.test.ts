import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig, parseConfigText } from "../../src/config/load-config.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";

describe("parseConfig", () => {
  it("fills defaults for an empty document", () => {
    expect(parseConfig(null, "forksafe.yml")).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.fail_on).toBe("error");
    expect(DEFAULT_CONFIG.include).toEqual(["**"]);
  });

  it("accepts every key", () => {
    const config = parseConfig(
      {
        include: ["src/**"],
        exclude: ["**/tests/**"],
        rules: { FS101: "error", FS102: "off" },
        database_calls: ["billing.rates.load"],
        entry_points: ["deploy/run.sh"],
        fail_on: "warning",
      },
      "forksafe.yml",
    );
    expect(config.rules).toEqual({ FS101: "error", FS102: "off" });
    expect(config.fail_on).toBe("warning");
  });

  it.each([
    [{ rules: { FS101: "fatal" } }, 'forksafe.yml: rules.FS101: must be one of error, warning, note, off; got "fatal"'],
    [{ rules: { XX1: "error" } }, 'forksafe.yml: rules.XX1: must be a rule id such as FS101; got "XX1"'],
    [{ bogus: 1 }, 'forksafe.yml: unknown key "bogus"'],
    [{ include: "src/**" }, 'forksafe.yml: include: must be a list; got "src/**"'],
    [{ exclude: [""] }, 'forksafe.yml: exclude[0]: must not be empty; got ""'],
    [{ fail_on: "always" }, 'forksafe.yml: fail_on: must be one of error, warning, note, never; got "always"'],
    [{ rules: ["FS101"] }, "forksafe.yml: rules: must be a mapping; got a list"],
    ["just text", 'forksafe.yml: must be a mapping; got "just text"'],
  ])("rejects %j with a message naming the key and the problem", (value, message) => {
    expect(() => parseConfig(value, "forksafe.yml")).toThrow(new ConfigError(message));
  });
});

describe("parseConfigText", () => {
  it("names the file, line and column of a YAML syntax error", () => {
    expect(() => parseConfigText("rules:\n  FS101: error\n  FS101: note\n", "forksafe.yml")).toThrow("forksafe.yml:3:3: invalid YAML: Map keys must be unique");
  });

  it("parses YAML and validates it", () => {
    expect(parseConfigText("fail_on: note\n", "f.yml").fail_on).toBe("note");
    expect(() => parseConfigText("fail_on: loud\n", "f.yml")).toThrow(/f\.yml: fail_on: must be one of/);
  });
});

describe("loadConfig", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "forksafe-config-"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("uses the defaults when no file exists", async () => {
    expect(await loadConfig(root)).toEqual({ config: DEFAULT_CONFIG });
  });

  it("prefers forksafe.yml at the root over .github/forksafe.yml", async () => {
    mkdirSync(path.join(root, ".github"));
    writeFileSync(path.join(root, ".github/forksafe.yml"), "fail_on: note\n");
    expect(await loadConfig(root)).toMatchObject({ file: ".github/forksafe.yml", config: { fail_on: "note" } });
    writeFileSync(path.join(root, "forksafe.yml"), "fail_on: warning\n");
    expect(await loadConfig(root)).toMatchObject({ file: "forksafe.yml", config: { fail_on: "warning" } });
  });

  it("reads an explicit file and fails clearly when it is missing", async () => {
    const file = path.join(root, "custom.yml");
    writeFileSync(file, "fail_on: never\n");
    expect((await loadConfig(root, file)).config.fail_on).toBe("never");
    await expect(loadConfig(root, path.join(root, "nope.yml"))).rejects.toThrow(/nope\.yml: cannot read/);
  });
});
