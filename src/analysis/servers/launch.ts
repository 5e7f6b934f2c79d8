// Finds the server a command starts (gunicorn or uWSGI), looking through wrappers such as
// `exec`, `newrelic-admin run-program`, `ddtrace-run`, `python -m gunicorn` and `sh -c "..."`.
import type { Server } from "../types.js";
import { simpleCommands, type EnvVar, type LaunchSite, type Word } from "./words.js";

export interface Launch {
  site: LaunchSite;
  server: Server;
  /** The word that names the server. */
  serverWord: Word;
  /** The words after it. */
  args: Word[];
  /** `VAR=value` words before the command, and the file's environment for it. */
  env: EnvVar[];
}

const SERVERS: Record<string, Server> = { gunicorn: "gunicorn", uwsgi: "uwsgi" };
const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh"]);
/** Programs that run the rest of their command line; their own arguments are skipped. */
const WRAPPERS = new Set([
  "exec",
  "env",
  "command",
  "nohup",
  "time",
  "sudo",
  "nice",
  "ionice",
  "chpst",
  "setuidgid",
  "newrelic-admin",
  "ddtrace-run",
  "opentelemetry-instrument",
  "scout-apm",
  "elastic-apm",
  "poetry",
  "pipenv",
  "uv",
  "pdm",
  "hatch",
  "rye",
  "pixi",
  "doppler",
  "dotenv",
  "op",
  "dumb-init",
  "tini",
  "gosu",
  "su-exec",
  "s6-setuidgid",
  "catatonit",
  "wait-for-it",
  "wait-for-it.sh",
]);
const SHELL_KEYWORDS = new Set(["then", "do", "else", "{", "!"]);
/** Words after a wrapper that mean the command installs or inspects the server rather than runs it. */
const NOT_A_RUN = new Set(["pip", "pip3", "install", "add", "remove", "uninstall", "sync", "lock", "show", "echo", "printf", "which", "kill", "pkill"]);

export function findLaunches(site: LaunchSite, fileText: string, depth = 0): Launch[] {
  const launches: Launch[] = [];
  for (const words of simpleCommands(site.command, fileText)) {
    const launch = launchOf(site, words, fileText, depth);
    launches.push(...launch);
  }
  return launches;
}

function launchOf(site: LaunchSite, words: Word[], fileText: string, depth: number): Launch[] {
  const inline: EnvVar[] = [];
  let wrapped = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.text);
    if (assignment && (i === 0 || wrapped || inline.length === i)) {
      inline.push({ name: assignment[1]!, value: after(word, assignment[0].length) });
      continue;
    }
    const base = word.text.split("/").pop() ?? word.text;
    if (wrapped && NOT_A_RUN.has(base)) return [];
    const server = SERVERS[base];
    if (server) {
      return [{ site, server, serverWord: word, args: words.slice(i + 1), env: [...site.env, ...inline] }];
    }
    const next = words[i + 1];
    if (/^python[0-9.]*$/.test(base) && next?.text === "-m") {
      const module = words[i + 2];
      const moduleServer = module && SERVERS[module.text];
      if (module && moduleServer) {
        return [{ site, server: moduleServer, serverWord: module, args: words.slice(i + 3), env: [...site.env, ...inline] }];
      }
      return [];
    }
    if (SHELLS.has(base)) {
      const flag = words.findIndex((w, j) => j > i && /^-[a-z]*c[a-z]*$/.test(w.text));
      const script = flag >= 0 ? words[flag + 1] : undefined;
      if (!script || depth > 3) return [];
      const inner: LaunchSite = { ...site, command: { kind: "shell", piece: script }, env: [...site.env, ...inline] };
      return findLaunches(inner, fileText, depth + 1);
    }
    if (WRAPPERS.has(base) || base.endsWith(".sh") || base.includes("entrypoint")) {
      wrapped = true;
      continue;
    }
    if (SHELL_KEYWORDS.has(word.text) && i === 0) continue;
    if (!wrapped) return [];
  }
  return [];
}

/** The part of a word after `skip` characters (`--config=x` gives `x`), placed in the file when it can be. */
export function after(word: Word, skip: number): Word {
  const exact = word.end - word.start === word.text.length;
  return {
    text: word.text.slice(skip),
    path: word.path,
    start: exact ? word.start + skip : word.start,
    end: word.end,
  };
}

/** An option's value: `--name value`, `--name=value`, or `-xvalue` for a short option. */
export function optionValue(args: Word[], i: number, names: readonly string[]): Word | undefined {
  const word = args[i]!;
  for (const name of names) {
    if (word.text === name) return args[i + 1];
    if (name.startsWith("--") && word.text.startsWith(`${name}=`)) return after(word, name.length + 1);
    if (!name.startsWith("--") && word.text.startsWith(name) && word.text.length > name.length) {
      return after(word, name.length);
    }
  }
  return undefined;
}
