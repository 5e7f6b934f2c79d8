// The analysis: source files in, findings out.
//  1. List the repository and keep what the configuration includes.
//  2. Find the entry points that decide how the app is served (servers/), and the app modules
//     their commands name.
//  3. Find work that runs at startup (startup/), reading only what startup reaches: from Django's
//     apps and wsgi.py, and from those app modules (Flask, FastAPI, plain WSGI).
//  4. Join the two: each finding's level comes from the entry points; preload lines get theirs.
//  5. Apply the per-rule settings, suppression comments and fingerprints.
import picomatch from "picomatch";
import { BUILTIN_EXCLUDES, DEFAULT_CONFIG, type Config } from "../config/schema.js";
import { FileStore, type AnalysisContext } from "./context.js";
import { fingerprintAll } from "./fingerprint.js";
import { findStartupWork } from "./startup/startup.js";
import { findEntryPoints } from "./servers/index.js";
import { joinEntryPoints } from "./servers/join.js";
import { servedAppsOf } from "./servers/served-apps.js";
import type { SourceTree } from "./source-tree.js";
import { suppression } from "./suppress.js";
import type { AnalysisResult, DraftFinding, Finding } from "./types.js";

export async function analyze(tree: SourceTree, config: Config = DEFAULT_CONFIG): Promise<AnalysisResult> {
  const all = await tree.paths();
  const paths = selectPaths(all, config);
  const ctx: AnalysisContext = {
    config,
    paths,
    pathSet: new Set(paths),
    files: new FileStore(tree),
    parsed: { count: 0 },
  };

  const entryPoints = await findEntryPoints(ctx);
  const masterModules = [...new Set(entryPoints.flatMap((ep) => ep.configModule ?? []))];
  const work = await findStartupWork(ctx, { served: servedAppsOf(ctx), masterModules });
  const drafts = joinEntryPoints(work, entryPoints, ctx);
  const findings = finish(drafts, ctx);

  return {
    findings,
    entryPoints,
    skipped: ctx.files.skipped().sort((a, b) => a.path.localeCompare(b.path)),
    stats: {
      filesListed: all.length,
      filesRead: ctx.files.readCount,
      filesParsed: ctx.parsed.count,
      bytesRead: ctx.files.bytesRead,
    },
  };
}

export function selectPaths(all: readonly string[], config: Config): string[] {
  let selected = filters.get(config);
  if (!selected) {
    const included = picomatch(config.include, { dot: true });
    const excluded = picomatch([...BUILTIN_EXCLUDES, ...config.exclude], { dot: true });
    selected = (p) => included(p) && !excluded(p);
    filters.set(config, selected);
  }
  return all.filter(selected).sort();
}

/** Each configuration's path filter, made once: picomatch makes its matchers per call. */
const filters = new WeakMap<Config, (path: string) => boolean>();

function finish(drafts: DraftFinding[], ctx: AnalysisContext): Finding[] {
  const kept: DraftFinding[] = [];
  for (const draft of drafts) {
    const setting = ctx.config.rules[draft.ruleId];
    if (setting === "off") continue;
    kept.push(setting ? { ...draft, severity: setting } : draft);
  }
  kept.sort(compareFindings);
  const prints = fingerprintAll(kept, (path) => ctx.files.text(path));
  return kept.map((draft, i) => {
    const suppressed = suppression(draft, (path) => ctx.files.text(path));
    return { ...draft, fingerprint: prints[i]!, ...(suppressed ? { suppressed } : {}) };
  });
}

function compareFindings(a: DraftFinding, b: DraftFinding): number {
  return (
    a.location.path.localeCompare(b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
