// The one schema of forksafe.yml (CLI, repository root) and .github/forksafe.yml (app).
import { z } from "zod";

export const SEVERITY_SETTINGS = ["error", "warning", "note", "off"] as const;
export const FAIL_ON = ["error", "warning", "note", "never"] as const;

const ruleId = z.string().regex(/^FS\d{3}$/, "must be a rule id such as FS101");

export const configSchema = z
  .object({
    /** Globs of files to analyse; default everything. */
    include: z.array(z.string().min(1)).default(["**"]),
    /** Globs of files to leave out, on top of the built-in ones (vendored and virtualenv dirs). */
    exclude: z.array(z.string().min(1)).default([]),
    /** Per-rule severity, or `off`. */
    rules: z.record(ruleId, z.enum(SEVERITY_SETTINGS)).default({}),
    /** Extra names of calls that touch the database: `get_setting`, `billing.rates.load`. */
    database_calls: z.array(z.string().min(1)).default([]),
    /** Extra files that decide how the app is served (server configs, scripts). */
    entry_points: z.array(z.string().min(1)).default([]),
    /** The lowest severity that fails the run. */
    fail_on: z.enum(FAIL_ON).default("error"),
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
