// Template placeholders left unexpanded in deploy files (`{{ processes }}` in a Jinja template,
// `%(var)s` in a Python-rendered config): what an entry point cannot know, and says so.
import type { LaunchSite } from "./words.js";

/** In config values: Jinja `{{ x }}` / `{% x %}`, shell `${X}`, Python `%(x)s` (and uWSGI `%(x)` not defined in the file). */
export const CONFIG_PLACEHOLDER = /\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|%\([\w.-]+\)s?/;

/** In commands, where `$X` and `${X}` are the shell's: only template syntax. */
const COMMAND_PLACEHOLDER = /\{\{.*?\}\}|\{%.*?%\}/g;

/** The note for a launch whose command holds template placeholders, if it does. */
export function commandPlaceholderNote(site: LaunchSite): string | undefined {
  const text = site.command.kind === "shell" ? site.command.piece.text : site.command.words.map((w) => w.text).join(" ");
  const found = [...new Set(text.match(COMMAND_PLACEHOLDER) ?? [])];
  if (found.length === 0) return undefined;
  return `${site.source} is a template with unexpanded placeholders: ${found.join(", ")}; assumed they turn no pre-fork setting on or off, and left the values they stand for unknown`;
}

/** Whether a word is (the start of) a template placeholder, not a value. */
export function isPlaceholderWord(text: string): boolean {
  return /^(\{\{|\{%)/.test(text);
}
