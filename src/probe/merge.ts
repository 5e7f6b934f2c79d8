// `forksafe scan --probe REPORT.json`: the static findings and what the probe saw, merged.
//  - a static finding the probe saw is marked confirmed at runtime (it gains `runtime`);
//  - one the probe did not see keeps its static evidence, unchanged;
//  - what only the probe saw becomes a finding of its own (`runtime.probeOnly`).
// A probe finding matches a static one of the same family (database work, threads, clients)
// when one's location is among the other's places: its location, chain and related steps.
import type { Finding, Location } from "../analysis/types.js";

const FAMILY: Record<string, string> = {
  FS101: "database",
  FS102: "database",
  FS103: "database",
  FS110: "database",
  FS112: "database",
  FS203: "database",
  FS201: "thread",
  FS202: "client",
};

/**
 * `statics` are the static findings reported (after a diff filter, if any); `known` all of them,
 * so that a probe finding whose static twin the diff left out is not called probe-only.
 */
export function mergeProbe(statics: readonly Finding[], probed: readonly Finding[], known: readonly Finding[] = statics): Finding[] {
  const used = new Set<Finding>();
  const merged = statics.map((f) => {
    const seen = probed.find((p) => p.runtime?.confirmed && matches(f, p));
    if (!seen?.runtime) return f;
    used.add(seen);
    const { probeOnly: _ignored, ...runtime } = seen.runtime;
    return { ...f, runtime };
  });
  // A probe finding that confirmed any static one is not repeated on its own.
  const only = probed.filter((p) => !used.has(p) && !known.some((f) => p.runtime?.confirmed && matches(f, p)));
  return [...merged, ...only.map((p) => ({ ...p, runtime: { ...p.runtime!, probeOnly: true as const } }))];
}

function matches(staticFinding: Finding, probeFinding: Finding): boolean {
  const family = FAMILY[staticFinding.ruleId];
  if (family === undefined || family !== FAMILY[probeFinding.ruleId]) return false;
  const staticPlaces = places(staticFinding, true);
  const probePlaces = places(probeFinding, false);
  return probePlaces.has(key(staticFinding.location)) || staticPlaces.has(key(probeFinding.location));
}

function places(f: Finding, withRelated: boolean): Set<string> {
  const steps = [f.location, ...f.chain.map((s) => s.location), ...(withRelated ? f.related.map((s) => s.location) : [])];
  return new Set(steps.map(key));
}

const key = (l: Location) => `${l.path}:${l.startLine}`;
