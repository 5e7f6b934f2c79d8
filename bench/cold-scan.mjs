// The built CLI exactly as `forksafe scan` runs it (bin/forksafe.js imports the same module), plus
// one line on stderr at exit with the process's peak RSS and CPU time, for the benchmarks.
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kb ${usage.maxRSS} cpu-ms ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
// FORKSAFE_DIST names another build's dist/ (bench/side-by-side/compare.ts times two builds).
const dist = process.env.FORKSAFE_DIST ? new URL(`file://${process.env.FORKSAFE_DIST}/`) : new URL("../dist/", import.meta.url);
await import(new URL("cli/main.js", dist).href);
