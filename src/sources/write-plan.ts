// Writes a fix plan into a directory on disk, for the CLI and the Action. All or nothing as far
// as checks go: every file is checked first (inside the directory, no link leading out of it, its
// text still the text the plan was made from, a new file not there yet), and only then written,
// each through a temporary file renamed over it, keeping its mode.
import { lstatSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { FixPlan } from "../fix/types.js";
import { isInside, UsageError } from "./fs-tree.js";

/** Writes the plan's changes under `root`; throws a UsageError naming the file when any check fails, before writing anything. */
export function writePlan(root: string, plan: FixPlan): string[] {
  const rootReal = realpathSync.native(root);
  const targets = plan.changes.map((change) => {
    const full = path.resolve(root, change.path);
    if (!isInside(path.resolve(root), full)) throw new UsageError(`${change.path}: outside ${root}; nothing written`);
    const info = lstatOrUndefined(full);
    if (change.before === null) {
      if (info) throw new UsageError(`${change.path}: exists now, but the fix would create it; nothing written`);
      const parent = nearestExisting(path.dirname(full));
      if (!isInside(rootReal, realpathSync.native(parent))) throw new UsageError(`${change.path}: its directory leads outside ${root}; nothing written`);
    } else {
      if (!info) throw new UsageError(`${change.path}: no longer exists; nothing written`);
      const real = realpathSync.native(full);
      if (!isInside(rootReal, real)) throw new UsageError(`${change.path}: a symbolic link to a file outside ${root}; nothing written`);
      if (readFileSync(real, "utf8") !== change.before) throw new UsageError(`${change.path}: changed since it was read; nothing written`);
    }
    return { change, full };
  });
  for (const { change, full } of targets) {
    const real = change.before === null ? full : realpathSync.native(full);
    mkdirSync(path.dirname(real), { recursive: true });
    const temp = `${real}.forksafe-${process.pid}.tmp`;
    writeFileSync(temp, change.after, { mode: change.before === null ? 0o644 : statSync(real).mode });
    renameSync(temp, real);
  }
  return plan.changes.map((c) => c.path);
}

function lstatOrUndefined(full: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(full);
  } catch {
    return undefined;
  }
}

function nearestExisting(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (lstatOrUndefined(d)) return d;
    if (path.dirname(d) === d) return d;
  }
}
