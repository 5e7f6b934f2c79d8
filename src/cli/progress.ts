// A progress line on stderr for scans that take over a second, on a terminal only. The
// SourceTree is wrapped so the line can say how many files were read of how many listed.
import type { SourceTree } from "../analysis/source-tree.js";

/** Show nothing for scans faster than this. */
const QUIET_MS = 1000;
const REFRESH_MS = 200;

export interface Counts {
  listed: number;
  read: number;
}

export function countingTree(tree: SourceTree, counts: Counts): SourceTree {
  return {
    async paths() {
      const paths = await tree.paths();
      counts.listed = paths.length;
      return paths;
    },
    async read(paths) {
      const results = await tree.read(paths);
      counts.read += results.length;
      return results;
    },
  };
}

/** Starts the progress line when `stream` is a terminal; the returned function clears it. */
export function startProgress(stream: NodeJS.WriteStream, counts: Counts): () => void {
  if (!stream.isTTY) return () => {};
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    if (Date.now() - started < QUIET_MS) return;
    shown = true;
    const listed = counts.listed > 0 ? ` of ${counts.listed}` : "";
    stream.write(`\r\u001b[Kforksafe: ${counts.read} files read${listed}…`);
  }, REFRESH_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) stream.write("\r\u001b[K");
  };
}

/** The progress line on stderr while a long scan runs, wrapped around the scan's tree. */
export function watchProgress(tree: SourceTree): { tree: SourceTree; stop: () => void } {
  const counts: Counts = { listed: 0, read: 0 };
  return { tree: countingTree(tree, counts), stop: startProgress(process.stderr, counts) };
}
