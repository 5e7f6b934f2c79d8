// PLACEHOLDER: replaced by the server entry-point reader.
import type { AnalysisContext } from "../context.js";
import type { EntryPoint } from "../types.js";

export async function findEntryPoints(_ctx: AnalysisContext): Promise<EntryPoint[]> {
  return [];
}
