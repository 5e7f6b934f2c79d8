// Waiting for and stopping processes by id. Every process the oracle starts leads its own
// process group, so a last SIGKILL to the group also reaches workers a master left behind.

import { readFileSync } from "node:fs";

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
}
