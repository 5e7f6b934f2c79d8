// Small helpers over the `yaml` package's document nodes, keeping each value's place.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";
import type { Word } from "./words.js";

/** Every document of a (multi-document) YAML or JSON file, or an error message. */
export function yamlDocuments(text: string): { docs: (Node | null)[] } | { error: string } {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { error: "not a YAML stream" };
  const failed = docs.find((d) => d.errors.length > 0);
  if (failed) return { error: `invalid YAML: ${failed.errors[0]!.message.split("\n")[0]}` };
  return { docs: docs.map((d) => d.contents) };
}

export function get(node: Node | null | undefined, key: string): Node | null | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.value as Node | null;
  }
  return undefined;
}

export function entries(node: Node | null | undefined): [string, Node | null][] {
  if (!isMap(node)) return [];
  return node.items.filter((i) => isPair(i) && isScalar(i.key)).map((i) => [String((i.key as { value: unknown }).value), i.value as Node | null]);
}

export function items(node: Node | null | undefined): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

/** A scalar's value and place; undefined for maps, lists and nulls. */
export function scalarWord(node: Node | null | undefined, path: string): Word | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || !node.range) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scalar holds a string, number or boolean
  const text = String(node.value);
  const [start, end] = node.range;
  const quoted = (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && end - start === text.length + 2;
  return quoted ? { text, path, start: start + 1, end: end - 1 } : { text, path, start, end };
}

/** The place of a map's key, for findings about a whole section (`uwsgi:`). */
export function keyWord(node: Node | null | undefined, key: string, path: string): Word | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key && item.key.range) {
      return { text: key, path, start: item.key.range[0], end: item.key.range[1] };
    }
  }
  return undefined;
}
