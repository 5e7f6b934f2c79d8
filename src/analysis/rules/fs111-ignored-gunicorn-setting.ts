// FS111: a preload setting name that gunicorn silently ignores.
import type { Rule } from "./rule.js";

export const ignoredGunicornSetting: Rule = {
  id: "FS111",
  name: "ignored-gunicorn-setting",
  summary: "A gunicorn config file sets PRELOAD_APP, preload or another spelling gunicorn ignores",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds assignments in a gunicorn config file to names that look like the preload setting but are not it: " +
      "`PRELOAD_APP`, `preload`, `Preload_App` and other case variants. gunicorn reads only the exact lower-case " +
      "setting names (`preload_app`); `--preload` is the command-line spelling, not a config file name.",
    why:
      "gunicorn ignores unknown names in a config file without a word, so the line changes nothing: preload " +
      "stays off when the author meant it on (or the line misleads readers into thinking it is on). Forksafe " +
      "does not treat such a line as pre-fork loading, and says so here.",
    example: ["# gunicorn.conf.py", "workers = 4", "PRELOAD_APP = True"].join("\n"),
    fix:
      "Rename the setting to `preload_app` (an exact edit is suggested when the file does not set `preload_app` " +
      "already), or remove the line. Turning preload on while startup code queries the database shares one " +
      "connection between workers: close connections in a when_ready hook as FS110 describes. `forksafe fix` renames " +
      "the setting and, when the repository has startup database work, adds that hook in the same change (docs/fix.md); " +
      "docs/fix-oracle.md measures the result on gunicorn-wrong-case (one backend per worker, no errors under load) and " +
      "the rename alone as the control (one backend shared by every worker).",
    language: "python",
    fixExample: ["# gunicorn.conf.py", "workers = 4", "preload_app = True"].join("\n"),
  },
};
