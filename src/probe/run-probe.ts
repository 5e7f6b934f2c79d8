// Runs the team's server command with the probe's hook and waits for the first fork's report.
// The command runs as its own process group; whatever happens, the whole group is stopped by its
// id before this returns, and the group is checked to be gone.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FORK_CLIENTS } from "../analysis/knowledge/clients.js";
import { hookDirectory } from "./hook-path.js";
import { readForkReport, readJournal, readWorkerReport, type ForkReport, type JournalEntry, type WorkerReport } from "./hook-report.js";

export const DEFAULT_TIMEOUT_SECONDS = 60;
/** How long the first worker has to reach its first accept() and say what it closed. */
export const WORKER_GRACE_MS = 5_000;
/** How long the server has to exit on its stop signal before the group is killed. */
const STOP_GRACE_MS = 5_000;
const POLL_MS = 50;
/** The server's output kept for the report on a fault (its tail). */
const OUTPUT_KEPT = 64 * 1024;

export type ProbeFault =
  | { kind: "not-found"; command: string; reason: "not found" | "not executable" }
  | { kind: "exited"; code: number | null; signal: string | null }
  | { kind: "timeout"; seconds: number }
  | { kind: "no-hook" };

export interface ProbeRun {
  command: string[];
  report?: ForkReport;
  worker?: WorkerReport;
  /** The first worker did not report within WORKER_GRACE_MS (it crashed or never accepted). */
  workerSilent?: boolean;
  journal: JournalEntry[];
  /** Whether the hook started in the server's interpreter (its journal has a start line). */
  hookLoaded?: boolean;
  fault?: ProbeFault;
  /** The server's stdout and stderr, interleaved, cut to the last OUTPUT_KEPT characters. */
  output: string;
  /** Seconds from start to the report (or to the fault). */
  seconds: number;
  /** The process group's id, gone by the time this returns. */
  pgid?: number;
}

export interface ProbeOptions {
  cwd: string;
  timeoutSeconds: number;
  env?: NodeJS.ProcessEnv;
}

/**
 *  1. Make a temporary directory for the hook's files; put the hook first on PYTHONPATH.
 *  2. Start the command (argv as given, no shell) leading its own process group.
 *  3. Poll: the fork report; then, when the first worker has one to give, its report.
 *     Stop at the timeout, or when the server exits first.
 *  4. Stop the group by its id (the hook already signalled the master), wait until it is gone.
 *  5. Read the journal, remove the directory.
 */
export async function runProbe(command: string[], options: ProbeOptions): Promise<ProbeRun> {
  const [file, ...args] = command;
  if (!file) throw new Error("no command to run");
  const dir = mkdtempSync(path.join(tmpdir(), "forksafe-probe-"));
  const reportFile = path.join(dir, "report.json");
  const started = Date.now();
  const run: ProbeRun = { command, journal: [], output: "", seconds: 0 };
  const baseEnv = options.env ?? process.env;
  try {
    const hook = hookDirectory();
    const child = spawn(file, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...baseEnv,
        PYTHONPATH: baseEnv.PYTHONPATH ? `${hook}${path.delimiter}${baseEnv.PYTHONPATH}` : hook,
        FORKSAFE_PROBE_REPORT: reportFile,
        FORKSAFE_PROBE_ROOT: options.cwd,
        FORKSAFE_PROBE_CLIENTS: clientConstructors().join(","),
      },
    });
    const keep = (chunk: Buffer) => {
      run.output = (run.output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on("error", (error) => (spawnError = error));
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    run.pgid = child.pid;

    const deadline = started + options.timeoutSeconds * 1000;
    let workerDeadline: number | undefined;
    for (;;) {
      await sleep(POLL_MS);
      if (spawnError) {
        run.fault =
          spawnError.code === "ENOENT" || spawnError.code === "EACCES"
            ? { kind: "not-found", command: file, reason: spawnError.code === "ENOENT" ? "not found" : "not executable" }
            : { kind: "exited", code: null, signal: spawnError.message };
        break;
      }
      run.report ??= readForkReport(reportFile);
      if (run.report) {
        if (run.report.workerPhase === "none") break;
        run.worker = readWorkerReport(`${reportFile}.worker`);
        if (run.worker) break;
        workerDeadline ??= Date.now() + WORKER_GRACE_MS;
        if (Date.now() > workerDeadline || exited()) {
          run.workerSilent = true;
          break;
        }
        continue;
      }
      if (exited()) {
        run.fault = { kind: "exited", code: child.exitCode, signal: child.signalCode };
        break;
      }
      if (Date.now() > deadline) {
        run.fault = { kind: "timeout", seconds: options.timeoutSeconds };
        break;
      }
    }
    run.seconds = (Date.now() - started) / 1000;
    if (child.pid !== undefined) await stopGroup(child.pid, exited);
    run.journal = readJournal(`${reportFile}.journal`);
    run.hookLoaded = run.journal.some((e) => e.event === "start");
    if (!run.fault && !run.report) run.fault = { kind: "no-hook" };
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The constructors of the clients the knowledge table marks as not fork-safe. */
export function clientConstructors(): string[] {
  return FORK_CLIENTS.filter((c) => !c.forkSafe).flatMap((c) => c.constructors);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * True while some process of group `pgid` runs. A zombie (exited, waiting for its parent to reap
 * it) counts as gone: read from /proc where there is one, else asked of the kernel.
 */
export function groupAlive(pgid: number): boolean {
  if (existsSync("/proc/self/stat")) {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // gone meanwhile
      }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * SIGINT to the group unless the leader already exited (the hook sent the master its stop
 * signal): a quick shutdown for gunicorn and uWSGI alike (SIGTERM would make uWSGI reload).
 * Wait for the leader, then SIGKILL the group and wait until no process is left in it.
 */
async function stopGroup(pgid: number, exited: () => boolean): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // the group is gone
    }
  };
  const waitUntil = async (done: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!done() && Date.now() < end) await sleep(POLL_MS);
  };
  await waitUntil(exited, 1_000);
  if (!exited()) signal("SIGINT");
  await waitUntil(exited, STOP_GRACE_MS);
  signal("SIGKILL");
  await waitUntil(() => !groupAlive(pgid), STOP_GRACE_MS);
}
