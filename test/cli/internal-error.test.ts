// An unexpected error inside the scan: one clear line and "please report", exit 2, the stack
// only with FORKSAFE_DEBUG=1.
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../../src/cli/scan.js", () => ({
  FORMATS: ["text", "json", "sarif"],
  scan: () => Promise.reject(new Error("tree-sitter exploded")),
}));

const { runCli } = await import("../../src/cli/run.js");

describe("runCli on an internal error", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  function capture(): string[] {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    return written;
  }

  it("prints one line asking for a report and exits 2, without a stack", async () => {
    vi.stubEnv("FORKSAFE_DEBUG", "");
    const written = capture();
    expect(await runCli(["scan", "."])).toBe(2);
    expect(written[0]).toBe("forksafe: internal error: tree-sitter exploded; please report it, with the command you ran\n");
    expect(written.join("")).not.toMatch(/\n\s+at /);
  });

  it("prints the stack with FORKSAFE_DEBUG=1", async () => {
    vi.stubEnv("FORKSAFE_DEBUG", "1");
    const written = capture();
    expect(await runCli(["scan", "."])).toBe(2);
    expect(written.join("")).toMatch(/Error: tree-sitter exploded\n\s+at /);
  });
});
