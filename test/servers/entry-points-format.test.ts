import { describe, expect, it } from "vitest";
import type { EntryPoint } from "../../src/analysis/types.js";
import { formatEntryPoints } from "../../src/report/entry-points.js";

const loc = (path: string, line: number) => ({ path, startLine: line, startColumn: 1, endLine: line, endColumn: 2 });

describe("the entry point text", () => {
  it("shows server, place, source, preload, mitigation, worker class and notes", () => {
    const eps: EntryPoint[] = [
      {
        server: "gunicorn",
        location: loc("Procfile", 1),
        source: "Procfile web process",
        preload: { kind: "env", variable: "PRELOAD", fallback: false },
        preloadLocation: loc("gunicorn.conf.py", 3),
        mitigation: "worker-close",
        mitigationLocation: loc("gunicorn.conf.py", 9),
        workerClass: "gevent",
        notes: ["config file gunicorn.conf.py: -c"],
      },
      { server: "uwsgi", location: loc("uwsgi.ini", 1), source: "uwsgi.ini", preload: { kind: "off" }, mitigation: "none", notes: [] },
    ];
    expect(formatEntryPoints(eps)).toBe(
      [
        "2 entry points",
        "",
        "gunicorn  Procfile:1  Procfile web process",
        "  preload:      depends on PRELOAD, default off (gunicorn.conf.py:3)",
        "  mitigation:   connections closed in each worker after fork (fragile) (gunicorn.conf.py:9)",
        "  worker class: gevent",
        "  note:         config file gunicorn.conf.py: -c",
        "",
        "uwsgi  uwsgi.ini:1  uwsgi.ini",
        "  preload:      off",
        "",
      ].join("\n"),
    );
  });

  it("says when there are none", () => {
    expect(formatEntryPoints([])).toBe("No gunicorn or uWSGI entry points found.\n");
  });
});
