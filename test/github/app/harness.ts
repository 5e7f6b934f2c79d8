// A real Probot instance running the Forksafe app against the fake GitHub on loopback, with
// webhook payloads taken from @octokit/webhooks-examples and adapted per test.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import { forksafeApp } from "../../../src/index.js";
import type { Analyzer } from "../../../src/github/review-pull-request.js";
import type { Planner } from "../../../src/github/apply-fix.js";
import { ReviewQueue } from "../../../src/github/review-queue.js";
import { FakeGitHub, type FakeRepo } from "../fake-github.js";
import { stubAnalyzer } from "./stub-analyzer.js";
import { privateKey } from "../../helpers/app-key.js";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as { name: string; examples: Record<string, any>[] }[];

export interface AppOptions {
  retry?: boolean;
  throttle?: boolean;
  analyze?: Analyzer;
  /** The fix planner; none by default, so the fix flow is off unless a test turns it on. */
  plan?: Planner;
}

export interface TestApp {
  fake: FakeGitHub;
  probot: Probot;
  queue: ReviewQueue;
  repo: FakeRepo;
  /** Delivers a webhook and waits until the reviews it queued have finished. */
  deliver(name: string, payload: Record<string, any>, id?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startApp(options: AppOptions = {}): Promise<TestApp> {
  const fake = await FakeGitHub.start();
  const queue = new ReviewQueue();
  const Octokit = ProbotOctokit.defaults((instance: any) => ({
    ...instance,
    baseUrl: fake.url,
    retry: { ...instance.retry, enabled: options.retry ?? false, retryAfterBaseValue: 1 },
    throttle: { ...instance.throttle, enabled: options.throttle ?? false },
  }));
  const probot = new Probot({ appId: 1, privateKey, Octokit, logLevel: "fatal" });
  await probot.load(forksafeApp({ queue, analyze: options.analyze ?? stubAnalyzer, redisUrl: "", plan: options.plan ?? null }), {
    cwd: process.cwd(),
    addHandler: () => {},
  });
  const repo = fake.repo("acme", "shop");
  return {
    fake,
    probot,
    queue,
    repo,
    async deliver(name, payload, id = randomUUID()) {
      await probot.receive({ id, name, payload } as any);
      await queue.idle();
    },
    close: () => fake.close(),
  };
}

function example(event: string, action: string): Record<string, any> {
  const found = examples.find((e) => e.name === event)?.examples.find((x) => x.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}

function adaptRepository(payload: Record<string, any>, repo: FakeRepo): Record<string, any> {
  payload.repository = {
    ...payload.repository,
    id: repo.id,
    name: repo.name,
    full_name: repo.fullName,
    owner: { ...payload.repository.owner, login: repo.owner },
  };
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}

export function pullRequestEvent(repo: FakeRepo, action: string, number: number, head: string, updatedAt = "2026-01-01T00:00:00Z"): Record<string, any> {
  const payload = adaptRepository(example("pull_request", action), repo);
  payload.number = number;
  const seed = repo.pulls.get(number);
  payload.pull_request = {
    ...payload.pull_request,
    number,
    state: "open",
    updated_at: updatedAt,
    user: { ...payload.pull_request.user, login: seed?.author ?? "octocat" },
    head: { ...payload.pull_request.head, sha: head },
  };
  return payload;
}

export function checkSuiteEvent(repo: FakeRepo, action: "requested" | "rerequested", head: string, pulls: number[] = []): Record<string, any> {
  const payload = adaptRepository(example("check_suite", action), repo);
  payload.check_suite = {
    ...payload.check_suite,
    head_sha: head,
    pull_requests: pulls.map((number) => ({
      number,
      id: number,
      url: "",
      head: { ref: "topic", sha: head, repo: { id: repo.id, url: "", name: repo.name } },
      base: { ref: "main", sha: "0".repeat(40), repo: { id: repo.id, url: "", name: repo.name } },
    })),
  };
  return payload;
}

export function checkRunEvent(
  repo: FakeRepo,
  action: "rerequested" | "requested_action",
  head: string,
  identifier = "rerun",
  name = "Forksafe",
  sender = "octocat",
): Record<string, any> {
  const payload = adaptRepository(example("check_run", action), repo);
  payload.check_run = { ...payload.check_run, name, head_sha: head, pull_requests: [] };
  payload.sender = { ...payload.sender, login: sender, type: "User" };
  if (action === "requested_action") payload.requested_action = { identifier };
  return payload;
}

export function commentEvent(repo: FakeRepo, number: number, body: string, login: string, type: "User" | "Bot" = "User", onPull = true): Record<string, any> {
  const payload = adaptRepository(example("issue_comment", "created"), repo);
  const author = repo.pulls.get(number)?.author ?? "octocat";
  payload.issue = {
    ...payload.issue,
    number,
    user: { ...payload.issue.user, login: author },
    ...(onPull ? { pull_request: { url: "", html_url: "", diff_url: "", patch_url: "" } } : {}),
  };
  if (!onPull) delete payload.issue.pull_request;
  payload.comment = { ...payload.comment, id: 4242, body, user: { ...payload.comment.user, login, type } };
  payload.sender = { ...payload.sender, login, type };
  return payload;
}
