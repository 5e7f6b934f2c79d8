// The command-line options that matter to the pre-fork question, for gunicorn and uWSGI.
import { optionValue } from "./launch.js";
import type { Word } from "./words.js";

export interface GunicornArgs {
  /** The `--preload` word. */
  preload?: Word;
  /** `-c/--config` value: a path, `file:PATH` or `python:module`. */
  config?: Word;
  workerClass?: Word;
  /** `-w/--workers` value. */
  workers?: Word;
  /** The APP_MODULE operand: `app:app`, `myapp:create_app()`, `proj.wsgi`. */
  app?: Word;
}

/** gunicorn options that take no value: any other `--option` followed by a word takes that word. */
const GUNICORN_FLAGS = new Set([
  "--preload",
  "--reload",
  "-D",
  "--daemon",
  "--capture-output",
  "--check-config",
  "--print-config",
  "--spew",
  "--no-sendfile",
  "--reuse-port",
  "--enable-stdio-inheritance",
  "--proxy-protocol",
  "--strip-header-spaces",
  "--suppress-ragged-eofs",
  "--do-handshake-on-connect",
  "--disable-redirect-access-to-syslog",
  "-R",
  "--help",
  "-h",
  "-v",
  "--version",
]);
const APP_MODULE = /^[A-Za-z_][\w.]*(:[A-Za-z_]\w*(\(.*\))?)?$/;

export function gunicornArgs(args: Word[]): GunicornArgs {
  const out: GunicornArgs = {};
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.text;
    if (text === "--preload") out.preload = args[i];
    const config = optionValue(args, i, ["--config", "-c"]);
    if (config) out.config = config;
    const worker = optionValue(args, i, ["--worker-class", "-k"]);
    if (worker) out.workerClass = worker;
    const workers = optionValue(args, i, ["--workers", "-w"]);
    if (workers) out.workers = workers;
    const previous = args[i - 1]?.text;
    const takesValue =
      // `-` alone is a value (`--access-logfile -`: standard output), not an option.
      previous !== undefined &&
      previous.startsWith("-") &&
      previous !== "-" &&
      !previous.includes("=") &&
      !GUNICORN_FLAGS.has(previous) &&
      !/^-[A-Za-z]./.test(previous);
    if (!text.startsWith("-") && !takesValue && APP_MODULE.test(text)) out.app = args[i];
  }
  return out;
}

export interface UwsgiArgs {
  /** `--lazy-apps` or `--lazy`. */
  lazy?: Word;
  /** Config files: `--ini`, `--yaml`, `--json`, or a config file given alone. */
  configs: Word[];
  /** `--module` / `--wsgi-file` values: where a postfork hook may live. */
  modules: Word[];
  /** `--processes N` / `-p N` / `--workers N`. */
  processes?: Word;
  /** `--master` / `-M`, or `--cheaper N`, which implies a master. */
  master?: Word;
  /** `--enable-threads`, or `--threads N` (which enables them): Python threads the app starts can run. */
  threads?: Word;
}

const TRUE_WORDS = new Set(["", "1", "true", "yes", "on", "y", "t"]);

export function uwsgiArgs(args: Word[]): UwsgiArgs {
  const out: UwsgiArgs = { configs: [], modules: [] };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const lazy = /^--(lazy-apps|lazy)(?:=(.*))?$/.exec(word.text);
    if (lazy && TRUE_WORDS.has((lazy[2] ?? "").toLowerCase())) out.lazy = word;
    const config = optionValue(args, i, ["--ini", "--yaml", "--yml", "--json", "-y", "-j"]);
    if (config) out.configs.push(config);
    else if (!word.text.startsWith("-") && /\.(ini|ya?ml|json)$/.test(word.text) && !args[i - 1]?.text.startsWith("-")) {
      out.configs.push(word);
    }
    const module = optionValue(args, i, ["--module", "--wsgi-file", "--file", "-w"]);
    if (module) out.modules.push(module);
    const processes = optionValue(args, i, ["--processes", "--workers", "-p"]);
    if (processes) out.processes = processes;
    if (/^(--master|-M|--cheaper(=.*)?)$/.test(word.text)) out.master = word;
    if (/^--enable-threads$|^--threads(=[1-9]\d*)?$|^-T$/.test(word.text)) out.threads = word;
  }
  return out;
}

/** How gunicorn and uWSGI read a boolean from text. */
export function truthy(text: string): boolean {
  return TRUE_WORDS.has(text.trim().toLowerCase()) && text.trim() !== "";
}
