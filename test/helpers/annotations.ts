// Semgrep-style expectations written in the fixtures themselves:
//   # ruleid: FS101        the next line must be reported for FS101
//   # ok: FS101            the next line must not be (a look-alike)
//   # todoruleid: FS101    a known miss: not reported yet; once it is, promote it to ruleid
// The comment leader may be `#`, `;` or `//`; several ids may be given, comma-separated. An
// annotation applies to the next line that is neither an annotation nor a
// `# forksafe: ignore` comment on its own.

export type AnnotationKind = "ruleid" | "ok" | "todoruleid";

export interface Annotation {
  kind: AnnotationKind;
  ruleId: string;
  path: string;
  /** The line the annotation is written on (1-based). */
  annotationLine: number;
  /** The line it applies to (1-based). */
  line: number;
}

const ANNOTATION = /^\s*(?:#|;|\/\/)\s*(ruleid|ok|todoruleid)\s*:\s*(.*?)\s*$/;
const IGNORE_ALONE = /^\s*#\s*forksafe:\s*ignore\b/i;
const RULE_ID = /^FS\d{3}$/;

export interface ParsedAnnotations {
  annotations: Annotation[];
  /** Malformed annotations, ones with no line to apply to, duplicates: `path:line: problem`. */
  problems: string[];
}

export function parseAnnotations(path: string, text: string): ParsedAnnotations {
  const lines = text.split(/\r?\n/);
  const annotations: Annotation[] = [];
  const problems: string[] = [];
  let pending: Omit<Annotation, "line">[] = [];

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const match = ANNOTATION.exec(line);
    if (match) {
      const ids = match[2]!.split(",").map((s) => s.trim());
      for (const ruleId of ids) {
        if (!RULE_ID.test(ruleId)) problems.push(`${path}:${lineNo}: malformed rule id "${ruleId}" in annotation`);
        else pending.push({ kind: match[1] as AnnotationKind, ruleId, path, annotationLine: lineNo });
      }
      return;
    }
    if (pending.length > 0 && IGNORE_ALONE.test(line)) return;
    for (const p of pending) annotations.push({ ...p, line: lineNo });
    pending = [];
  });
  for (const p of pending) problems.push(`${path}:${p.annotationLine}: ${p.kind} annotation with no line after it`);

  const seen = new Map<string, Annotation>();
  for (const a of annotations) {
    const key = `${a.line}:${a.ruleId}`;
    const before = seen.get(key);
    if (before) {
      problems.push(
        `${path}:${a.annotationLine}: duplicate annotation for ${a.ruleId} on line ${a.line} (also ${before.kind} at line ${before.annotationLine})`,
      );
    } else {
      seen.set(key, a);
    }
  }
  return { annotations, problems };
}
