// Running the app: app.yml for the manifest flow, the environment, the Dockerfile, /health, and a
// webhook answered before the analysis it queues has finished.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { DockerfileParser } from "dockerfile-ast";
import { Probot, ProbotOctokit, Server } from "probot";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { forksafeApp } from "../../../src/index.js";
import { ReviewQueue } from "../../../src/github/review-queue.js";
import { FakeGitHub } from "../fake-github.js";
import { HEAD1, seedPull } from "./fixtures.js";
import { pullRequestEvent } from "./harness.js";
import { stubAnalyzer } from "./stub-analyzer.js";
import { privateKey } from "../../helpers/app-key.js";

const root = new URL("../../../", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), "utf8");

describe("app.yml", () => {
  const manifest = parse(read("app.yml"));

  it("declares exactly the events the app handles", () => {
    expect([...manifest.default_events].sort()).toEqual(["check_run", "check_suite", "issue_comment", "pull_request"]);
  });

  it("asks for the least permissions those events and the fix commit need", () => {
    expect(manifest.default_permissions).toEqual({ checks: "write", pull_requests: "write", contents: "write", issues: "write", metadata: "read" });
  });

  it("has a name, description and URL", () => {
    expect(manifest.name).toBe("Forksafe");
    expect(manifest.description.length).toBeGreaterThan(20);
    expect(manifest.url).toMatch(/^https:\/\//);
  });
});

describe(".env.example", () => {
  it("lists Probot's standard settings", () => {
    const text = read(".env.example");
    for (const key of ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "PORT", "LOG_LEVEL", "GHE_HOST", "GHE_PROTOCOL"]) {
      expect(text).toMatch(new RegExp(`^#? ?${key}=`, "m"));
    }
  });
});

describe("Dockerfile", () => {
  const file = DockerfileParser.parse(read("Dockerfile"));
  const instructions = file.getInstructions();
  const last = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword).at(-1);

  it("builds in one stage and runs in a slim one", () => {
    const froms = file.getFROMs();
    expect(froms).toHaveLength(2);
    expect(froms[0]!.getBuildStage()).toBe("build");
    expect(froms[1]!.getImageTag()).toContain("slim");
  });

  it("installs production dependencies only in the runtime stage and runs as a non-root user", () => {
    const runtime = instructions.filter((i) => i.getRange().start.line > file.getFROMs()[1]!.getRange().start.line);
    expect(runtime.some((i) => i.getKeyword() === "RUN" && i.getTextContent().includes("npm ci --omit=dev"))).toBe(true);
    expect(last("USER")?.getArgumentsContent()).not.toMatch(/^(root|0)$/);
    expect(runtime.some((i) => i.getKeyword() === "USER")).toBe(true);
  });

  it("copies the library summaries where the compiled analysis reads them", () => {
    const runtime = instructions.filter((i) => i.getRange().start.line > file.getFROMs()[1]!.getRange().start.line);
    expect(runtime.some((i) => i.getKeyword() === "COPY" && i.getArgumentsContent() === "data ./data")).toBe(true);
  });

  it("checks /health and starts the compiled entry point that shuts down gracefully", () => {
    expect(last("HEALTHCHECK")?.getTextContent()).toContain("/health");
    expect(last("CMD")?.getTextContent()).toContain('["node", "dist/main.js"]');
  });
});

describe("the HTTP server", () => {
  it("answers /health, refuses unsigned webhooks, and answers a signed one before its analysis ends", async () => {
    const fake = await FakeGitHub.start();
    const repo = fake.repo("acme", "shop");
    seedPull(repo);
    const Octokit = ProbotOctokit.defaults((o: any) => ({ ...o, baseUrl: fake.url, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } }));
    const server = new Server({ host: "127.0.0.1", port: 0, Probot: Probot.defaults({ appId: 1, privateKey, secret: "s3cret", Octokit, logLevel: "fatal" }) });
    const queue = new ReviewQueue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await server.load(forksafeApp({ queue, redisUrl: "", analyze: async (tree, config) => (await gate, stubAnalyzer(tree, config)) }));
    const http = await server.start();
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const health = await fetch(`${base}/health`);
      expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);

      const body = JSON.stringify(pullRequestEvent(repo, "opened", 7, HEAD1));
      const headers = { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "abc" };
      const unsigned = await fetch(`${base}/api/github/webhooks`, { method: "POST", headers, body });
      expect(unsigned.status).toBe(400);

      const signature = "sha256=" + createHmac("sha256", "s3cret").update(body).digest("hex");
      const answer = await fetch(`${base}/api/github/webhooks`, { method: "POST", headers: { ...headers, "x-hub-signature-256": signature }, body });
      expect(answer.status).toBe(200);
      await vi.waitFor(() => expect(repo.checkRuns.map((r) => r.status)).toEqual(["in_progress"]), { timeout: 15_000 });
      release();
      await queue.idle();
      expect(repo.checkRuns.map((r) => r.status)).toEqual(["completed"]);
      fake.assertNoViolations();
    } finally {
      release();
      await server.stop();
      await fake.close();
    }
  });
});

describe("docker-compose.yml", () => {
  const compose = parse(read("docker-compose.yml"), { merge: true });

  it("runs two app replicas on one Redis, each given the grace period before it is killed", () => {
    const apps = Object.entries(compose.services as Record<string, any>).filter(([name]) => name.startsWith("forksafe"));
    expect(apps).toHaveLength(2);
    for (const [, service] of apps) {
      expect(service.environment.REDIS_URL).toBe("redis://redis:6379");
      expect(parseInt(service.stop_grace_period, 10)).toBeGreaterThan(Number(service.environment.SHUTDOWN_GRACE_SECONDS));
      expect(service.depends_on.redis.condition).toBe("service_healthy");
    }
    expect(compose.services.redis.command).toContain("noeviction");
  });
});
