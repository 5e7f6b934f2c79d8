// Pre-fork loading under uWSGI (FS110, the findings it covers, FS112 and FS203 there):
// `lazy-apps = true`, so each worker loads the app itself after fork. In the ini or YAML config
// the launch reads, at the line the finding names; or `--lazy-apps` on the command line when the
// command is the only configuration.
import { readIni } from "../analysis/servers/ini-lines.js";
import type { EntryPoint, Finding } from "../analysis/types.js";
import { formatOf } from "./parse-check.js";
import { Refused } from "./refused.js";
import { lineEnd, newlineOf, rangeOf, type TextEdit } from "./text-edits.js";
import type { FixWorkspace } from "./workspace.js";

const DESCRIPTION = "lazy-apps makes each uWSGI worker load the app itself, after fork";

export async function lazyApps(ws: FixWorkspace, finding: Finding, ep: EntryPoint): Promise<void> {
  const template = ep.notes.find((n) => n.includes("is a template with unexpanded placeholders"));
  if (template) throw new Refused(`${template.split(" is a template")[0]}: generated from a template; set lazy-apps in the template by hand`);
  const place = ep.preloadLocation;
  if (!place) throw new Refused(`${ep.source}: no line in the repository decides how uWSGI loads the app`);
  const file = await ws.file(place.path);
  if ("problem" in file) throw new Refused(file.problem);
  const { start, end } = rangeOf(file.text, place);
  const word = file.text.slice(start, end);
  let edit: TextEdit;
  if (word === "[uwsgi]" && formatOf(place.path) === "ini") edit = iniEdit(place.path, file.text);
  else if (/^uwsgi:?$/.test(word) && formatOf(place.path) === "yaml" && file.text[end] === ":") edit = yamlEdit(file.text, start);
  else if (/(^|\/)uwsgi$/.test(word)) edit = commandEdit(file.text, end);
  else throw new Refused(`${place.path}:${place.startLine}: not a place lazy-apps can be set exactly`);
  const where = word === "[uwsgi]" || word.startsWith("uwsgi:") ? place.path : `${place.path} (the command line)`;
  ws.change(place.path, finding, `${where}: ${DESCRIPTION}`, { edits: [edit] });
}

/** `lazy-apps = true` after the `[uwsgi]` header, or an existing false lazy-apps set to true. */
function iniEdit(path: string, text: string): TextEdit {
  const ini = readIni(path, text);
  const entries = ini.entries.filter((e) => e.section === "uwsgi");
  const lazy = entries.find((e) => /^lazy(-apps|_apps)?$/i.test(e.key));
  if (lazy) {
    if (/\$\(/.test(lazy.value.text)) throw new Refused(`${path}: ${lazy.key} comes from the environment (${lazy.value.text}); set it there`);
    return { start: lazy.value.start, end: lazy.value.end, insert: "true" };
  }
  const header = ini.sections.find((s) => s.name === "uwsgi")!;
  const first = entries[0];
  const separator = first ? text.slice(first.lineStart + first.key.length, first.value.start).replace(/[^=:\s]/g, "") || " = " : " = ";
  const at = lineEnd(text, header.end);
  const nl = newlineOf(text);
  return at === text.length && !text.endsWith("\n")
    ? { start: at, end: at, insert: `${nl}lazy-apps${separator}true` }
    : { start: at, end: at, insert: `lazy-apps${separator}true${nl}` };
}

/** `lazy-apps: true` as the first key under `uwsgi:`, indented as the keys after it. */
function yamlEdit(text: string, keyStart: number): TextEdit {
  const after = lineEnd(text, keyStart);
  const rest = text.slice(after).split("\n");
  const next = rest.find((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  const indent = next ? /^(\s*)/.exec(next)![1]! : "";
  const keyIndent = keyStart - text.lastIndexOf("\n", keyStart - 1) - 1;
  if (!next || indent.length <= keyIndent || /\blazy(-apps|_apps)?\s*:/.test(text.slice(after))) {
    throw new Refused("the uwsgi: mapping is not laid out one key a line, or already names lazy-apps; set lazy-apps: true by hand");
  }
  return { start: after, end: after, insert: `${indent}lazy-apps: true${newlineOf(text)}` };
}

/** `--lazy-apps` right after the `uwsgi` word: a shell word, or a quoted item of an exec-form list. */
function commandEdit(text: string, end: number): TextEdit {
  const quote = text[end];
  if (quote === '"' || quote === "'") {
    if (!/^\s*,/.test(text.slice(end + 1))) throw new Refused("the uwsgi command's words are not laid out as a list; add --lazy-apps by hand");
    return { start: end + 1, end: end + 1, insert: `, ${quote}--lazy-apps${quote}` };
  }
  if (end < text.length && !/\s/.test(text[end]!)) throw new Refused("the uwsgi word is followed by something other than a space; add --lazy-apps by hand");
  return { start: end, end, insert: " --lazy-apps" };
}
