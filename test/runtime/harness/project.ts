// Scenarios: a base Django project (template/) plus each scenario's own files (scenarios/NAME/),
// copied together into a temporary directory that both the server and the scan read.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const RUNTIME_DIR = fileURLToPath(new URL("..", import.meta.url));
export const TEMPLATE_DIR = join(RUNTIME_DIR, "template");
const SCENARIOS_DIR = join(RUNTIME_DIR, "scenarios");

export type Verdict = "shared" | "isolated";

const scenarioFile = z
  .object({
    server: z.enum(["gunicorn", "uwsgi"]),
    /** What the scenario is built to show; the oracle also checks the runtime agrees. */
    intended: z.enum(["shared", "isolated"]),
    setup: z.string().min(1),
    /**
     * What the view's `backend` is: a PostgreSQL backend (default); for `thread`, the process a
     * thread started at startup is alive in, as the answering worker sees it (0: not alive there);
     * for `scheduler`, the database as usual, and the interval job's runs are counted from jobs.log:
     * the verdict is shared too when not every answering worker ran the job (it ran in the master).
     */
    measures: z.enum(["database", "thread", "scheduler"]).default("database"),
    /** Results the scan must report besides its verdict: "FS201 warning". */
    expects: z.array(z.string().regex(/^FS\d{3} (error|warning|note)$/)).default([]),
  })
  .strict();

export interface Scenario extends z.output<typeof scenarioFile> {
  name: string;
  source: string;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const source = join(SCENARIOS_DIR, entry.name);
      const file = join(source, "scenario.json");
      const parsed = scenarioFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return { ...parsed.data, name: entry.name, source };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Copies the base project and the scenario's files over it; returns the new directory. */
export function materialise(scenario: Scenario): string {
  const dir = mkdtempSync(join(tmpdir(), `forksafe-${scenario.name}-`));
  cpSync(TEMPLATE_DIR, dir, { recursive: true, filter: (src) => !src.includes("__pycache__") });
  cpSync(scenario.source, dir, {
    recursive: true,
    filter: (src) => !src.endsWith("scenario.json") && !src.includes("__pycache__"),
  });
  return dir;
}

/** The `web:` process of the project's Procfile: the command the server really runs. */
export function webCommand(dir: string): string {
  const procfile = readFileSync(join(dir, "Procfile"), "utf8");
  const line = procfile.split("\n").find((l) => /^web\s*:/.test(l));
  if (!line) throw new Error(`${join(dir, "Procfile")}: no web: process`);
  return line.slice(line.indexOf(":") + 1).trim();
}
