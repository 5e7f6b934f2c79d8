// gunicorn's worker count when its command and config give none: $WEB_CONCURRENCY from the
// repository's environment files, or the platform's (a Procfile deploy's buildpack sets it).
import { describe, expect, it } from "vitest";
import { hazardLevel } from "../../src/analysis/servers/hazard-levels.js";
import type { StartupWork } from "../../src/analysis/startup-work.js";
import { entryPointsOf } from "./helpers.js";

const PLATFORM =
  "no worker count given: gunicorn takes it from WEB_CONCURRENCY, which the platform's Python buildpack sets for the dyno size (several workers as a rule), else 1";
const scheduler: StartupWork & { hazard: "scheduler" } = {
  ruleId: "FS201",
  hazard: "scheduler",
  location: { path: "app.py", startLine: 5, startColumn: 1, endLine: 5, endColumn: 18 },
  message: "scheduler.start() starts a scheduler",
  chain: [],
};

describe("worker count", () => {
  it("says a Procfile's gunicorn takes its workers from the platform's WEB_CONCURRENCY", async () => {
    const eps = await entryPointsOf({ Procfile: "web: gunicorn app:app\nalt: gunicorn -w 3 app:app\n" });
    expect(eps.map((e) => [e.workers, e.notes.includes(PLATFORM)])).toEqual([
      [undefined, true],
      [3, false],
    ]);
  });

  it("gives the reason in a scheduler's level", async () => {
    const level = hazardLevel(scheduler, await entryPointsOf({ Procfile: "web: gunicorn app:app\n" }));
    expect(level?.severity).toBe("warning");
    expect(level?.why).toContain("with as many workers as the platform's WEB_CONCURRENCY says");
  });

  it("takes WEB_CONCURRENCY from a Dockerfile's ENV and a compose service's environment", async () => {
    const eps = await entryPointsOf({
      Dockerfile: 'FROM python:3.12\nENV WEB_CONCURRENCY=1\nCMD ["gunicorn", "app:app"]\n',
      "compose.yaml": "services:\n  web:\n    command: gunicorn app:app\n    environment:\n      WEB_CONCURRENCY: 5\n",
    });
    expect(eps.map((e) => [e.source, e.workers])).toEqual([
      ["compose.yaml service web command", 5],
      ["Dockerfile CMD", 1],
    ]);
    expect(eps[1]?.notes).toContain("workers = 1 from WEB_CONCURRENCY set in Dockerfile");
    expect(hazardLevel(scheduler, eps.slice(1))).toBeUndefined();
  });

  it("lets the command and the config file win over WEB_CONCURRENCY", async () => {
    const eps = await entryPointsOf({
      Dockerfile: 'FROM python:3.12\nENV WEB_CONCURRENCY=1\nCMD ["gunicorn", "-c", "conf.py", "app:app"]\n',
      "conf.py": "workers = 6\n",
    });
    expect(eps.map((e) => e.workers)).toEqual([6]);
  });

  it("says a worker count it cannot read is not known", async () => {
    const eps = await entryPointsOf({
      Procfile: "web: gunicorn -w $WORKERS app:app\nalt: WEB_CONCURRENCY=$CPUS gunicorn app:app\nconf: gunicorn -c conf.py app:app\n",
      "conf.py": "import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\n",
    });
    expect(eps.map((e) => [e.workers, e.notes.at(-1)])).toEqual([
      [undefined, "workers = $WORKERS: not known here"],
      [undefined, "workers from WEB_CONCURRENCY=$CPUS: not known here"],
      [undefined, "workers = multiprocessing.cpu_count() * 2 + 1 in conf.py: not known here"],
    ]);
  });
});
