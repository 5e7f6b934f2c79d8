// An in-process fake of the GitHub API on 127.0.0.1, for tests and the API-budget benchmark.
// Seed it (repos, commits, pull requests, threads, permissions, config files), point an Octokit at
// `fake.url`, and read back what was posted and every request made. Each request is checked
// against GitHub's OpenAPI description (REST) or GraphQL schema; what fails is in `violations`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkBody, matchOperation } from "./fake/openapi-check.js";
import { serveGraphql } from "./fake/graphql.js";
import { serveRest, type RestReply, type World } from "./fake/rest-routes.js";
import { FakeRepo } from "./fake/state.js";

export { FakeRepo } from "./fake/state.js";
export type * from "./fake/state.js";

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /repos/acme/shop/pulls/1/files. */
  path: string;
  query: Record<string, string>;
  /** GitHub's operationId ("pulls/list-files"), or "graphql". */
  operation: string;
  /** For GraphQL: the top-level fields asked for ("repository", "resolveReviewThread"...). */
  graphqlFields?: string[];
  body: unknown;
  status: number;
  /** When the request arrived and when it was answered (ms, performance.now()). */
  at?: number;
  answeredAt?: number;
}

/** A failure to inject into the next matching requests. */
export interface Failure {
  /** operationId (e.g. "pulls/create-review") or "graphql"; matches every request when absent. */
  operation?: string;
  method?: string;
  path?: string | RegExp;
  /** How many matching requests fail; 1 by default. */
  times?: number;
  /** Answer with this status: 500/502 for a server error, 403 with `secondaryRateLimit`... */
  status?: number;
  message?: string;
  /** Makes it GitHub's secondary rate limit (403 with `retry-after`, seconds). */
  secondaryRateLimit?: { retryAfter: number };
  /** Hold the request this long, then drop the connection without an answer. */
  timeoutMs?: number;
}

export interface FakeGitHubOptions {
  /** The login the app posts as. */
  botLogin?: string;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  private readonly repos = new Map<string, FakeRepo>();
  private readonly failures: (Failure & { left: number })[] = [];
  readonly botLogin: string;
  url = "";
  /** Every request waits this long before it is answered: a slow GitHub. */
  latencyMs = 0;
  /**
   * The installation's permissions, as its access token carries them and as GitHub enforces
   * them on createCommitOnBranch. app.yml's by default.
   */
  installationPermissions: Record<string, string> = { checks: "write", pull_requests: "write", contents: "write", issues: "write", metadata: "read" };
  /** Requests received and not answered yet ("POST /graphql"), while `latencyMs` holds them. */
  readonly inFlight: string[] = [];

