// Finding messages: what was found, why it matters, how to fix it.
import type { ChainStep } from "../types.js";
import type { DbEffect } from "../summaries/facts.js";

export type StartupPlace =
  | { kind: "ready"; cls: string }
  | { kind: "import"; path: string }
  | { kind: "wsgi"; path: string }
  | { kind: "factory"; path: string; name: string }
  /** gunicorn's config file (`hook` for one of its master hooks), or a module it imports (`path`). */
  | { kind: "config"; config: string; path: string; hook?: string };

/** Where gunicorn's master runs config-file work, for messages. */
export function configPlace(place: { config: string; path: string; hook?: string }): string {
  if (place.hook) return `in the ${place.hook}() hook of ${place.config}, which the gunicorn master runs before forking workers`;
  const via = place.path === place.config ? "" : ` (${place.path}, imported from it)`;
  return `when the gunicorn master executes its config file ${place.config}${via}, before forking workers`;
}

const WHY =
  "A pre-forking server (gunicorn with preload, uWSGI without lazy-apps) runs this in the master, " +
  "so every worker inherits the same database connection; Django also runs it on every management command.";

export function messageFor(ruleId: string, effect: DbEffect, chain: readonly ChainStep[], place: StartupPlace): string {
  const via = chain.length > 0 ? ` (reached through ${chain.length} call${chain.length > 1 ? "s" : ""})` : "";
  const found = `\`${effect.code}\` ${effect.what}`;
  switch (place.kind) {
    case "ready":
      return (
        `${found} in ${place.cls}.ready()${via}. ${WHY} Move it to a post_migrate handler, a migration, a ` +
        "management command or lazy first-use code, or end ready() with connections.close_all()."
      );
    case "import":
      return (
        `${found} when ${place.path} is imported while the app loads${via}. ${WHY} ` +
        "Compute it lazily (inside a function, a form's __init__, or a callable for choices) instead of at import time."
      );
    case "wsgi":
      return (
        `${found} in ${place.path} after the application is loaded${via}. ${WHY} ` +
        "Move it out of the WSGI/ASGI module, or call connections.close_all() after it."
      );
    case "factory":
      return `${found} in ${place.name}(), the app factory the server command calls from ${place.path}${via}. ${WHY} Compute it lazily instead.`;
    case "config":
      return `${found} ${configPlace(place)}${via}. ${WHY} Move it out of the gunicorn config, or close the connections in when_ready.`;
  }
}
