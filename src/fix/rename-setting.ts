// FS111: a preload setting spelled so that gunicorn ignores it (`PRELOAD_APP`, `preload`) is
// renamed to `preload_app`, the edit the finding carries. Renaming turns preload on: when the
// repository has startup database work, the same change closes connections before fork (and
// disposes SQLAlchemy engines), so the fixed file raises no FS110 or FS203 of its own.
import type { Finding } from "../analysis/types.js";
import { disposeEngine } from "./engine-dispose.js";
import { addMasterClose } from "./gunicorn-master-close.js";
import { Refused } from "./refused.js";
import { rangeOf } from "./text-edits.js";
import type { FixWorkspace } from "./workspace.js";

const STARTUP_WORK = new Set(["FS101", "FS102", "FS103"]);

export async function renameSetting(ws: FixWorkspace, finding: Finding): Promise<void> {
  const edit = finding.fix?.edits?.length === 1 ? finding.fix.edits[0]! : undefined;
  if (!edit || edit.replacement !== "preload_app") return; // the file sets preload_app already: the fix is to delete the line, by hand
  const path = edit.location.path;
  const file = await ws.file(path);
  if ("problem" in file) throw new Refused(file.problem);
  const { start, end } = rangeOf(file.text, edit.location);
  const name = file.text.slice(start, end);
  if (!/^preload/i.test(name)) throw new Refused(`${path}:${edit.location.startLine}: the text there is not the setting the finding names`);
  const readers = ws.result.entryPoints.filter((ep) => ep.server === "gunicorn" && ep.configFile === path);
  if (readers.length > 0 && ws.result.findings.some((f) => STARTUP_WORK.has(f.ruleId)) && readers.some((ep) => ep.mitigation === "none")) {
    await addMasterClose(ws, finding, path);
  }
  for (const engineFinding of ws.result.findings.filter((f) => f.ruleId === "FS203")) {
    const cited = readers.filter((ep) =>
      engineFinding.entryPoints.some((ref) => ref.location.path === ep.location.path && ref.location.startLine === ep.location.startLine),
    );
    if (cited.length > 0)
      await disposeEngine(
        ws,
        engineFinding,
        cited.map((ep) => ({ ...ep, preload: { kind: "on" } })),
      );
  }
  ws.change(path, finding, `${path}: ${name} renamed to preload_app, the name gunicorn reads`, { edits: [{ start, end, insert: "preload_app" }] });
}
