// A uWSGI config file (ini `[uwsgi]`, YAML or JSON `uwsgi:`): whether it sets lazy-apps.
import type { Preload } from "../types.js";
import { readIni } from "./ini-lines.js";
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

function fromOptions(path: string, header: Word, options: { key: string; value: Word }[]): UwsgiConfig {
  const config: UwsgiConfig = { path, header, preload: { kind: "on" }, modules: [] };
  for (const { key, value } of options) {
    const name = key.replace(/_/g, "-").toLowerCase();
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
