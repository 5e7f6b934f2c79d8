import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { countingTree, startProgress, type Counts } from "../../src/cli/progress.js";

function stream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const fake = { isTTY, write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream: fake, written };
}

describe("countingTree", () => {
  it("counts the files listed and read", async () => {
    const counts: Counts = { listed: 0, read: 0 };
    const tree = countingTree(memoryTree({ "a.py": "", "b.py": "", "c.py": "" }), counts);
    await tree.paths();
    await tree.read(["a.py", "b.py"]);
    await tree.read(["missing.py"]);
    expect(counts).toEqual({ listed: 3, read: 3 });
  });
});

describe("startProgress", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("stays silent for a fast scan on a terminal", () => {
    const { stream: out, written } = stream(true);
    const stop = startProgress(out, { listed: 10, read: 2 });
    vi.advanceTimersByTime(800);
    stop();
    expect(written).toEqual([]);
  });

  it("shows files read after a second on a terminal, and clears the line at the end", () => {
    const { stream: out, written } = stream(true);
    const counts = { listed: 220, read: 14 };
    const stop = startProgress(out, counts);
    vi.advanceTimersByTime(1200);
    stop();
    expect(written.at(-2)).toBe("\r\u001b[Kforksafe: 14 files read of 220…");
    expect(written.at(-1)).toBe("\r\u001b[K");
  });

  it("writes nothing when stderr is not a terminal", () => {
    const { stream: out, written } = stream(false);
    const stop = startProgress(out, { listed: 1, read: 1 });
    vi.advanceTimersByTime(5000);
    stop();
    expect(written).toEqual([]);
  });
});
