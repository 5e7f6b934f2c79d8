// The `forksafe` executable: bin/forksafe.js imports this module, which runs the CLI.
// The CLI is loaded dynamically so that even a failure to load it ends in one clear line.

// `forksafe scan | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  const { runCli } = await import("./run.js");
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`forksafe: internal error while loading: ${message}; please report it\n`);
  if (process.env.FORKSAFE_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}
