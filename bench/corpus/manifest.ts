// The corpus manifest: one JSON object a line in manifest.jsonl, each a real AppConfig file at a
// commit of a public repository, labelled by reading it. The file texts are not here: load.ts
// reads them from local mirrors of the repositories into an ignored cache.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseJsonLines } from "./jsonl.js";

export const LABELS = ["positive", "negative", "guarded"] as const;
export type Label = (typeof LABELS)[number];

export const SPLITS = ["dev", "holdout", "holdout2", "holdout3"] as const;
export type Split = (typeof SPLITS)[number];

const lineRef = z.object({ path: z.string().min(1), line: z.number().int().positive() }).strict();
export type LineRef = z.infer<typeof lineRef>;

export const caseSchema = z
  .object({
    /** Unique, stable: used in the output and for the holdout split. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    /** owner/name on GitHub. */
    repo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+$/),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    /** The file holding the AppConfig, repository-relative. */
    path: z.string().min(1),
    /** Files ready() reaches (helper modules, models), loaded with it at their real paths. */
    helpers: z.array(z.string().min(1)).default([]),
    /**
     * The dotted path Django's INSTALLED_APPS would name ("pkg.config.PkgConfig") when the
     * AppConfig is not in a file named apps.py; the bench names it in a settings module.
     */
    appConfig: z.string().optional(),
    label: z.enum(LABELS),
    /** For positives: where database work runs at startup (the query and the ready() line that starts the chain). */
    lines: z.array(lineRef).default([]),
    reason: z.string().min(1),
    category: z.string().min(1),
    /**
     * dev: tuned against. holdout: about a quarter of the first corpus, chosen by the id's hash.
     * holdout2: whole repositories added later, chosen by the repository's hash, never tuned against.
     * holdout3: a third such split (holdout3/*.jsonl), by the same repository rule.
     */
    split: z.enum(SPLITS),
    /** A case the analyzer cannot express yet without work under way elsewhere, e.g. "library summaries". */
    needs: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.label === "positive" && c.lines.length === 0) ctx.addIssue({ code: "custom", path: ["lines"], message: "a positive case needs its lines" });
    if (c.label !== "positive" && c.lines.length > 0) ctx.addIssue({ code: "custom", path: ["lines"], message: `a ${c.label} case has no lines` });
    const files = new Set([c.path, ...c.helpers]);
    for (const ref of c.lines) {
      if (!files.has(ref.path)) ctx.addIssue({ code: "custom", path: ["lines"], message: `line ${ref.path}:${ref.line} is in no file of the case` });
    }
  });

export type CorpusCase = z.infer<typeof caseSchema>;

/** Parses manifest text; throws one error naming every bad line and its problem. */
export function parseManifest(text: string, file = "manifest.jsonl"): CorpusCase[] {
  return parseJsonLines(text, file, caseSchema, "corpus manifest");
}

export function readManifest(file: string): CorpusCase[] {
  return parseManifest(readFileSync(file, "utf8"), file);
}

/** The manifest and the parts of the third holdout beside it (holdout3/*.jsonl), ids unique across all. */
export function readAllCases(file: string): CorpusCase[] {
  const dir = path.join(path.dirname(file), "holdout3");
  const parts = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".jsonl"))
        .sort()
    : [];
  const cases = [...readManifest(file), ...parts.flatMap((f) => readManifest(path.join(dir, f)))];
  const seen = new Set<string>();
  const duplicates = cases.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
  if (duplicates.length > 0) throw new Error(`invalid corpus manifest: duplicate ids ${duplicates.join(", ")}`);
  return cases;
}

/** The last hex digit of a text's SHA-1, as a number (0-15). */
function lastHexDigit(text: string): number {
  return parseInt(createHash("sha1").update(text).digest("hex").slice(-1), 16);
}

/**
 * Whether a repository added with the second holdout belongs to it: the SHA-1 of "owner/name"
 * ends in 4-f (about three repositories in four). Its cases are all holdout2; the other new
 * repositories' cases follow the id rule below.
 */
export function isHoldout2Repo(repo: string): boolean {
  return lastHexDigit(repo) >= 4;
}

/** The split the id's hash gives a case outside holdout2: holdout when the last hex digit is 0, 4, 8 or c. */
export function splitOfId(id: string): "dev" | "holdout" {
  return lastHexDigit(id) % 4 === 0 ? "holdout" : "dev";
}

/** Every file a case loads. */
export function filesOf(c: CorpusCase): string[] {
  return [...new Set([c.path, ...c.helpers])];
}
