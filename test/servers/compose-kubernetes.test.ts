import { describe, expect, it } from "vitest";
import { at, contextOf, entryPointsOf, textAt } from "./helpers.js";
import { findEntryPoints } from "../../src/analysis/servers/index.js";

describe("compose files", () => {
  it("reads command strings and lists, entrypoint and environment list or map", async () => {
    const files = {
      "docker-compose.yml": [
        "services:",
        "  web:",
        "    command: gunicorn proj.wsgi --preload",
        "  api:",
        '    entrypoint: ["ddtrace-run"]',
        '    command: ["gunicorn", "proj.wsgi"]',
        "    environment:",
        "      GUNICORN_CMD_ARGS: --preload --workers 2",
        "  admin:",
        "    command: gunicorn proj.wsgi",
        "    environment:",
        "      - GUNICORN_CMD_ARGS=--workers 2",
        "",
      ].join("\n"),
    };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind, e.preloadLocation?.startLine])).toEqual([
      ["docker-compose.yml service web command", "on", 3],
      ["docker-compose.yml service api entrypoint and command", "on", 8],
      ["docker-compose.yml service admin command", "off", undefined],
    ]);
    expect(textAt(files, eps[1]?.preloadLocation)).toBe("--preload");
  });

  it("makes an entry point of GUNICORN_CMD_ARGS --preload set for an image's own command", async () => {
    const files = { "compose.yaml": "services:\n  web:\n    image: shop\n    environment:\n      - GUNICORN_CMD_ARGS=--preload\n" };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("GUNICORN_CMD_ARGS in compose.yaml");
    expect(at(ep?.preloadLocation)).toBe("compose.yaml:5:27");
  });
});

describe("Kubernetes manifests", () => {
  const manifest = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "spec:",
    "  template:",
    "    spec:",
    "      initContainers:",
    "        - name: migrate",
    '          command: ["gunicorn", "--preload"]',
    "      containers:",
    "        - name: web",
    '          command: ["gunicorn"]',
    '          args: ["--preload", "proj.wsgi"]',
    "          env:",
    "            - name: GUNICORN_CMD_ARGS",
    '              value: "-k gevent"',
    "---",
    "apiVersion: batch/v1",
    "kind: CronJob",
    "spec:",
    "  jobTemplate:",
    "    spec:",
    "      template:",
    "        spec:",
    "          containers:",
    "            - name: uw",
    '              command: ["uwsgi", "--lazy-apps", "--module", "proj.wsgi"]',
    "",
  ].join("\n");

  it("reads containers in every document, skipping init containers", async () => {
    const files = { "k8s/web.yaml": manifest };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.server, e.source, e.preload.kind, at(e.preloadLocation)])).toEqual([
      ["gunicorn", "k8s/web.yaml container web", "on", "k8s/web.yaml:12:19"],
      ["uwsgi", "k8s/web.yaml container uw", "off", "k8s/web.yaml:26:35"],
    ]);
    expect(eps[0]?.workerClass).toBe("gevent");
  });

  it("skips invalid YAML with the reason", async () => {
    const ctx = contextOf({ "k8s/a.yaml": "a: [1, 2\n", "deploy/b.yaml": "spec:\n  {{ if }}: [\n" });
    expect(await findEntryPoints(ctx)).toEqual([]);
    const skipped = ctx.files.skipped();
    expect(skipped.map((s) => s.path).sort()).toEqual(["deploy/b.yaml", "k8s/a.yaml"]);
    expect(skipped.find((s) => s.path === "k8s/a.yaml")?.reason).toMatch(/invalid YAML/);
    expect(skipped.find((s) => s.path === "deploy/b.yaml")?.reason).toMatch(/template/);
  });

  it("reads a Helm template around its {{ }} parts, keeping places", async () => {
    const files = {
      "charts/shop/templates/deployment.yaml": [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: {{ .Chart.Name }}",
        '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '          command: ["gunicorn", "--preload", "proj.wsgi"]',
        "          {{- with .Values.resources }}",
        "          resources: {}",
        "          {{- end }}",
        "",
      ].join("\n"),
    };
    const [ep] = await entryPointsOf(files);
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
    expect(ep?.preloadLocation?.startLine).toBe(9);
  });
});
