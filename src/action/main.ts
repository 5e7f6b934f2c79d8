// The Action's entry (action.yml `main` runs the bundle built from this file): run, set the
// exit code. Everything else is in run-action.ts.
import { runAction } from "./run-action.js";

process.exitCode = await runAction(process.env, { log: (line) => process.stdout.write(`${line}\n`) });
