// How many workers gunicorn runs when neither its command nor its config file says: its
// `workers` setting defaults to $WEB_CONCURRENCY, else 1 (gunicorn/config.py, Workers). A Procfile
// deploy runs on a platform whose Python buildpack sets WEB_CONCURRENCY for the dyno size.
import type { EntryPoint } from "../types.js";
import { fileKind } from "./candidates.js";
import type { EnvVar, LaunchSite } from "./words.js";

const FROM_PLATFORM =
  "no worker count given: gunicorn takes it from WEB_CONCURRENCY, which the platform's Python buildpack sets for the dyno size (several workers as a rule), else 1";

/** Sets the entry point's workers from WEB_CONCURRENCY in its environment, or says where they come from. */
export function workersFromEnvironment(ep: EntryPoint, site: LaunchSite, env: EnvVar[]): void {
  const variable = env.filter((v) => v.name === "WEB_CONCURRENCY").pop();
  if (variable && /^\d+$/.test(variable.value.text.trim())) {
    ep.workers = Number(variable.value.text.trim());
    ep.notes.push(`workers = ${ep.workers} from WEB_CONCURRENCY set in ${variable.value.path}`);
  } else if (variable) {
    ep.notes.push(`workers from WEB_CONCURRENCY=${variable.value.text}: not known here`);
  } else if (fileKind(site.path) === "procfile") {
    ep.notes.push(FROM_PLATFORM);
  }
}

/** Whether the entry point's worker count is the platform's WEB_CONCURRENCY. */
export function workersFromPlatform(ep: EntryPoint): boolean {
  return ep.notes.includes(FROM_PLATFORM);
}
