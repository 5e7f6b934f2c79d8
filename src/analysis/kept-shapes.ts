// Objects held for the life of the process only so that their shapes outlive each scan.
//
// V8 compiles a hot function against the hidden classes ("maps") of the objects it has seen,
// and throws that code away at the first full collection after the last object of such a class
// has died: a class instance's map hangs off its constructor only by weak transitions, so it
// dies with the last instance. A scan's objects (the module index, the walk, each file's
// SummaryState, the file system's Dirent and Stats, tree-sitter's nodes) all die once it ends;
// after a full collection between two scans in one process (the GitHub App, the benchmark) the
// next scan used to compile some 130 functions again on V8's second thread. One small object
// of each such class, held here, keeps the maps, and with them the compiled code.
const kept = new Map<string, object>();

/**
 * Holds `exemplar` under `name` for the life of the process, unless something is held there
 * already. Pass a small object (an empty instance, or one that holds little): it is never freed.
 */
export function keepShape(name: string, exemplar: object | undefined): void {
  if (exemplar !== undefined && !kept.has(name)) kept.set(name, exemplar);
}
