// YAML deployment files: compose services, Kubernetes containers (any kind, multi-document),
// App Engine app.yaml. One reader, since a file's content says which it is. A compose service
// that runs a known base image's own command (base-images.ts) is kept as an image use, with its
// bind mounts as the files put into the image.
import { isMap, type Node } from "yaml";
import { baseImageOf, IMAGE_SCRIPTS, splitImage } from "../base-images.js";
import type { CommandText, EnvVar, ImageCopy, LaunchSite, ReaderResult, Word } from "../words.js";
import { entries, get, items, scalarWord, yamlDocuments } from "../yaml-nodes.js";

export function readYamlFile(path: string, text: string): ReaderResult | string {
  const templated = text.includes("{{");
  const parsed = yamlDocuments(templated ? blankTemplates(text) : text);
  if ("error" in parsed) return templated ? "a template (Helm, Jinja ...) that does not read as YAML once its {{ }} parts are blanked" : parsed.error;
  const out: ReaderResult = { sites: [], env: [] };
  for (const doc of parsed.docs) {
    const services = get(doc, "services");
    if (isMap(services)) composeServices(path, services, out);
    else if (get(doc, "runtime") !== undefined && get(doc, "entrypoint") !== undefined) appEngine(path, doc, out);
    else containers(path, doc, out);
  }
  return out;
}

function composeServices(path: string, services: Node, out: ReaderResult): void {
  for (const [name, service] of entries(services)) {
    const env = envMapOrList(path, get(service, "environment"));
    const envFiles = envFileRefs(path, get(service, "env_file"));
    const workdir = scalarWord(get(service, "working_dir"), path)?.text;
    const entrypoint = command(path, get(service, "entrypoint"));
    const cmd = command(path, get(service, "command"));
    const site = (what: string, c: CommandText): LaunchSite => ({
      path,
      source: `${path} service ${name} ${what}`,
      command: c,
      env,
      ...(workdir ? { workdir } : {}),
      ...(envFiles.length > 0 ? { envFiles } : {}),
    });
    if (entrypoint?.kind === "argv" && cmd?.kind === "argv") {
      out.sites.push(site("entrypoint and command", { kind: "argv", words: [...entrypoint.words, ...cmd.words] }));
    } else {
      if (entrypoint) out.sites.push(site("entrypoint", entrypoint));
      if (cmd) out.sites.push(site("command", cmd));
    }
    if (!entrypoint && !cmd) {
      out.env.push(...env);
      (out.envFiles ??= []).push(...envFiles);
    }
    const image = scalarWord(get(service, "image"), path);
    const own = [entrypoint, cmd].flatMap((c) => (!c ? [] : c.kind === "argv" ? c.words.map((w) => w.text) : c.piece.text.trim().split(/\s+/)));
    if (image && get(service, "build") === undefined && baseImageOf(splitImage(image.text).name) && own.every((w) => IMAGE_SCRIPTS.has(w))) {
      const copies = bindMounts(get(service, "volumes"), path);
      (out.images ??= []).push({ path, origin: `service ${name} image`, image, ...splitImage(image.text), env, ...(workdir ? { workdir } : {}), copies });
    }
  }
}

/** Bind mounts (`./app:/app`, `{ type: bind, source, target }`) as copies into the container. */
function bindMounts(node: Node | null | undefined, path: string): ImageCopy[] {
  return items(node).flatMap((item) => {
    const short = scalarWord(item, path)?.text.split(":");
    const source = short ? short[0] : scalarWord(get(item, "source"), path)?.text;
    const target = short ? short[1] : scalarWord(get(item, "target"), path)?.text;
    if (!source || !target || !/^[./]/.test(source) || source.startsWith("/")) return [];
    return [{ sources: [source], dest: target }];
  });
}

/** `env_file:` as one path, a list of paths, or a list of `{ path, required }` maps. */
function envFileRefs(path: string, node: Node | null | undefined): Word[] {
  const single = scalarWord(node, path);
  if (single) return [single];
  return items(node).flatMap((item) => scalarWord(item, path) ?? scalarWord(get(item, "path"), path) ?? []);
}

function appEngine(path: string, doc: Node | null, out: ReaderResult): void {
  const env = envMapOrList(path, get(doc, "env_variables"));
  const entrypoint = command(path, get(doc, "entrypoint"));
  if (entrypoint) out.sites.push({ path, source: `${path} App Engine entrypoint`, command: entrypoint, env });
  else out.env.push(...env);
}

/** Kubernetes: every `containers` list anywhere in the document (Deployment, CronJob, Pod ...). */
function containers(path: string, doc: Node | null, out: ReaderResult): void {
  const visit = (node: Node | null | undefined, depth: number): void => {
    if (!node || depth > 12) return;
    for (const [key, value] of entries(node)) {
      if (key === "containers") {
        for (const container of items(value)) readContainer(path, container, out);
      } else if (key !== "initContainers") {
        visit(value, depth + 1);
      }
    }
  };
  visit(doc, 0);
}

function readContainer(path: string, container: Node, out: ReaderResult): void {
  const name = scalarWord(get(container, "name"), path)?.text ?? "container";
  const env: EnvVar[] = items(get(container, "env")).flatMap((item) => {
    const key = scalarWord(get(item, "name"), path)?.text;
    const value = scalarWord(get(item, "value"), path);
    return key && value ? [{ name: key, value }] : [];
  });
  const cmd = command(path, get(container, "command"));
  const args = command(path, get(container, "args"));
  const words = [...(cmd?.kind === "argv" ? cmd.words : []), ...(args?.kind === "argv" ? args.words : [])];
  const workdir = scalarWord(get(container, "workingDir"), path)?.text;
  if (words.length > 0) {
    out.sites.push({ path, source: `${path} container ${name}`, command: { kind: "argv", words }, env, ...(workdir ? { workdir } : {}) });
  } else {
    out.env.push(...env);
  }
}

/** A command as a string (shell form) or a list of words. */
function command(path: string, node: Node | null | undefined): CommandText | undefined {
  const single = scalarWord(node, path);
  if (single) return { kind: "shell", piece: single };
  const words = items(node).flatMap((item) => scalarWord(item, path) ?? []);
  return words.length > 0 ? { kind: "argv", words } : undefined;
}

/** `environment:` as a map (`KEY: value`) or a list (`- KEY=value`). */
function envMapOrList(path: string, node: Node | null | undefined): EnvVar[] {
  const fromMap = entries(node).flatMap(([name, value]) => {
    const word = scalarWord(value, path);
    return word ? [{ name, value: word }] : [];
  });
  const fromList = items(node).flatMap((item) => {
    const word = scalarWord(item, path);
    const eq = word?.text.indexOf("=") ?? -1;
    if (!word || eq <= 0) return [];
    const exact = word.end - word.start === word.text.length;
    return [{ name: word.text.slice(0, eq), value: { text: word.text.slice(eq + 1), path, start: exact ? word.start + eq + 1 : word.start, end: word.end } }];
  });
  return [...fromMap, ...fromList];
}

/**
 * Helm and Jinja templates: `{{ ... }}` alone on a line becomes blank, elsewhere a same-length
 * placeholder, so offsets stay right and the plain YAML around them can still be read.
 */
function blankTemplates(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^\s*\{\{.*\}\}\s*$/.test(line) ? " ".repeat(line.length) : line.replace(/\{\{.*?\}\}/g, (m) => "x".repeat(m.length))))
    .join("\n");
}
