// Reading a probe report back (`forksafe probe --json FILE`, then `forksafe scan --probe FILE`):
// the JSON report's shape, checked, so that another file is a clear error and nothing is merged.
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Finding } from "../analysis/types.js";
import { UsageError } from "../sources/fs-tree.js";

const location = z.object({
  path: z.string(),
  startLine: z.number().int(),
  startColumn: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
});
const step = z.object({ location, label: z.string() });
const finding = z
  .object({
    ruleId: z.string().regex(/^FS\d{3}$/),
    severity: z.enum(["error", "warning", "note"]),
    location,
    message: z.string(),
    chain: z.array(step),
    related: z.array(step),
    entryPoints: z.array(z.unknown()),
    fingerprint: z.string(),
    runtime: z.object({ confirmed: z.boolean(), what: z.string(), seenAt: z.string(), handledInWorker: z.string().optional() }),
  })
  .passthrough();
const probeJson = z
  .object({ version: z.literal(1), probe: z.object({ command: z.array(z.string()) }).passthrough(), findings: z.array(finding) })
  .passthrough();

export function readProbeFile(file: string): Finding[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`--probe ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--probe ${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = probeJson.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--probe ${file}: not a report of \`forksafe probe --json\` (${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"})`);
  }
  return parsed.data.findings as unknown as Finding[];
}
