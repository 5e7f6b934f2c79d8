// systemd units (`[Service] ExecStart=`, `Environment=`) and supervisord programs
// (`[program:x] command=`, `environment=`), read with the line reader that keeps places.
import { parse } from "shell-quote";
import { readIni, type IniEntry } from "../ini-lines.js";
import { after } from "../launch.js";
import type { EnvVar, LaunchSite, ReaderResult, Word } from "../words.js";

export function readIniUnits(path: string, text: string): ReaderResult {
  const ini = readIni(path, text);
  const out: ReaderResult = { sites: [], env: [] };
  const groups = new Map<string, IniEntry[]>();
  for (const entry of ini.entries) {
    if (entry.section === "Service" || entry.section.startsWith("program:")) {
      groups.set(entry.section, [...(groups.get(entry.section) ?? []), entry]);
    }
  }
  for (const [section, list] of groups) {
    const systemd = section === "Service";
    const env = list.flatMap((e) => (e.key === "Environment" || e.key === "environment" ? envAssignments(e.value, systemd) : []));
    const workdir = list.find((e) => e.key === (systemd ? "WorkingDirectory" : "directory"))?.value.text;
    const commands = list.filter((e) => (systemd ? e.key === "ExecStart" : e.key === "command"));
    for (const { value } of commands) {
      const prefix = systemd ? (/^[-@:+!]*/.exec(value.text)?.[0].length ?? 0) : 0;
      const site: LaunchSite = {
        path,
        source: systemd ? `${path} ExecStart` : `${path} ${section}`,
        command: { kind: "shell", piece: after(value, prefix) },
        env,
        ...(workdir ? { workdir } : {}),
      };
      out.sites.push(site);
    }
    if (commands.length === 0) out.env.push(...env);
  }
  return out;
}

/** `Environment="A=1" "B=2"` (systemd) or `environment=A="1",B="2"` (supervisord). */
function envAssignments(value: Word, systemd: boolean): EnvVar[] {
  const out: EnvVar[] = [];
  const words = systemd ? parse(value.text).filter((w): w is string => typeof w === "string") : splitCommas(value.text);
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) continue;
    const name = word.slice(0, eq);
    const text = word.slice(eq + 1).replace(/^"(.*)"$/, "$1");
    const at = value.text.indexOf(word.slice(eq + 1).replace(/^"/, ""), value.text.indexOf(name));
    const exact = at >= 0 && value.end - value.start === value.text.length;
    out.push({
      name,
      value: { text, path: value.path, start: exact ? value.start + at : value.start, end: exact ? value.start + at + text.length : value.end },
    });
  }
  return out;
}

/** supervisord's `KEY="a,b",OTHER=c`: commas outside quotes separate assignments. */
function splitCommas(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote = "";
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ",") {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
