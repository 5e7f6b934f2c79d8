// After `tsc` compiles src/ to dist/, copy every other file under src/ (data files such as JSON
// tables, query files) to the same place under dist/, so that the packed package (and so the
// pre-commit hook and a global install) has what the sources read at run time. Plain Node: it
// runs where only the package's own files are present.
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = path.join(root, "src");
let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || /\.(ts|tsx|mts|cts)$/.test(entry.name)) continue;
  const rel = path.relative(src, path.join(entry.parentPath, entry.name));
  cpSync(path.join(src, rel), path.join(root, "dist", rel));
  copied++;
}
if (copied > 0) console.error(`copy-assets: ${copied} data file${copied === 1 ? "" : "s"} from src/ to dist/`);
