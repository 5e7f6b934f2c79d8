// Matching findings to the corpus labels, and the figures. Pure: no files, no analysis.
//
// Only the startup-work rules count (FS101 ready(), FS102 import time, FS103 wsgi.py), at any
// severity, suppressed or not. A finding *touches* a labelled line when the line lies within
// the finding's location or within any step of its chain (start to end line, same path).
//  - A positive case is found when at least one of its findings touches one of its lines;
//    otherwise it is a miss.
//  - A finding that touches no labelled line of its case is a false positive: every finding on
//    a negative or guarded case, and a finding on a positive case away from the labelled lines.
//  - precision = findings that touch a labelled line / all findings;
//    recall = positive cases found / positive cases.
import type { ChainStep, Location } from "../../src/analysis/types.js";
import type { CorpusCase, LineRef } from "./manifest.js";

export const COUNTED_RULES: ReadonlySet<string> = new Set(["FS101", "FS102", "FS103"]);

export interface FindingLike {
  ruleId: string;
  location: Location;
  chain: readonly ChainStep[];
}

export type Case = Pick<CorpusCase, "id" | "label" | "lines" | "reason" | "category" | "split"> & { needs?: string };

export interface CaseOutcome {
  case: Case;
  /** Positive cases only: whether a finding touched a labelled line. */
  found: boolean;
  /** Counted findings that touch a labelled line. */
  matched: FindingLike[];
  falsePositives: FindingLike[];
  /** Set when the case could not be analysed (files missing from the cache, an analyzer error). */
  error?: string;
}

export function touches(finding: FindingLike, ref: LineRef): boolean {
  return [finding.location, ...finding.chain.map((s) => s.location)].some(
    (loc) => loc.path === ref.path && loc.startLine <= ref.line && ref.line <= loc.endLine,
  );
}

/** The AppConfig family's counted findings: the startup-work rules at any level. */
export function countedStartupWork(f: FindingLike): boolean {
  return COUNTED_RULES.has(f.ruleId);
}

export function matchCase<F extends FindingLike>(c: Case, findings: readonly F[], counts: (f: F) => boolean = countedStartupWork): CaseOutcome {
  const counted = findings.filter(counts);
  const matched = counted.filter((f) => c.lines.some((ref) => touches(f, ref)));
  const falsePositives = counted.filter((f) => !matched.includes(f));
  return { case: c, found: c.label === "positive" && matched.length > 0, matched, falsePositives };
}

export interface Score {
  cases: number;
  positives: number;
  found: number;
  /** Findings that touch a labelled line, and those that do not. */
  truePositiveFindings: number;
  falsePositiveFindings: number;
  /** undefined when there is nothing to divide by. */
  precision?: number;
  recall?: number;
}

export function score(outcomes: readonly CaseOutcome[]): Score {
  const positives = outcomes.filter((o) => o.case.label === "positive");
  const found = positives.filter((o) => o.found).length;
  const tp = outcomes.reduce((n, o) => n + o.matched.length, 0);
  const fp = outcomes.reduce((n, o) => n + o.falsePositives.length, 0);
  return {
    cases: outcomes.length,
    positives: positives.length,
    found,
    truePositiveFindings: tp,
    falsePositiveFindings: fp,
    ...(tp + fp > 0 ? { precision: tp / (tp + fp) } : {}),
    ...(positives.length > 0 ? { recall: found / positives.length } : {}),
  };
}

/** Scores grouped by a key (category, split), keys sorted. */
export function scoreBy(outcomes: readonly CaseOutcome[], key: (o: CaseOutcome) => string): Map<string, Score> {
  const groups = new Map<string, CaseOutcome[]>();
  for (const o of outcomes) {
    const k = key(o);
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  return new Map([...groups.keys()].sort().map((k) => [k, score(groups.get(k)!)]));
}

export function percent(value: number | undefined): string {
  return value === undefined ? "-" : `${(value * 100).toFixed(1)} %`;
}
