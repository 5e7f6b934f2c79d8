// FS110 under gunicorn (and the FS101-FS103 findings it covers): a `when_ready` hook that
// closes the connections the master opened while loading the app, in the config file gunicorn
// reads for that launch. when_ready runs once in the master after loading and before the first
// fork; the runtime oracle measures it (gunicorn-when-ready-close: one backend per worker), as
// it does pre_fork, which also runs before every later respawn but adds nothing while the master
// opens no connection after loading.
import type { EntryPoint, Finding } from "../analysis/types.js";
import { gunicornConfigTarget } from "./entry-points.js";
import type { HookRequest } from "./python-hooks.js";
import { Refused } from "./refused.js";
import type { FixWorkspace } from "./workspace.js";

export const MASTER_CLOSE: HookRequest = {
  name: "when_ready",
  params: "server",
  doc: "Close database connections opened while loading the app, before workers fork.",
  imports: ["from django.db import connections"],
  statements: ["connections.close_all()"],
};

export async function closeInMaster(ws: FixWorkspace, finding: Finding, ep: EntryPoint): Promise<void> {
  const target = gunicornConfigTarget(ep);
  await addMasterClose(ws, finding, target.path);
}

/** The when_ready close in this config file (read, or created when the repository has none). */
export async function addMasterClose(ws: FixWorkspace, finding: Finding, path: string): Promise<void> {
  const file = await ws.file(path);
  if ("problem" in file) throw new Refused(file.problem);
  ws.change(path, finding, `${path}: when_ready closes Django's database connections in the master, before workers fork`, { hooks: [MASTER_CLOSE] });
}
