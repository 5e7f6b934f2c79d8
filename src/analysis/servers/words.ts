// Command words with their place in the file: what every reader hands to the launch finder.
import { parse } from "shell-quote";
import type { Location } from "../types.js";

/** A piece of a file: `text` is its value (unquoted, joined), `start`/`end` its raw offsets. */
export interface Word {
  text: string;
  path: string;
  start: number;
  end: number;
}

/** A command as a file holds it: one shell string, or a list of words (exec form, YAML lists). */
export type CommandText = { kind: "shell"; piece: Word } | { kind: "argv"; words: Word[] };

/** An environment variable set for a command, with its value's place. */
export interface EnvVar {
  name: string;
  value: Word;
}

/** One command line that may launch a server, with the environment its file gives it. */
export interface LaunchSite {
  path: string;
  /** For people: "Procfile web process", "Dockerfile CMD". */
  source: string;
  command: CommandText;
  env: EnvVar[];
  /** The working directory the file sets (Dockerfile WORKDIR, compose working_dir ...). */
  workdir?: string;
  /** Files the command's environment is read from (compose `env_file`), before `env`. */
  envFiles?: Word[];
}

/** What a reader finds in one file: command lines, and environment set with no command beside it. */
export interface ReaderResult {
  sites: LaunchSite[];
  /** e.g. GUNICORN_CMD_ARGS in a compose service that runs the image's own command. */
  env: EnvVar[];
  /** Environment files named for commands that are not in this file (a compose service running its image's CMD). */
  envFiles?: Word[];
  /** Images built from a known base image (base-images.ts) that run the base image's own command. */
  images?: ImageUse[];
}

/** A Dockerfile's image, or a compose service's, that runs its base image's own command (none of its own, or the image's start script). */
export interface ImageUse {
  path: string;
  /** Where the file names the image, for people: "FROM", "service web image". */
  origin: string;
  /** The image as written after FROM, and its place. */
  image: Word;
  /** The repository part (`tiangolo/uwsgi-nginx-flask`) and the tag, when one is written. */
  name: string;
  tag?: string;
  /** ENV and WORKDIR of the built stage, and the COPY/ADD instructions of it and the stages it is built from. */
  env: EnvVar[];
  workdir?: string;
  copies: ImageCopy[];
}

/** A COPY or ADD from the build context: its sources, and its destination (relative ones against `workdir`). */
export interface ImageCopy {
  sources: string[];
  dest: string;
  workdir?: string;
}

/** Splits a command into simple commands (split at `&&`, `;`, `|` ...), each a list of words. */
export function simpleCommands(command: CommandText, fileText: string): Word[][] {
  if (command.kind === "argv") return [command.words];
  const { piece } = command;
  const text = piece.text.replace(/\\\r?\n/g, " ");
  let entries;
  try {
    entries = parse(text, (key) => `$${key}`);
  } catch {
    return [];
  }
  const raw = fileText.slice(piece.start, piece.end);
  const out: Word[][] = [[]];
  let cursor = 0;
  for (const entry of entries) {
    if (typeof entry === "string") {
      if (entry === "") continue;
      const at = raw.indexOf(entry, cursor);
      const word: Word =
        at >= 0
          ? { text: entry, path: piece.path, start: piece.start + at, end: piece.start + at + entry.length }
          : { text: entry, path: piece.path, start: piece.start, end: piece.end };
      if (at >= 0) cursor = at + entry.length;
      out[out.length - 1]!.push(word);
    } else if ("op" in entry && entry.op !== "glob") {
      out.push([]);
    } else if ("pattern" in entry) {
      out[out.length - 1]!.push({ text: entry.pattern, path: piece.path, start: piece.start, end: piece.end });
    }
  }
  return out.filter((words) => words.length > 0);
}

/** Offsets to 1-based lines and columns, for one file's text. */
export class TextIndex {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
  }

  /** The offset of a 0-based line and character, as LSP ranges and yaml line counters give them. */
  offset(line0: number, char0: number): number {
    return (this.lineStarts[line0] ?? this.text.length) + char0;
  }

  location(start: number, end: number): Location {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { path: this.path, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The whole of a 1-based line, without its line break. */
  lineLocation(line: number): Location {
    const start = this.lineStarts[line - 1] ?? 0;
    const next = this.lineStarts[line] ?? this.text.length + 1;
    const end = Math.max(start, next - 1 - (this.text[next - 2] === "\r" ? 1 : 0));
    return this.location(start, end);
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}
