// GitHub Actions workflow commands, written to stdout: annotations and their escaping.
// Data (the message) escapes %, \r and \n; properties (file, title...) also escape : and ,.

export type AnnotationLevel = "error" | "warning" | "notice";

/** GitHub shows this many annotations of each level for one step; the rest are dropped. */
export const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

export interface WorkflowAnnotation {
  level: AnnotationLevel;
  file: string;
  line: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title: string;
  message: string;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `::error file=F,line=L,endLine=E,col=C,endColumn=EC,title=T::message` */
export function annotationCommand(a: WorkflowAnnotation): string {
  const properties: Array<[string, string | number | undefined]> = [
    ["file", a.file],
    ["line", a.line],
    ["endLine", a.endLine],
    ["col", a.col],
    ["endColumn", a.endColumn],
    ["title", a.title],
  ];
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${a.level} ${props}::${escapeData(a.message)}`;
}

/** A command that fails nothing by itself but shows `message` as an error on the step. */
export function errorCommand(message: string): string {
  return `::error::${escapeData(message)}`;
}
