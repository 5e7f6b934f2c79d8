// gunicorn run from the app's own code: `python run.py`, where run.py subclasses gunicorn's
// BaseApplication (gunicorn's "Custom Application" pattern: docs.gunicorn.org/en/stable/custom.html)
// and calls run(). The process that runs the script is gunicorn's master, and everything the
// script imports at module level (the app, with what loading it does) is loaded there before the
// workers are forked: pre-fork loading without any preload setting.
import type { EntryPoint, Location } from "../types.js";
import { repoPath } from "./places.js";
import { simpleCommands, type LaunchSite } from "./words.js";

/** The gunicorn classes a custom application subclasses. */
const APPLICATION_BASE =
  /\bfrom\s+gunicorn\.app\.(?:base|wsgiapp)\s+import\s+[^\n]*\b(?:BaseApplication|Application|WSGIApplication)\b|\bgunicorn\.app\.(?:base|wsgiapp)\.(?:BaseApplication|Application|WSGIApplication)\b/;
const RUN_CALL = /\.run\(\s*\)/;

/** Python scripts a command runs with the interpreter (`python run.py`, `python3 -u app/serve.py`): candidates for an embedded gunicorn. */
export function pythonScriptsRun(site: LaunchSite, fileText: string, paths: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const words of simpleCommands(site.command, fileText)) {
    const at = words.findIndex((w) => /^(?:.*\/)?python[0-9.]*$/.test(w.text));
    if (at < 0) continue;
    const script = words.slice(at + 1).find((w) => !w.text.startsWith("-"));
    if (!script?.text.endsWith(".py")) continue;
    const path = repoPath(script.text, site.path, site.workdir, paths);
    if (path) out.push(path);
  }
  return out;
}

/** Whether a script's text runs gunicorn from its own code: a custom application class and a run() call. */
export function runsEmbeddedGunicorn(text: string): boolean {
  return APPLICATION_BASE.test(text) && RUN_CALL.test(text);
}

/** The entry point of a script that runs gunicorn itself: it loads the app before fork. */
export function embeddedGunicornEntry(path: string, location: Location): EntryPoint {
  return {
    server: "gunicorn",
    location,
    source: `${path} (gunicorn run from the script)`,
    preload: { kind: "on" },
    preloadLocation: location,
    mitigation: "none",
    notes: [
      `${path} runs gunicorn from its own code (a BaseApplication subclass): the process that runs it is gunicorn's master, and what it imports, the app included, is loaded there before the workers are forked`,
    ],
  };
}