  private constructor(
    private readonly server: Server,
    options: FakeGitHubOptions,
  ) {
    this.botLogin = options.botLogin ?? "forksafe[bot]";
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    let fake: FakeGitHub | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    // Clients reuse idle connections; Node's 5 s default closes them under a busy client's feet
    // (read ECONNRESET) when the machine is loaded.
    server.keepAliveTimeout = 60_000;
    fake = new FakeGitHub(server, options);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The repository `owner/name`, created empty on first use. */
  repo(owner: string, name: string): FakeRepo {
    const key = `${owner}/${name}`;
    let repo = this.repos.get(key);
    if (!repo) {
      repo = new FakeRepo(owner, name);
      this.repos.set(key, repo);
    }
    return repo;
  }

  fail(failure: Failure): this {
    this.failures.push({ ...failure, left: failure.times ?? 1 });
    return this;
  }

  /** Forgets the recorded requests (seeded and posted state stays). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Requests made, counted by operation ("graphql" split by its top-level fields). */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.requests) {
      const kind = r.operation === "graphql" ? `graphql ${r.graphqlFields?.join("+") ?? ""}`.trim() : r.operation;
      out[kind] = (out[kind] ?? 0) + 1;
    }
    return out;
  }

  /** Throws, listing each one, if any request did not match GitHub's API description. */
  assertNoViolations(): void {
    if (this.violations.length > 0) {
      throw new Error(`Requests GitHub would reject:\n- ${this.violations.join("\n- ")}`);
    }
  }

  private world(): World {
    return {
      url: this.url,
      botLogin: this.botLogin,
      permissions: this.installationPermissions,
      repo: (owner, name) => this.repos.get(`${owner}/${name}`),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, "").replace(/^\/api\/graphql$/, "/graphql");
    const method = (req.method ?? "GET").toUpperCase();
    const text = await readBody(req);
    if (this.latencyMs > 0) {
      const entry = `${method} ${path}`;
      this.inFlight.push(entry);
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      this.inFlight.splice(this.inFlight.indexOf(entry), 1);
    }
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      operation: "unknown",
      body: undefined,
      status: 0,
      at: performance.now(),
    };
    this.requests.push(record);
    try {
      record.body = text ? JSON.parse(text) : undefined;
    } catch {
      this.violations.push(`${method} ${path}: body is not JSON`);
      return send(res, record, { status: 400, body: { message: "Problems parsing JSON" } });
    }

    if (method === "POST" && path === "/graphql") {
      record.operation = "graphql";
      if (await this.injected(record, res)) return;
      const outcome = serveGraphql(record.body, this.repos.values(), this.botLogin, this.installationPermissions);
      record.graphqlFields = outcome.fields;
      if (outcome.violation) this.violations.push(`POST /graphql: ${outcome.violation}`);
      return send(res, record, outcome);
    }

    const match = matchOperation(method, path);
    if (!match) {
      this.violations.push(`${method} ${path}: no such operation in GitHub's REST API`);
      return send(res, record, { status: 404, body: { message: "Not Found" } });
    }
    record.operation = match.operationId;
    const problems = record.body === undefined ? [] : checkBody(match.operationId, record.body);
    if (problems.length > 0) {
      this.violations.push(`${method} ${path} (${match.operationId}): ${problems.join("; ")}`);
      return send(res, record, { status: 422, body: { message: "Invalid request.", errors: problems } });
    }
    if (await this.injected(record, res)) return;
    const reply = serveRest(
      { operationId: match.operationId, params: match.params, query: url.searchParams, body: record.body ?? {}, headers: req.headers, url },
      this.world(),
    );
    if (!reply) {
      this.violations.push(`${method} ${path} (${match.operationId}): a valid operation the fake does not serve`);
      return send(res, record, { status: 404, body: { message: "Not Found" } });
    }
    send(res, record, reply);
  }

  /** Answers with an injected failure if one matches; true when it did. */
  private async injected(record: RecordedRequest, res: ServerResponse): Promise<boolean> {
    const failure = this.failures.find(
      (f) =>
        f.left > 0 &&
        (!f.operation || f.operation === record.operation) &&
        (!f.method || f.method.toUpperCase() === record.method) &&
        (!f.path || (typeof f.path === "string" ? f.path === record.path : f.path.test(record.path))),
    );
    if (!failure) return false;
    failure.left -= 1;
    if (failure.timeoutMs !== undefined) {
      record.status = -1;
      await new Promise((resolve) => setTimeout(resolve, failure.timeoutMs));
      res.destroy();
      return true;
    }
    if (failure.secondaryRateLimit) {
      send(res, record, {
        status: failure.status ?? 403,
        body: {
          message: failure.message ?? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
        headers: { "retry-after": String(failure.secondaryRateLimit.retryAfter), "x-ratelimit-remaining": "4000" },
      });
      return true;
    }
    send(res, record, { status: failure.status ?? 500, body: { message: failure.message ?? "Server Error" } });
    return true;
  }
}

/** Starts a fake GitHub on a random loopback port. */
export function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return FakeGitHub.start(options);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, record: RecordedRequest, reply: RestReply): void {
  record.status = reply.status;
  record.answeredAt = performance.now();
  const headers: Record<string, string> = { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", ...reply.headers };
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers });
    res.end(reply.raw);
  } else if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(reply.body));
  }
}
