// setup.cfg read the way Python's configparser reads it: `[section]`, `key = value` or
// `key: value`, and values continued on indented lines (`package_dir =\n    =src`). The `ini`
// package does not keep continuation lines (it makes each its own key), so setuptools' multi-line
// options need this small reader.

export type CfgSections = Map<string, Map<string, string>>;

export function parseSetupCfg(text: string): CfgSections {
  const sections: CfgSections = new Map();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = sections.get(header[1]!.trim()) ?? new Map();
      sections.set(header[1]!.trim(), section);
      key = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(raw) && key !== undefined) {
      section.set(key, `${section.get(key)}\n${raw.trim()}`);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!pair) continue;
    key = pair[1]!.trim().toLowerCase();
    section.set(key, pair[2]!.trim());
  }
  return sections;
}

/** `key = value` lines of a multi-line value (`=src`, `shop = lib/shop`); the key may be empty. */
export function cfgPairs(value: string | undefined): Array<[string, string]> {
  if (!value) return [];
  return value
    .split("\n")
    .map((line) => /^([^=]*)=\s*(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!.trim(), m[2]!.trim()]);
}

/** The items of a list value, one a line or comma-separated. */
export function cfgList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
