// FS111: setting names gunicorn ignores in a config file (`PRELOAD_APP = True`, `preload = True`).
import type { Discovery } from "./discovery.js";
import type { DraftFinding } from "../types.js";

export function ignoredSettingFindings(found: Discovery, startupWork: boolean): DraftFinding[] {
  const out: DraftFinding[] = [];
  for (const config of found.gunicornConfigs.values()) {
    if (!config.recognised && !/gunicorn/i.test(config.path)) continue;
    for (const wrong of config.wrongNames) {
      const renamed = wrong.realNameSet
        ? "The file sets `preload_app` too: remove this line."
        : `Rename it to \`preload_app\` if preload is meant to be on${startupWork ? " (this repository has startup database work: also close connections before fork, see FS110)" : ""}, or remove it.`;
      out.push({
        ruleId: "FS111",
        severity: "warning",
        location: wrong.statement,
        message:
          `\`${wrong.name}\` is not a gunicorn setting: gunicorn reads only exact lower-case names such as \`preload_app\` ` +
          `and silently ignores this line, so it changes nothing. ${renamed}`,
        chain: [],
        related: [],
        fix: wrong.realNameSet
          ? { description: "Remove the line; `preload_app` is already set in this file." }
          : {
              description: "Rename the setting to `preload_app`, the name gunicorn reads.",
              edits: [{ location: wrong.nameLocation, replacement: "preload_app" }],
            },
        entryPoints: [],
      });
    }
  }
  return out;
}
