// Procfile: `name: command` lines (Heroku, Dokku, foreman, honcho).
import type { ReaderResult } from "../words.js";

export function readProcfile(path: string, text: string): ReaderResult {
  const sites: ReaderResult["sites"] = [];
  let offset = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const match = /^([A-Za-z0-9_-]+):[ \t]*(\S.*)$/.exec(line);
    if (match) {
      const start = offset + line.length - match[2]!.length;
      sites.push({
        path,
        source: `${path} ${match[1]} process`,
        command: { kind: "shell", piece: { text: match[2]!, path, start, end: offset + line.length } },
        env: [],
      });
    }
    offset += raw.length + 1;
  }
  return { sites, env: [] };
}
