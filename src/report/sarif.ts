// SARIF 2.1.0 for code-scanning tools: rule metadata from the rule files, one result per
// finding with its chain as related locations and a code flow, fingerprints that survive line
// moves, and suppressed findings marked as suppressed.
import type * as Sarif from "sarif";
import { RULES } from "../analysis/rules/index.js";
import type { Rule } from "../analysis/rules/rule.js";
import { libraryWhere, reportedLocations, type AnalysisResult, type ChainStep, type Finding, type Location } from "../analysis/types.js";
import { ruleMarkdown, ruleText } from "./rule-docs.js";
import { TOOL_NAME, TOOL_VERSION } from "./tool-version.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const FINGERPRINT_KEY = "forksafe/v1";
const SRCROOT = "%SRCROOT%";

export interface SarifOptions {
  /** A `file://` URI of the scanned directory, ending in `/`; omitted when unknown. */
  srcRootUri?: string;
  rules?: readonly Rule[];
}

/**
 *  1. Describe every rule (plus any id a finding uses that no rule file declares).
 *  2. One result per finding, pointing at its rule by index.
 *  3. Skipped files as tool notifications of the invocation.
 */
export function sarifLog(result: AnalysisResult, options: SarifOptions = {}): Sarif.Log {
  const rules = [...(options.rules ?? RULES)].map(ruleDescriptor);
  for (const f of result.findings) {
    if (!rules.some((r) => r.id === f.ruleId)) rules.push({ id: f.ruleId, shortDescription: { text: f.ruleId } });
  }
  const srcRoot: Sarif.ArtifactLocation = options.srcRootUri ? { uri: options.srcRootUri } : { description: { text: "The directory forksafe scanned." } };
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } },
        originalUriBaseIds: { [SRCROOT]: srcRoot },
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.skipped.map((s) => ({
              level: "note" as const,
              message: { text: `Skipped ${s.path}: ${s.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifact(s.path) } }],
            })),
          },
        ],
        results: result.findings.map((f) =>
          sarifResult(
            f,
            rules.findIndex((r) => r.id === f.ruleId),
          ),
        ),
      },
    ],
  };
}

export function renderSarif(result: AnalysisResult, options: SarifOptions = {}): string {
  return `${JSON.stringify(sarifLog(result, options), null, 2)}\n`;
}

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.docs.what },
    help: { text: ruleText(rule), markdown: ruleMarkdown(rule, "##") },
    defaultConfiguration: { level: rule.defaultSeverity },
  };
}

function sarifResult(f: Finding, ruleIndex: number): Sarif.Result {
  const related: Sarif.Location[] = [];
  const add = (location: Location, text: string): void => {
    related.push({ id: related.length + 1, ...physical(location), message: { text } });
  };
  for (const step of f.chain) add(step.location, step.label);
  for (const step of f.related) add(step.location, step.label);
  for (const ep of f.entryPoints) add(ep.location, `${ep.server} entry point (${ep.source}): ${ep.summary}`);

  const out: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.severity,
    message: { text: f.message },
    locations: reportedLocations(f).map((l) => physical(l)),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
  };
  if (related.length > 0) out.relatedLocations = related;
  if (f.chain.length > 0 || f.libraryChain?.length) out.codeFlows = [codeFlow(f)];
  if (f.fix?.edits?.length) out.fixes = [sarifFix(f)];
  // What `forksafe probe` saw at the first fork, for code scanning's result properties.
  if (f.runtime) out.properties = { "forksafe/runtime": { ...f.runtime } };
  if (f.suppressed) {
    out.suppressions = [{ kind: "inSource", location: physical(f.suppressed.location) }];
  }
  return out;
}

/** The path from the startup code (chain[0]) through each call to the query. */
function codeFlow(f: Finding): Sarif.CodeFlow {
  const steps: ChainStep[] = [...f.chain];
  const last = steps[steps.length - 1];
  if (!last || !sameStart(last.location, f.location)) steps.push({ location: f.location, label: f.message });
  // Steps inside a library name no file of the scanned tree: a message and a logical location only.
  const library = (f.libraryChain ?? []).map((step) => ({
    location: {
      message: { text: `${libraryWhere(step)} ${step.label}` },
      logicalLocations: [{ fullyQualifiedName: `${step.library.package}@${step.library.version}:${step.path}${step.line > 0 ? `:${step.line}` : ""}` }],
    },
  }));
  return {
    threadFlows: [
      {
        locations: [...steps.map((step) => ({ location: { ...physical(step.location), message: { text: step.label } } })), ...library],
      },
    ],
  };
}

function sarifFix(f: Finding): Sarif.Fix {
  const byPath = new Map<string, Sarif.Replacement[]>();
  for (const edit of f.fix?.edits ?? []) {
    const list = byPath.get(edit.location.path) ?? [];
    list.push({ deletedRegion: region(edit.location), insertedContent: { text: edit.replacement } });
    byPath.set(edit.location.path, list);
  }
  return {
    description: { text: f.fix?.description ?? "" },
    artifactChanges: [...byPath].map(([path, replacements]) => ({ artifactLocation: artifact(path), replacements })),
  };
}

function physical(location: Location): Sarif.Location {
  return { physicalLocation: { artifactLocation: artifact(location.path), region: region(location) } };
}

function artifact(path: string): Sarif.ArtifactLocation {
  return { uri: path.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function region(location: Location): Sarif.Region {
  return {
    startLine: location.startLine,
    startColumn: location.startColumn,
    endLine: location.endLine,
    endColumn: location.endColumn,
  };
}

function sameStart(a: Location, b: Location): boolean {
  return a.path === b.path && a.startLine === b.startLine && a.startColumn === b.startColumn;
}
