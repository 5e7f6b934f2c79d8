// Where the Python hook is: python/forksafe_probe/ in the package (beside dist/ and src/), or
// beside the Action's bundle (action/dist/python/forksafe_probe/).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CANDIDATES = ["../../python/forksafe_probe/", "./python/forksafe_probe/"];

export function hookDirectory(): string {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}sitecustomize.py`)) return dir.replace(/\/$/, "");
  }
  throw new Error("the probe's Python hook (python/forksafe_probe/sitecustomize.py) is missing from this installation");
}
