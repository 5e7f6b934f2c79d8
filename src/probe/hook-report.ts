// The files the Python hook writes (python/forksafe_probe/forksafe_probe_hook.py), read back with
// a schema so that a hook of another version, or a file cut short, is a clear error.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";

const frame = z.object({
  file: z.string(),
  line: z.number().int(),
  name: z.string(),
  team: z.boolean(),
  /** Team frames: the path relative to the project root, and columns (1-based, end exclusive). */
  path: z.string().optional(),
  endLine: z.number().int().optional(),
  col: z.number().int().optional(),
  endCol: z.number().int().optional(),
  /** Library frames: the top-level package, its version when it says, the file under it. */
  package: z.string().optional(),
  version: z.string().optional(),
});
export type HookFrame = z.output<typeof frame>;

const item = z.object({
  kind: z.enum(["database", "thread", "client", "socket"]),
  library: z.string(),
  /** Innermost first. */
  stack: z.array(frame),
  owner: z.enum(["django", "sqlalchemy"]).optional(),
  name: z.string().optional(),
  daemon: z.boolean().optional(),
  peer: z.string().optional(),
});
export type HookItem = z.output<typeof item>;

const forkReport = z.object({
  version: z.literal(1),
  /** The master's process id. */
  pid: z.number().int(),
  server: z.enum(["gunicorn", "uwsgi", "unknown"]),
  takenIn: z.string(),
  /** Whether the master loaded the app before forking; null when the server does not say. */
  preload: z.boolean().nullable(),
  /** Modules of the project imported in the master by then. */
  teamModules: z.number().int(),
  items: z.array(item),
  /** "pending": the first worker will report what its initialisation closed (gunicorn). */
  workerPhase: z.enum(["pending", "none"]),
  hookSeconds: z.number(),
});
export type ForkReport = z.output<typeof forkReport>;

const workerReport = z.object({
  pid: z.number().int(),
  handled: z.array(z.object({ index: z.number().int(), how: z.string() })),
  hookSeconds: z.number(),
});
export type WorkerReport = z.output<typeof workerReport>;

const journalEntry = z.discriminatedUnion("event", [
  z.object({ event: z.literal("start"), pid: z.number().int(), python: z.string() }),
  z.object({ event: z.literal("created"), pid: z.number().int(), kind: z.enum(["database", "thread", "client"]), library: z.string(), stack: z.array(frame) }),
  z.object({ event: z.literal("attempt"), pid: z.number().int(), kind: z.literal("database"), library: z.string(), error: z.string(), stack: z.array(frame) }),
]);
export type JournalEntry = z.output<typeof journalEntry>;

export class HookFileError extends Error {}

function parse<T>(schema: z.ZodType<T>, file: string, text: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HookFileError(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HookFileError(`${file}: not a report of this version of the probe's hook (${parsed.error.issues[0]?.message ?? "invalid"})`);
  return parsed.data;
}

export function readForkReport(file: string): ForkReport | undefined {
  return existsSync(file) ? parse(forkReport, file, readFileSync(file, "utf8")) : undefined;
}

export function readWorkerReport(file: string): WorkerReport | undefined {
  return existsSync(file) ? parse(workerReport, file, readFileSync(file, "utf8")) : undefined;
}

/** The journal's entries; a last line cut short by a kill is left out. */
export function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, "utf8").split("\n");
  const entries: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      entries.push(parse(journalEntry, file, line));
    } catch (error) {
      if (i < lines.length - 2) throw error;
    }
  });
  return entries;
}
