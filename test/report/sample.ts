// A hand-built analysis result for a small project: a direct query in ready(), a query reached
// through a call, a suppressed one, a gunicorn entry point and a skipped file.
import { SHOP } from "../cli/run-cli.js";
import type { Rule } from "../../src/analysis/rules/rule.js";
import type { AnalysisResult, EntryPointRef, Location } from "../../src/analysis/types.js";

export const SOURCES = new Map<string, string>([
  ["shop/apps.py", SHOP["shop/apps.py"]!],
  ["shop/services.py", SHOP["shop/services.py"]!],
  ["shop/admin.py", "from .models import Product\n\nCOUNT = Product.objects.count()  # forksafe: ignore[FS102]\n"],
  ["gunicorn.conf.py", "preload_app = True\n"],
]);

function at(path: string, line: number, column: number, endColumn: number): Location {
  return { path, startLine: line, startColumn: column, endLine: line, endColumn };
}

const ENTRY: EntryPointRef = {
  server: "gunicorn",
  location: at("gunicorn.conf.py", 1, 1, 19),
  source: "gunicorn.conf.py",
  summary: "preload_app = True, no close before fork",
};

export const RESULT: AnalysisResult = {
  findings: [
    {
      ruleId: "FS102",
      severity: "warning",
      location: at("shop/admin.py", 3, 9, 33),
      message: "`Product.objects.count()` queries the database when admin.py is imported",
      chain: [],
      related: [],
      entryPoints: [],
      fingerprint: "aaaaaaaaaaaaaaaa",
      suppressed: { location: at("shop/admin.py", 3, 35, 60) },
    },
    {
      ruleId: "FS101",
      severity: "error",
      location: at("shop/apps.py", 9, 9, 35),
      message: "`Site.objects.get_current()` queries the database in ShopConfig.ready()",
      chain: [],
      related: [],
      entryPoints: [ENTRY],
      fingerprint: "1111111111111111",
      fix: { description: "Move the query to a post_migrate handler or first use." },
    },
    {
      ruleId: "FS101",
      severity: "error",
      location: at("shop/services.py", 5, 12, 35),
      message: "`Product.objects.count()` queries the database, reached from ShopConfig.ready()",
      chain: [
        { location: at("shop/apps.py", 11, 9, 21), label: "ready() calls warm_cache()" },
        { location: at("shop/services.py", 5, 12, 35), label: "warm_cache() runs Product.objects.count()" },
      ],
      related: [],
      entryPoints: [ENTRY],
      fingerprint: "2222222222222222",
    },
  ],
  entryPoints: [
    {
      server: "gunicorn",
      location: at("gunicorn.conf.py", 1, 1, 19),
      source: "gunicorn.conf.py",
      preload: { kind: "on" },
      preloadLocation: at("gunicorn.conf.py", 1, 1, 19),
      mitigation: "none",
      notes: [],
    },
  ],
  skipped: [{ path: "static/logo.py", reason: "binary file (contains a NUL byte)" }],
  stats: { filesListed: 9, filesRead: 5, filesParsed: 4, bytesRead: 512 },
};

function rule(id: `FS1${number}`, name: string, summary: string): Rule {
  return {
    id,
    name,
    summary,
    defaultSeverity: "warning",
    docs: {
      what: `Finds ${name}.`,
      why: "Pre-forking servers share the connection between workers.",
      example: "class ShopConfig(AppConfig):\n    def ready(self):\n        Site.objects.get_current()",
      fix: "Move the query out of startup.",
      language: "python",
    },
  };
}

export const RULES_FOR_TEST: Rule[] = [
  rule("FS101", "query-in-ready", "Database work in AppConfig.ready()."),
  rule("FS102", "query-at-import", "Database work when a module is imported at startup."),
];
