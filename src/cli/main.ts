// The `forksafe` executable: bin/forksafe.js imports this module, which runs the CLI.
import { runCli } from "./run.js";

// `forksafe scan | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
