// The second family of the corpus: real Flask, FastAPI, plain WSGI and Django projects as their own
// deploy files serve them, each case a repository at a commit (or a part of it), labelled by
// reading: does loading the app in the master before fork start something the workers then share
// (database work, a SQLAlchemy connection, a thread, a scheduler, a client)? The cases live in
// served/*.jsonl, one JSON object a line; the trees are read from local mirrors (served-load.ts).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseJsonLines } from "./jsonl.js";

export const SERVED_SPLITS = ["dev", "holdout"] as const;

const lineRef = z.object({ path: z.string().min(1), line: z.number().int().positive() }).strict();

export const servedCaseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    repo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+$/),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    /** Path prefixes (a folder ending in "/", or a file) of the tree the analyzer is given; absent: the whole repository. */
    scope: z.array(z.string().min(1)).optional(),
    /** The files that decide how the app is served. */
    deploy: z.array(z.string().min(1)).min(1),
    /** positive: under the deploy files, loading the app starts a hazard the workers share (or a scheduler per worker). */
    label: z.enum(["positive", "negative"]),
    /** Positives: every line where the hazard runs at load, and the line in the served module that starts the chain. */
    lines: z.array(lineRef).default([]),
    reason: z.string().min(1),
    category: z.string().min(1),
    framework: z.enum(["flask", "fastapi", "django", "wsgi"]),
    /** By the repository's hash (servedSplitOf), decided before its code was read. */
    split: z.enum(SERVED_SPLITS),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.label === "positive" && c.lines.length === 0) ctx.addIssue({ code: "custom", path: ["lines"], message: "a positive case needs its lines" });
    if (c.label !== "positive" && c.lines.length > 0) ctx.addIssue({ code: "custom", path: ["lines"], message: "a negative case has no lines" });
    if (c.split !== servedSplitOf(c.repo)) ctx.addIssue({ code: "custom", path: ["split"], message: `the hash of ${c.repo} gives ${servedSplitOf(c.repo)}` });
    for (const file of [...c.deploy, ...c.lines.map((l) => l.path)]) {
      if (!inScope(c.scope, file)) ctx.addIssue({ code: "custom", path: ["scope"], message: `${file} is outside the scope` });
    }
  });

export type ServedCase = z.infer<typeof servedCaseSchema>;

/** holdout when the last hex digit of the SHA-1 of "owner/name" is 8-f, else dev: whole repositories. */
export function servedSplitOf(repo: string): "dev" | "holdout" {
  return parseInt(createHash("sha1").update(repo).digest("hex").slice(-1), 16) >= 8 ? "holdout" : "dev";
}

export function inScope(scope: readonly string[] | undefined, file: string): boolean {
  return !scope || scope.some((prefix) => (prefix.endsWith("/") ? file.startsWith(prefix) : file === prefix));
}

/** Parses one part's text; throws one error naming every bad line and its problem. */
export function parseServedCases(text: string, file: string): ServedCase[] {
  return parseJsonLines(text, file, servedCaseSchema, "served-apps corpus");
}

/** Every case of every part in `dir` (or of the parts named), ids unique across parts. */
export function readServedCases(dir: string, parts?: readonly string[]): ServedCase[] {
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl") && (!parts || parts.includes(f.replace(/\.jsonl$/, ""))))
    .sort()
    .flatMap((f) => parseServedCases(readFileSync(path.join(dir, f), "utf8"), path.join(dir, f)));
  const seen = new Set<string>();
  const duplicates = cases.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
  if (duplicates.length > 0) throw new Error(`invalid served-apps corpus: duplicate ids ${duplicates.join(", ")}`);
  return cases;
}
