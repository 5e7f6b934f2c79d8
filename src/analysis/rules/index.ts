// Every rule Forksafe has, in id order. Each lives in its own file with its documentation.
import { queryInReady } from "./fs101-query-in-ready.js";
import { queryAtImport } from "./fs102-query-at-import.js";
import { queryInWsgi } from "./fs103-query-in-wsgi.js";
import { preloadSharesStartupQueries } from "./fs110-preload-shares-startup-queries.js";
import { ignoredGunicornSetting } from "./fs111-ignored-gunicorn-setting.js";
import { closeInWorkerOnly } from "./fs112-close-in-worker-only.js";
import { threadAtStartup } from "./fs201-thread-at-startup.js";
import { clientBeforeFork } from "./fs202-client-before-fork.js";
import { engineConnectsBeforeFork } from "./fs203-engine-connects-before-fork.js";
import type { Rule } from "./rule.js";

export const RULES: readonly Rule[] = [
  queryInReady,
  queryAtImport,
  queryInWsgi,
  preloadSharesStartupQueries,
  ignoredGunicornSetting,
  closeInWorkerOnly,
  threadAtStartup,
  clientBeforeFork,
  engineConnectsBeforeFork,
  // rules are added here, one import each
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
