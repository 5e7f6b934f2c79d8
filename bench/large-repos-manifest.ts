// The manifest of large public projects that `npm run bench:repos` scans: names and pinned
// commits only (bench/large-repos.json). Loading it checks every entry and names the bad key.
import { readFileSync } from "node:fs";
import { z } from "zod";

export const FRAMEWORKS = ["django", "flask", "fastapi"] as const;

const projectSchema = z.strictObject({
  project: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case kebab-case name"),
  repository: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/, "owner/name"),
  commit: z.string().regex(/^[0-9a-f]{40}$/, "a full 40-hex commit SHA"),
  framework: z.enum(FRAMEWORKS),
  why: z.string().min(20, "a sentence saying why the project was chosen"),
});

const manifestSchema = z.strictObject({
  about: z.string(),
  projects: z.array(projectSchema).min(1),
});

export type LargeRepo = z.infer<typeof projectSchema>;

/** Parses the manifest text; throws an Error naming the file, the key and the problem. */
export function parseManifest(text: string, file: string): LargeRepo[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const [i, entry] of parsed.data.projects.entries()) {
    if (seen.has(entry.project)) throw new Error(`${file}: projects.${i}.project: "${entry.project}" appears twice`);
    seen.add(entry.project);
  }
  return parsed.data.projects;
}

export function loadManifest(file: string): LargeRepo[] {
  return parseManifest(readFileSync(file, "utf8"), file);
}
