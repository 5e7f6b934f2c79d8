// Checks a request against GitHub's OpenAPI description (api.github.com, from @octokit/openapi):
// the method and path must name an operation, and a JSON body must match its requestBody schema.
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);
const DOC_ID = "https://api.github.com/openapi.json";

interface Operation {
  method: string;
  template: string;
  operationId: string;
  pattern: RegExp;
  literalChars: number;
  bodyPointer?: string;
}

export interface OperationMatch {
  operationId: string;
  template: string;
  params: Record<string, string>;
}

type OpenApiDoc = {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
  components: { requestBodies?: Record<string, unknown> };
};

let loaded: { operations: Operation[]; ajv: Ajv; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (loaded) return loaded;
  const doc = require("@octokit/openapi/generated/api.github.com.json") as OpenApiDoc;
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== "object" || !op.operationId) continue;
      const names: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
          names.push(name);
          // A file path or a ref may hold slashes; every other parameter is one segment.
          return name === "path" || name === "ref" ? "(.+)" : "([^/]+)";
        })
        .join("");
      const pattern = new RegExp(`^${source}$`);
      Object.defineProperty(pattern, "names", { value: names });
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        pattern,
        literalChars: template.replace(/\{[^}]+\}/g, "").length,
        bodyPointer: op.requestBody ? bodyPointer(doc, template, method, op.requestBody) : undefined,
      });
    }
  }
  operations.sort((a, b) => b.literalChars - a.literalChars);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  (addFormatsModule as unknown as { default: (a: Ajv) => void }).default(ajv);
  ajv.addSchema(doc as object, DOC_ID);
  loaded = { operations, ajv, validators: new Map() };
  return loaded;
}

function bodyPointer(doc: OpenApiDoc, template: string, method: string, body: unknown): string | undefined {
  let pointer = `/paths/${escape(template)}/${method}/requestBody`;
  let requestBody = body as { $ref?: string; content?: Record<string, { schema?: unknown }> };
  if (requestBody.$ref) {
    pointer = requestBody.$ref.slice(1);
    requestBody = doc.components.requestBodies?.[requestBody.$ref.split("/").pop()!] as typeof requestBody;
  }
  if (!requestBody?.content?.["application/json"]?.schema) return undefined;
  return `${pointer}/content/application~1json/schema`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The operation a request names, or undefined when GitHub has none for this method and path. */
export function matchOperation(method: string, path: string): OperationMatch | undefined {
  for (const op of load().operations) {
    if (op.method !== method.toUpperCase()) continue;
    const m = op.pattern.exec(path);
    if (!m) continue;
    const names = (op.pattern as RegExp & { names: string[] }).names;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    return { operationId: op.operationId, template: op.template, params };
  }
  return undefined;
}

/** Problems with a JSON body for this operation, as readable lines; empty when it validates. */
export function checkBody(operationId: string, body: unknown): string[] {
  const { operations, ajv, validators } = load();
  const op = operations.find((o) => o.operationId === operationId);
  if (!op?.bodyPointer) return [];
  let validate = validators.get(operationId);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}#${op.bodyPointer}` });
    validators.set(operationId, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? "is invalid"}${e.params ? " " + JSON.stringify(e.params) : ""}`);
}
