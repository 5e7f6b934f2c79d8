// A text test that lets the startup walk leave a module unparsed when its import-time code
// cannot touch the database: the module has no word that any database access needs, and the
// same holds for every repository module it imports (whose functions it could call). The test
// only ever says "cannot"; whatever it is unsure of (an import it cannot read from the text, a
// module not read yet) is parsed. A module left unparsed is parsed later if a call chain needs
// one of its functions. An import of a library name whose use can touch the database (a
// library function that queries, a module holding one) also makes a module worth parsing.
import type { Texts } from "../context.js";
import type { LibraryIndex } from "../library/lookup.js";
import { TREE_WORDS } from "../knowledge/django-orm.js";
import { HAZARD_WORDS } from "../knowledge/fork-hazards.js";
import { importTimeText } from "./import-time-text.js";
import type { ModuleIndex } from "../project/modules.js";

const DATABASE_WORDS = [
  "objects",
  "_manager",
  "cursor",
  "connection",
  "introspection",
  "call_command",
  "_is_active",
  "get_solo",
  "get_current",
  "get_for_model",
  "save(",
  "delete(",
  "refresh_from_db",
  "constance",
  "get_model",
  "get_user_model",
  "import_module",
  "__import__",
  "\\\n",
  ...TREE_WORDS,
];
const FROM_IMPORT = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^\n#;]*)/gm;
const WORD_CHARACTER = /\p{ID_Continue}/u;

interface RepoImports {
  targets: Array<string | undefined>;
  names: string[];
  star: boolean;
  libraryWork: boolean;
}

export class Prefilter {
  /** Any of the words, in one pass over a text (a pass per word costs twice as much). */
  private readonly words: RegExp;
  private readonly verdicts = new Map<string, boolean>();
  private readonly importVerdicts = new Map<string, boolean>();
  private readonly libraryNames = new Map<string, boolean>();
  /** Each module's imports, read once for both tests. */
  private readonly imports = new Map<string, RepoImports>();

  constructor(
    private readonly index: ModuleIndex,
    extraNames: readonly string[],
    private readonly library?: LibraryIndex,
  ) {
    const words = [...DATABASE_WORDS, ...HAZARD_WORDS, ...extraNames.map((n) => n.slice(n.lastIndexOf(".") + 1))];
    this.words = new RegExp(words.map(escapeRegExp).join("|"));
  }

  /**
   * True when the module's import-time code cannot reach the database. `texts` gives the texts
   * read so far; `needs` are words that force a parse of this module (e.g. "ready" in apps.py).
   */
  cannotTouchDatabase(path: string, texts: Texts, needs: readonly string[] = []): boolean {
    const text = texts.text(path);
    if (text === undefined || needs.some((w) => text.includes(w))) return false;
    return this.clean(path, texts);
  }

  private clean(path: string, texts: Texts): boolean {
    const known = this.verdicts.get(path);
    if (known !== undefined) return known;
    const text = texts.text(path);
    if (text === undefined) return false;
    this.verdicts.set(path, true);
    let verdict = !this.words.test(text);
    if (verdict) {
      const imports = this.repoImports(text, path);
      verdict = !imports.libraryWork && imports.targets.every((t) => t !== undefined && this.clean(t, texts));
    }
    this.verdicts.set(path, verdict);
    return verdict;
  }

  /**
   * True when importing the module cannot reach the database, though its functions might: its
   * import-time lines (import-time-text.ts) hold no database word and no name the module defines
   * or imports from the repository (so they call none of those functions), and every repository
   * module it imports passes the same test. For modules the walk needs only for what importing
   * them runs; a call chain that needs a function of one still has it parsed.
   */
  importCannotTouchDatabase(path: string, texts: Texts): boolean {
    const known = this.importVerdicts.get(path);
    if (known !== undefined) return known;
    const text = texts.text(path);
    if (text === undefined) return false;
    this.importVerdicts.set(path, true);
    const verdict = this.importClean(text, path, texts);
    this.importVerdicts.set(path, verdict);
    return verdict;
  }

  private importClean(text: string, path: string, texts: Texts): boolean {
    const split = importTimeText(text);
    if (!split || this.words.test(split.code)) return false;
    const imports = this.repoImports(text, path);
    if (imports.star || imports.libraryWork) return false;
    const code = split.stripped
      .replace(FROM_IMPORT, "")
      .replace(PLAIN_IMPORT, "")
      .replace(/\b(?:def|class)\s+\w+/g, "");
    if (split.defined.some((name) => hasWord(code, name)) || imports.names.some((name) => hasWord(code, name))) return false;
    return imports.targets.every((t) => t !== undefined && this.importCannotTouchDatabase(t, texts));
  }

  /** Whether using this imported library name can touch the database (memoised per name). */
  private libraryWork(dotted: string): boolean {
    if (!this.library) return false;
    let known = this.libraryNames.get(dotted);
    if (known === undefined) {
      known = this.library.mayTouchOnUse(dotted);
      this.libraryNames.set(dotted, known);
    }
    return known;
  }

  /**
   * The repository modules the text imports (undefined for an import this test cannot follow),
   * the names those imports bind, whether one is a star import, and whether one imports a library
   * name whose use can touch the database.
   */
  private repoImports(text: string, path: string): RepoImports {
    let found = this.imports.get(path);
    if (!found) {
      found = this.readImports(text, path);
      this.imports.set(path, found);
    }
    return found;
  }

  private readImports(text: string, path: string): RepoImports {
    const targets: Array<string | undefined> = [];
    const names: string[] = [];
    let star = false;
    let libraryWork = false;
    for (const [, module, imported] of text.matchAll(FROM_IMPORT)) {
      const found = this.index.resolve(module!, path);
      if (found) targets.push(found);
      else if (module!.startsWith(".")) targets.push(undefined);
      for (const raw of imported!.replace(/[()]/g, "").split(",")) {
        const [name, as, alias] = raw.trim().split(/\s+/);
        if (!name) continue;
        if (name === "*") {
          star ||= found !== undefined || module!.startsWith(".");
          continue;
        }
        const sub = this.index.resolve(module!.endsWith(".") ? module! + name : `${module}.${name}`, path);
        if (sub) targets.push(sub);
        else if (!found && !module!.startsWith(".")) libraryWork ||= this.libraryWork(`${module}.${name}`);
        if (found || sub || module!.startsWith(".")) names.push(as === "as" && alias ? alias : name);
      }
    }
    for (const [, imported] of text.matchAll(PLAIN_IMPORT)) {
      for (const raw of imported!.split(",")) {
        const [dotted, as, alias] = raw.trim().split(/\s+/);
        const found = dotted ? this.index.resolveAbsolute(dotted, path) : undefined;
        if (!found) {
          if (dotted) libraryWork ||= this.libraryWork(dotted);
          continue;
        }
        targets.push(found);
        names.push(as === "as" && alias ? alias : dotted!.split(".")[0]!);
      }
    }
    return { targets, names, star, libraryWork };
  }
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether `word` occurs in `text` as a whole word. A character outside the Basic Multilingual
 * Plane next to it counts as a boundary, which can only make a module look used (and parsed).
 */
function hasWord(text: string, word: string): boolean {
  if (word === "") return true; // a name this test could not read: assume it is used
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? text[at - 1]! : " ";
    const after = text[at + word.length] ?? " ";
    if (!WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after)) return true;
  }
  return false;
}
