// Waiting for and stopping processes by id. Every process the oracle starts leads its own
// process group, so a last SIGKILL to the group also reaches workers a master left behind.

import { readFileSync, rmSync } from "node:fs";

/** Process groups still running, with the signal that ends each at once if the run is cut short. */
const running = new Map<number, NodeJS.Signals>();
/** Temporary directories to remove if the run is cut short. */
const scratch = new Set<string>();
let hooked = false;

/**
 * Records a process group the oracle started, so that a run ended by Ctrl-C, a timeout's
 * SIGTERM or an uncaught error still ends it.
 */
export function track(pid: number, lastResort: NodeJS.Signals = "SIGKILL"): void {
  running.set(pid, lastResort);
  hook();
}

/** Records a temporary directory to remove if the run is cut short. */
export function trackDir(dir: string): void {
  scratch.add(dir);
  hook();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", endAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      endAll();
      process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGTERM" ? 15 : 1));
    });
  }
}

/** Synchronous, as an exit handler must be: signal every group, wait up to 3 s, remove dirs. */
function endAll(): void {
  for (const [pid, sig] of running) signal(-pid, sig);
  const deadline = Date.now() + 3_000;
  const tick = new Int32Array(new SharedArrayBuffer(4));
  while ([...running.keys()].some(alive) && Date.now() < deadline) Atomics.wait(tick, 0, 0, 50);
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  running.clear();
  scratch.clear();
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false; // gone between the two checks
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `pid` has exited; false when it is still running after `timeoutMs`. */
export async function waitExit(pid: number, timeoutMs: number, exited?: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited ? exited() : !alive(pid)) return true;
    await sleep(50);
  }
  return exited ? exited() : !alive(pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Stops a process group led by `pid`:
 *  1. send `sig` to the leader (gunicorn: SIGTERM; uWSGI: SIGQUIT, as SIGTERM reloads it);
 *  2. wait for the leader to exit;
 *  3. SIGKILL whatever is left in the group.
 */
export async function stopGroup(pid: number, sig: NodeJS.Signals, exited?: () => boolean): Promise<void> {
  signal(pid, sig);
  const clean = await waitExit(pid, 10_000, exited);
  signal(-pid, "SIGKILL");
  if (!clean) signal(pid, "SIGKILL");
  running.delete(pid);
}

/** The directory is gone by normal means; nothing to remove on exit. */
export function untrackDir(dir: string): void {
  scratch.delete(dir);
}
