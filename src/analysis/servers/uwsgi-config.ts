// A uWSGI config file (ini `[uwsgi]`, YAML or JSON `uwsgi:`): whether it sets lazy-apps, the
// modules it serves, its processes and master; and, for a template (`uwsgi.ini.j2`), which values
// are unexpanded placeholders and what is assumed for them.
import type { Preload } from "../types.js";
import { readIni } from "./ini-lines.js";
import { CONFIG_PLACEHOLDER } from "./placeholders.js";
import { truthy } from "./server-args.js";
import type { Word } from "./words.js";
import { entries, get, keyWord, scalarWord, yamlDocuments } from "./yaml-nodes.js";

export interface UwsgiConfig {
  path: string;
  /** The `[uwsgi]` header or `uwsgi:` key: where "loads before fork" is reported. */
  header: Word;
  preload: Preload;
  /** The lazy-apps line, when there is one. */
  lazyWord?: Word;
  modules: string[];
  processes?: string;
  /** `chdir = DIR`: where relative modules and files are found. */
  chdir?: string;
  /** `master = true`, or an option that implies a master (`cheaper`). */
  master?: boolean;
  /** `enable-threads = true`, or `threads = N` (which enables them). */
  threads?: boolean;
  /** What a reader should know: placeholders left unexpanded, and what was assumed. */
  notes: string[];
}

/** Reads a uWSGI config; undefined when the file has no uwsgi section, an error string when unreadable. */
export function readUwsgiConfig(path: string, text: string, format: "ini" | "yaml"): UwsgiConfig | string | undefined {
  if (format === "ini") {
    const ini = readIni(path, text);
    const section = ini.sections.find((s) => s.name === "uwsgi");
    if (!section) return undefined;
    const header: Word = { text: "[uwsgi]", path, start: section.start, end: section.end };
    const options = ini.entries.filter((e) => e.section === "uwsgi").map((e) => ({ key: e.key, value: e.value }));
    return fromOptions(path, header, options);
  }
  const parsed = yamlDocuments(text);
  if ("error" in parsed) return parsed.error;
  for (const doc of parsed.docs) {
    const section = get(doc, "uwsgi");
    const header = keyWord(doc, "uwsgi", path);
    if (!section || !header) continue;
    const options = entries(section).flatMap(([key, node]) => {
      const value = scalarWord(node, path);
      return value ? [{ key, value }] : [];
    });
    return fromOptions(path, header, options);
  }
  return undefined;
}

function fromOptions(path: string, header: Word, raw: { key: string; value: Word }[]): UwsgiConfig {
  const config: UwsgiConfig = { path, header, preload: { kind: "on" }, modules: [], notes: [] };
  const options = expandOwn(raw);
  const unknown = options.filter((o) => CONFIG_PLACEHOLDER.test(o.value.text));
  if (unknown.length > 0) config.notes.push(placeholderNote(path, unknown));
  for (const { key, value } of options) {
    const name = key.replace(/_/g, "-").toLowerCase();
    if (CONFIG_PLACEHOLDER.test(value.text)) continue;
    if (name === "master") config.master = truthy(value.text);
    if (name === "cheaper") config.master = true;
    if (name === "enable-threads") config.threads = truthy(value.text);
    if (name === "threads" && /^[1-9]\d*$/.test(value.text.trim())) config.threads = true;
    if (name === "chdir") config.chdir = value.text;
    if (name === "lazy-apps" || name === "lazy") {
      const variable = /^\$\((\w+)\)$/.exec(value.text.trim());
      config.lazyWord = { ...value, text: `${key} = ${value.text}` };
      config.preload = variable ? { kind: "env", variable: variable[1]!, fallback: true } : truthy(value.text) ? { kind: "off" } : { kind: "on" };
    } else if (["module", "wsgi-file", "file", "wsgi"].includes(name)) {
      config.modules.push(value.text);
    } else if (name === "processes" || name === "workers") {
      config.processes = value.text;
    }
  }
  return config;
}

/** uWSGI expands `%(name)` from the file's own options; Python-style `%(name)s` is read the same way. */
function expandOwn(options: { key: string; value: Word }[]): { key: string; value: Word }[] {
  const own = new Map(options.map((o) => [o.key, o.value.text]));
  return options.map(({ key, value }) => {
    const text = value.text.replace(/%\(([\w.-]+)\)s?/g, (m, name: string) =>
      name !== key && own.has(name) && !CONFIG_PLACEHOLDER.test(own.get(name)!) ? own.get(name)! : m,
    );
    return { key, value: { ...value, text } };
  });
}

/** Which values are unknown, and what the entry point assumes for each. */
function placeholderNote(path: string, unknown: { key: string; value: Word }[]): string {
  const names = unknown.map((o) => o.key.replace(/_/g, "-").toLowerCase());
  const assumed = [
    ...(names.some((n) => n === "lazy-apps" || n === "lazy") ? ["lazy-apps unset, so uWSGI loads the app before fork (its default)"] : []),
    ...(names.some((n) => n === "processes" || n === "workers") ? ["the number of processes unknown"] : []),
    ...(names.some((n) => ["module", "wsgi-file", "file", "wsgi"].includes(n)) ? ["the served module unknown"] : []),
    ...(names.includes("master") ? ["no master"] : []),
  ];
  const values = unknown.map((o) => `${o.key} = ${o.value.text}`).join(", ");
  return `${path} is a template with unexpanded placeholders: ${values}; assumed ${assumed.length > 0 ? assumed.join(", ") : "they change nothing about loading"}`;
}
