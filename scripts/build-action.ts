// Builds the GitHub Action into action/dist/, which is committed so that `uses: owner/forksafe@v1`
// runs with nothing installed:
//  1. bundle src/action/main.ts and every pure-JavaScript dependency into index.mjs (esbuild);
//  2. copy the two native packages beside it, as node_modules/ (their own loaders, node-gyp-build,
//     pick the prebuilt binding for the runner's platform from prebuilds/), with their licences;
//  3. copy data/library-summaries.json beside it, as data/, and the probe's Python hook, as python/;
//  4. on linux-x64, prefer the tree-sitter binding npm compiled from source (see below).
// `npm run build:action` writes action/dist/; `tsx scripts/build-action.ts DIR` writes DIR (the
// test that checks the committed bundle is current builds into a temporary directory).
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Per native package, the files it needs at run time. */
const NATIVE: Record<string, string[]> = {
  "tree-sitter": ["package.json", "LICENSE", "index.js", "prebuilds"],
  "tree-sitter-python": ["package.json", "LICENSE", "bindings/node/index.js", "prebuilds", "src/node-types.json"],
  "node-gyp-build": ["package.json", "LICENSE", "index.js", "node-gyp-build.js"],
};

export async function buildAction(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, "src/action/main.ts")],
    outfile: path.join(outDir, "index.mjs"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: Object.keys(NATIVE),
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: { js: 'import { createRequire as __forksafeRequire } from "node:module";\nconst require = __forksafeRequire(import.meta.url);' },
    legalComments: "eof",
    logLevel: "warning",
  });
  for (const [name, files] of Object.entries(NATIVE)) {
    for (const file of files) {
      const from = path.join(ROOT, "node_modules", name, file);
      if (!existsSync(from)) throw new Error(`build-action: ${from} is missing; run npm ci`);
      cpSync(from, path.join(outDir, "node_modules", name, file), { recursive: true });
    }
  }
  // The probe's Python hook (src/probe/hook-path.ts looks beside the bundle).
  cpSync(path.join(ROOT, "python/forksafe_probe"), path.join(outDir, "python/forksafe_probe"), {
    recursive: true,
    filter: (from) => !from.includes("__pycache__"),
  });
  // The library summaries the analysis reads (src/analysis/library/load.ts looks beside the bundle).
  cpSync(path.join(ROOT, "data/library-summaries.json"), path.join(outDir, "data/library-summaries.json"));
  // tree-sitter 0.25.1's own linux-x64 binding needs GLIBCXX_3.4.31 (the libstdc++ of GCC 13),
  // which ubuntu-22.04 runners and Debian 12 lack; where `npm ci` compiled the binding from
  // source instead (it does when the prebuilt one does not load), ship that one for linux-x64.
  const compiled = path.join(ROOT, "node_modules/tree-sitter/build/Release/tree_sitter_runtime_binding.node");
  if (process.platform === "linux" && process.arch === "x64" && existsSync(compiled)) {
    cpSync(compiled, path.join(outDir, "node_modules/tree-sitter/prebuilds/linux-x64/tree-sitter.node"));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAction(path.resolve(process.argv[2] ?? path.join(ROOT, "action/dist")));
}
