// A text test that lets the startup walk leave a module unparsed when its import-time code
// cannot touch the database: the module has no word that any database access needs, and the
// same holds for every repository module it imports (whose functions it could call). The test
// only ever says "cannot"; whatever it is unsure of (an import it cannot read from the text, a
// module not read yet) is parsed. A module left unparsed is parsed later if a call chain needs
// one of its functions.
import type { ModuleIndex } from "./modules.js";

const DATABASE_WORDS = [
  "objects", "_manager", "cursor", "connection", "introspection", "call_command", "_is_active", "get_solo",
  "get_current", "get_for_model", "save(", "delete(", "refresh_from_db", "constance", "get_model", "get_user_model",
  "import_module", "__import__", "\\\n",
];
const FROM_IMPORT = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^\n#;]*)/gm;

export class Prefilter {
  private readonly words: string[];
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    private readonly index: ModuleIndex,
    extraNames: readonly string[],
  ) {
    this.words = [...DATABASE_WORDS, ...extraNames.map((n) => n.slice(n.lastIndexOf(".") + 1))];
  }

  /**
   * True when the module's import-time code cannot reach the database. `textOf` gives the texts
   * read so far; `needs` are words that force a parse of this module (e.g. "ready" in apps.py).
   */
  cannotTouchDatabase(path: string, textOf: (path: string) => string | undefined, needs: readonly string[] = []): boolean {
    const text = textOf(path);
    if (text === undefined || needs.some((w) => text.includes(w))) return false;
    return this.clean(path, textOf);
  }

  private clean(path: string, textOf: (path: string) => string | undefined): boolean {
    const known = this.verdicts.get(path);
    if (known !== undefined) return known;
    const text = textOf(path);
    if (text === undefined) return false;
    this.verdicts.set(path, true);
    let verdict = !this.words.some((w) => text.includes(w));
    if (verdict) {
      const targets = this.importTargets(text, path);
      verdict = targets.every((t) => t !== undefined && this.clean(t, textOf));
    }
    this.verdicts.set(path, verdict);
    return verdict;
  }

  /** The repository modules the text imports; undefined for an import this test cannot follow. */
  private importTargets(text: string, path: string): Array<string | undefined> {
    const targets: Array<string | undefined> = [];
    for (const [, module, names] of text.matchAll(FROM_IMPORT)) {
      const found = this.index.resolve(module!, path);
      if (found) targets.push(found);
      else if (module!.startsWith(".")) targets.push(undefined);
      for (const raw of names!.replace(/[()]/g, "").split(",")) {
        const name = raw.trim().split(/\s+/)[0];
        if (!name || name === "*") continue;
        const sub = this.index.resolve(module!.endsWith(".") ? module! + name : `${module}.${name}`, path);
        if (sub) targets.push(sub);
      }
    }
    for (const [, names] of text.matchAll(PLAIN_IMPORT)) {
      for (const raw of names!.split(",")) {
        const dotted = raw.trim().split(/\s+/)[0];
        const found = dotted ? this.index.resolveAbsolute(dotted) : undefined;
        if (found) targets.push(found);
      }
    }
    return targets;
  }
}
