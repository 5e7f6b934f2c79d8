// One JSON object a line, each checked against a schema: every bad line is named with its problem.
import type { z } from "zod";

/**
 * Parses JSON lines; throws one error naming every bad line (`file:line: field: problem`), and
 * every line whose id (`idOf`) an earlier line already has.
 */
export function parseJsonLines<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  what: string,
  idOf: (item: z.infer<S>) => string = (item) => (item as { id: string }).id,
): Array<z.infer<S>> {
  const items: Array<z.infer<S>> = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      problems.push(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      return;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) {
      const id = idOf(parsed.data);
      if (ids.has(id)) problems.push(`${file}:${i + 1}: duplicate id ${id}`);
      ids.add(id);
      items.push(parsed.data);
    } else for (const issue of parsed.error.issues) problems.push(`${file}:${i + 1}: ${issue.path.join(".") || "(case)"}: ${issue.message}`);
  });
  if (problems.length > 0) throw new Error(`invalid ${what}\n  ${problems.join("\n  ")}`);
  return items;
}
