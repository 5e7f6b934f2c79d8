// Fingerprints that survive lines moving: the rule, the file, the code at the finding and along
// its chain (whitespace folded), and which occurrence of that same code it is.
import { createHash } from "node:crypto";
import type { DraftFinding, Location } from "./types.js";

export function fingerprintAll(findings: readonly DraftFinding[], textOf: (path: string) => string | undefined): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const parts = [f.ruleId, f.location.path, codeAt(f.location, textOf), ...f.chain.map((s) => `${s.location.path}:${codeAt(s.location, textOf)}`)];
    // Library steps by package and file, not line or version: an upgrade keeps the fingerprint.
    for (const step of f.libraryChain ?? []) parts.push(`${step.library.package}:${step.path}`);
    const base = hash(parts.join("\u0000"));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : hash(`${base}:${n}`);
  });
}

function codeAt(location: Location, textOf: (path: string) => string | undefined): string {
  const lines = textOf(location.path)?.split(/\r?\n/) ?? [];
  return lines
    .slice(location.startLine - 1, location.endLine)
    .join("\n")
    .replace(/\s+/g, " ")
    .trim();
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
