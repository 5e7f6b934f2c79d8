// Which files may decide how the app is served, by name and location alone (before reading).
import picomatch from "picomatch";
import type { AnalysisContext } from "../context.js";

export type FileKind = "procfile" | "dockerfile" | "yaml" | "ini" | "shell" | "env" | "app-json" | "fly-toml" | "python" | "python-script";

const DEPLOY_DIRS = /(^|\/)(\.?k8s|kube|kubernetes|manifests?|deploy(ment)?s?|helm|charts|infra|ops|kustomize|overlays|base|openshift|\.platform)\//i;
/** Templates rendered into an ini file at deploy time: `uwsgi.ini.j2`, `uwsgi.ini.template`. */
const TEMPLATE_INI = /\.ini\.(j2|jinja2?|template|tpl|tmpl)$/i;
const K8S_NAMES = /(deployment|statefulset|daemonset|cronjob|job|pod|k8s|kube|manifest|workload)[\w.-]*\.ya?ml$/i;

export function fileKind(path: string): FileKind | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (/^Procfile(\.[\w-]+)?$/.test(base)) return "procfile";
  if (/^(Dockerfile|Containerfile)([.-][\w.-]+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base)) return "dockerfile";
  if (base === "app.json") return "app-json";
  if (base === "fly.toml") return "fly-toml";
  if (/\.(ini|service)$/.test(base) || base === "supervisord.conf") return "ini";
  if (TEMPLATE_INI.test(base)) return "ini";
  if (/\.conf$/.test(base) && /supervisor|uwsgi/i.test(path)) return "ini";
  if (/\.ya?ml$/i.test(base)) {
    if (/^(docker-)?compose([.\w-]*)\.ya?ml$/i.test(base) || /^app\.ya?ml$/.test(base) || /uwsgi/i.test(base)) return "yaml";
    if (DEPLOY_DIRS.test(path) || K8S_NAMES.test(base)) return "yaml";
    return undefined;
  }
  if (/uwsgi.*\.json$/i.test(base)) return "yaml";
  if (/^\.env(\.[\w-]+)?$|\.env$/.test(base)) return "env";
  if (/\.sh$/.test(base) || /^(docker-)?entrypoint$|^(start|run|boot|serve|start-server)$/.test(base)) return "shell";
  if (/\.py$/.test(base) && (/gunicorn/i.test(path) || base === "wsgi.py" || mayBeServerConfig(path, base))) return "python";
  return undefined;
}

/** Python files that may be a gunicorn config under another name: `web.conf.py`, `deploy/config.py`. */
function mayBeServerConfig(path: string, base: string): boolean {
  if (/\.conf\.py$/.test(base)) return true;
  const top = !path.includes("/") || DEPLOY_DIRS.test(path) || /(^|\/)docker\//.test(path);
  return top && /^(conf|config|server|serve|web)([_-][\w-]+)?\.py$/.test(base);
}

/** Guesses a kind for a file named by configuration or a command, whatever its name. */
export function kindByContent(path: string): FileKind {
  const known = fileKind(path);
  if (known) return known;
  if (/\.py$/.test(path)) return "python";
  if (/\.(ya?ml|json)$/.test(path)) return "yaml";
  if (/\.(ini|conf|cfg)$/.test(path)) return "ini";
  return "shell";
}

/** Candidate files with their kinds: by name, plus the globs in forksafe.yml's entry_points. */
export function candidateFiles(ctx: AnalysisContext): Map<string, FileKind> {
  const out = new Map<string, FileKind>();
  const extra = ctx.config.entry_points.length > 0 ? picomatch(ctx.config.entry_points, { dot: true }) : undefined;
  for (const path of ctx.paths) {
    const kind = fileKind(path) ?? (extra?.(path) ? kindByContent(path) : undefined);
    if (kind) out.set(path, kind);
  }
  return out;
}
