// INSTALLED_APPS as startup roots. The settings modules (settings.py, settings/*.py, the module
// DJANGO_SETTINGS_MODULE names, and the modules they import lists from) are read alongside the
// startup files, a batch at a time; every entry of every INSTALLED_APPS found becomes a root:
//   "shipping.conf.ShippingConfig"  the class's module (its ready() runs), and the app package's
//                                   models.py and admin.py
//   "shop"                          shop/apps.py, shop/models.py, shop/admin.py
//   "shop.ShopConfig"               a class in the package's __init__.py: that module, and the
//                                   package's models.py and admin.py
// An entry resolves from the settings module that lists it (modules.ts: its own project's roots
// first, then the nearest ancestor directory holding the app).
// Entries only add roots: an apps.py that no INSTALLED_APPS lists stays one (settings are often
// assembled at run time in ways a static read cannot follow).
import type { ModuleIndex } from "./modules.js";
import { listValue, namedSettingsModules, readSettings, settingsCandidates, type SettingsModule } from "./settings.js";

/** The roots one INSTALLED_APPS entry adds. */
export interface AppRoots {
  /** The module holding the AppConfig whose ready() runs. */
  appModule?: string;
  /** The AppConfig class the entry names; absent for a package entry (every AppConfig counts). */
  appClass?: string;
  /** models.py and admin.py of the app package. */
  imported: string[];
}

/** An INSTALLED_APPS entry (or an app registered another way) and the file that names it. */
export interface AppEntry {
  name: string;
  from?: string;
}

export class InstalledApps {
  private readonly modules = new Map<string, SettingsModule>();
  private readonly examined = new Set<string>();
  private readonly requested: Set<string>;
  /** Modules another settings module imports names from: read whatever their text says. */
  private readonly importedFrom = new Set<string>();
  private pending: string[];
  /** The settings modules DJANGO_SETTINGS_MODULE names: Django imports them at startup. */
  private readonly named = new Set<string>();
  /** The entries as of the last settings module read; undefined when a read may have changed them. */
  private cached: AppEntry[] | undefined = [];

  constructor(
    paths: readonly string[],
    private readonly index: ModuleIndex,
    private readonly parsed: { count: number },
  ) {
    this.pending = settingsCandidates(paths);
    this.requested = new Set(this.pending);
  }

  /** The files to read in the first batch. */
  get firstBatch(): string[] {
    return [...this.requested];
  }

  /**
   * Reads the settings files loaded so far (`textOf` gives their texts) and returns the settings
   * modules they lead to that are not read yet.
   */
  read(textOf: (path: string) => string | undefined): string[] {
    const next: string[] = [];
    const queue = this.pending;
    this.pending = [];
    for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
      if (this.examined.has(path)) continue;
      const text = textOf(path);
      if (text === undefined) {
        if (!this.requested.has(path)) {
          this.requested.add(path);
          this.pending.push(path);
          next.push(path);
        }
        continue;
      }
      this.examined.add(path);
      queue.push(...this.examine(path, text));
    }
    return next;
  }

  /** Every entry of every INSTALLED_APPS read so far, with the first settings module that lists it. */
  entries(): AppEntry[] {
    if (this.cached) return this.cached;
    const entries = new Map<string, string>();
    for (const path of this.modules.keys()) {
      for (const entry of listValue("INSTALLED_APPS", path, this.modules)) if (!entries.has(entry)) entries.set(entry, path);
    }
    this.cached = [...entries].map(([name, from]) => ({ name, from }));
    return this.cached;
  }

  /**
   * The settings modules Django imports at startup (those DJANGO_SETTINGS_MODULE names): their
   * module code runs in the master, so a client or thread started there is a startup hazard.
   */
  get startupModules(): string[] {
    return [...this.named];
  }

  /** The source text of a value a settings module read so far binds `name` to (kept when it may configure a job store). */
  settingText(name: string): string | undefined {
    for (const module of this.modules.values()) {
      const found = module.values.get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** Every settings file asked for so far (read or still to read). */
  get requestedPaths(): string[] {
    return [...this.requested];
  }

  /** Whether the entries may have changed since they were last asked for. */
  get changed(): boolean {
    return this.cached === undefined;
  }

  /** Reads one file; returns the settings modules it leads to. */
  private examine(path: string, text: string): string[] {
    const leads: string[] = [];
    if (text.includes("DJANGO_SETTINGS_MODULE")) {
      this.parsed.count++;
      for (const name of namedSettingsModules(text)) {
        const found = this.index.resolveAbsolute(name, path);
        if (found) {
          leads.push(found);
          if (!this.named.has(found)) this.cached = undefined;
          this.named.add(found);
        }
      }
    }
    const isSettings = this.importedFrom.has(path) || text.includes("INSTALLED_APPS") || /\bimport\s+\*/.test(text);
    if (!isSettings || /(^|\/)(manage|wsgi|asgi)\.py$/.test(path)) return leads;
    this.parsed.count++;
    const module = readSettings(path, text, this.index);
    this.modules.set(path, module);
    this.cached = undefined;
    for (const s of module.statements) {
      if (s.kind !== "import" || this.importedFrom.has(s.path)) continue;
      this.importedFrom.add(s.path);
      this.examined.delete(s.path);
      leads.push(s.path);
    }
    return leads;
  }
}

/** The roots an INSTALLED_APPS entry names in this repository, or undefined (outside code). */
export function appRootsOf(entry: string, index: ModuleIndex, fromPath?: string): AppRoots | undefined {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(entry)) return undefined;
  const appModule = index.resolveAbsolute(`${entry}.apps`, fromPath);
  const imported = beside(entry, index, fromPath);
  if (appModule || imported.length > 0 || index.resolveAbsolute(entry, fromPath)) {
    return { ...(appModule ? { appModule } : {}), imported };
  }
  // A dotted AppConfig path: the class's module, and the app package: the module itself when
  // it is a package's __init__.py holding models or admin, else the package above it.
  const dot = entry.lastIndexOf(".");
  const module = dot > 0 ? index.resolveAbsolute(entry.slice(0, dot), fromPath) : undefined;
  if (!module) return undefined;
  const packageDot = entry.lastIndexOf(".", dot - 1);
  const own = module.endsWith("__init__.py") ? beside(entry.slice(0, dot), index, fromPath) : [];
  const importedHere = own.length > 0 ? own : packageDot > 0 ? beside(entry.slice(0, packageDot), index, fromPath) : [];
  return { appModule: module, appClass: entry.slice(dot + 1), imported: importedHere.filter((p) => p !== module) };
}

/**
 * The modules django.setup() imports for an app package, by its dotted name: the package itself
 * (its __init__.py runs first), then its models and admin modules.
 */
function beside(dotted: string, index: ModuleIndex, fromPath?: string): string[] {
  const own = index.resolveAbsolute(dotted, fromPath);
  const modules = ["models", "admin"].flatMap((m) => index.resolveAbsolute(`${dotted}.${m}`, fromPath) ?? []);
  return own?.endsWith("__init__.py") && modules.length > 0 ? [own, ...modules] : modules;
}
