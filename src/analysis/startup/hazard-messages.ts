// Messages for what else breaks across fork (FS201-FS203): what was found and where it runs.
// The entry-point join adds why it matters under the way the app is served, and the fix.
import type { ChainStep } from "../types.js";
import type { Hazard, HazardEffect } from "../summaries/facts.js";
import { configPlace, type StartupPlace } from "./messages.js";

const RULE_OF: Record<Hazard, string> = {
  thread: "FS201",
  scheduler: "FS201",
  client: "FS202",
  "engine-connect": "FS203",
};

export function hazardRule(hazard: Hazard): string {
  return RULE_OF[hazard];
}

export function hazardMessage(effect: HazardEffect, chain: readonly ChainStep[], place: StartupPlace): string {
  const via = chain.length > 0 ? ` (reached through ${chain.length} call${chain.length > 1 ? "s" : ""})` : "";
  const found = `\`${effect.code}\` ${effect.what}`;
  switch (place.kind) {
    case "ready":
      return `${found} in ${place.cls}.ready()${via}, while the app loads`;
    case "import":
      return `${found} when ${place.path} is imported while the app loads${via}`;
    case "wsgi":
      return `${found} in ${place.path} after the application is loaded${via}`;
    case "factory":
      return `${found} in ${place.name}(), the app factory the server command calls from ${place.path}${via}`;
    case "config":
      return `${found} ${configPlace(place)}${via}`;
  }
}
