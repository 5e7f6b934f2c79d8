// A result whose paths are relative to a subdirectory, made relative to the repository root:
// the Action scans `path` inside the workspace, while annotations and code scanning want paths
// from the repository's root.
import type { AnalysisResult, ChainStep, EntryPoint, Finding, Location } from "../analysis/types.js";

/** Every path in the result with `prefix/` in front; the result itself when `prefix` is empty. */
export function relocate(result: AnalysisResult, prefix: string): AnalysisResult {
  if (prefix === "" || prefix === ".") return result;
  const at = (location: Location): Location => ({ ...location, path: `${prefix}/${location.path}` });
  // A step inside a third-party library has no place in the repository: leave it as it is.
  const step = (s: ChainStep): ChainStep => (libraryOf(s) !== undefined ? s : { ...s, location: at(s.location) });
  const finding = (f: Finding): Finding => ({
    ...f,
    location: at(f.location),
    chain: f.chain.map(step),
    related: f.related.map(step),
    entryPoints: f.entryPoints.map((e) => ({ ...e, location: at(e.location) })),
    ...(f.fix ? { fix: { ...f.fix, ...(f.fix.edits ? { edits: f.fix.edits.map((e) => ({ ...e, location: at(e.location) })) } : {}) } } : {}),
    ...(f.suppressed ? { suppressed: { location: at(f.suppressed.location) } } : {}),
  });
  const entryPoint = (e: EntryPoint): EntryPoint => ({
    ...e,
    location: at(e.location),
    ...(e.preloadLocation ? { preloadLocation: at(e.preloadLocation) } : {}),
    ...(e.mitigationLocation ? { mitigationLocation: at(e.mitigationLocation) } : {}),
  });
  return {
    ...result,
    findings: result.findings.map(finding),
    entryPoints: result.entryPoints.map(entryPoint),
    skipped: result.skipped.map((s) => ({ ...s, path: `${prefix}/${s.path}` })),
  };
}

/** The third-party library a chain step lives in, when the analysis says so. */
export function libraryOf(step: ChainStep): string | undefined {
  const library = (step as ChainStep & { library?: unknown }).library;
  if (typeof library === "string") return library;
  if (library && typeof library === "object" && "name" in library && typeof library.name === "string") return library.name;
  return undefined;
}
