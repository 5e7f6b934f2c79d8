// The one schema of forksafe.yml (CLI, repository root) and .github/forksafe.yml (app).
import { z } from "zod";

export const SEVERITY_SETTINGS = ["error", "warning", "note", "off"] as const;
export const FAIL_ON = ["error", "warning", "note", "never"] as const;

const ruleId = z.string().regex(/^FS\d{3}$/, "must be a rule id such as FS101");

export const configSchema = z
  .object({
    /** Globs of files to analyse; default everything. */
    include: z.array(z.string().min(1)).default(["**"]).describe("Globs of files to analyse (picomatch, repository-relative); default everything."),
    /** Globs of files to leave out, on top of the built-in ones (vendored and virtualenv dirs). */
    exclude: z
      .array(z.string().min(1))
      .default([])
      .describe("Globs of files to leave out, on top of the built-in exclusions (node_modules, .git, virtualenvs, site-packages, __pycache__, .tox, .nox)."),
    /** Per-rule severity, or `off`. */
    rules: z
      .record(ruleId, z.enum(SEVERITY_SETTINGS))
      .default({})
      .describe("A fixed level for a rule (error, warning, note), or off to drop it, by rule id: { FS102: note }."),
    /** Extra names of calls that touch the database: `get_setting`, `billing.rates.load`. */
    database_calls: z.array(z.string().min(1)).default([]).describe("Extra calls that touch the database, e.g. a project helper billing.rates.load."),
    /** Extra files that decide how the app is served (server configs, scripts). */
    entry_points: z.array(z.string().min(1)).default([]).describe("Extra files that decide how the app is served (server configs, start scripts)."),
    /** The lowest severity that fails the run. */
    fail_on: z.enum(FAIL_ON).default("error").describe("The lowest level that fails the run: error, warning, note or never."),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type FailOn = (typeof FAIL_ON)[number];

export const DEFAULT_CONFIG: Config = configSchema.parse({});

/** Directories never analysed: dependencies and build output, not the repository's own code. */
export const BUILTIN_EXCLUDES = [
  "**/node_modules/**",
  "**/.git/**",
  "**/.venv/**",
  "**/venv/**",
  "**/env/lib/**",
  "**/site-packages/**",
  "**/__pycache__/**",
  "**/.tox/**",
  "**/.nox/**",
];
