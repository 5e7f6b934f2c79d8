// The rule tests: every fixture project under test/fixtures/<group>/<name>/ is analysed and its
// findings compared with the `# ruleid:` / `# ok:` / `# todoruleid:` annotations in its files.
// See test/fixtures/README.md for the format.
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyze } from "../src/analysis/analyze.js";
import { RULES } from "../src/analysis/rules/index.js";
import { parseAnnotations, type Annotation } from "./helpers/annotations.js";
import { compareFindings } from "./helpers/compare-findings.js";
import { discoverProjects, loadProject, type FixtureProject } from "./helpers/fixture-project.js";

const ROOT = fileURLToPath(new URL("./fixtures/", import.meta.url));
const PROJECTS = discoverProjects(ROOT);
const KNOWN_RULES = new Set<string>(RULES.map((r) => r.id));

function annotationsOf(project: FixtureProject): { annotations: Annotation[]; problems: string[] } {
  const annotations: Annotation[] = [];
  const problems: string[] = [];
  for (const [path, text] of Object.entries(project.files)) {
    const parsed = parseAnnotations(path, text);
    annotations.push(...parsed.annotations);
    problems.push(...parsed.problems);
  }
  for (const a of annotations) {
    if (!KNOWN_RULES.has(a.ruleId)) problems.push(`${a.path}:${a.annotationLine}: unknown rule ${a.ruleId}`);
  }
  return { annotations, problems: problems.map((p) => `${displayPrefix(project)}${p}`) };
}

/** Messages name files from the repository root, so editors can open them. */
function displayPrefix(project: FixtureProject): string {
  return `test/fixtures/${project.name}/`;
}

describe("fixture projects", () => {
  test("there are fixture projects to run", () => {
    expect(PROJECTS.length).toBeGreaterThan(0);
  });

  test.each(PROJECTS)("%s", async (name) => {
    const project = loadProject(ROOT, name);
    const { annotations, problems } = annotationsOf(project);
    expect(problems, `${name}: bad annotations`).toEqual([]);

    const result = await analyze(project.tree, project.config);
    const differences = compareFindings(result.findings, annotations, project.files, displayPrefix(project));
    expect(differences, `${name}: findings differ from the annotations`).toEqual([]);
  });

  test("every rule has at least one ruleid and one ok case", () => {
    const kinds = new Map<string, Set<string>>();
    for (const name of PROJECTS) {
      for (const a of annotationsOf(loadProject(ROOT, name)).annotations) {
        const set = kinds.get(a.ruleId) ?? new Set<string>();
        set.add(a.kind);
        kinds.set(a.ruleId, set);
      }
    }
    const lacking = RULES.flatMap((rule) => ["ruleid", "ok"].filter((k) => !kinds.get(rule.id)?.has(k)).map((k) => `${rule.id} has no ${k} case`));
    expect(lacking).toEqual([]);
  });
});
