// Requests to the scenario's view, which answers {"worker": os.getpid(), "backend": pg_backend_pid()}.
import { request } from "node:http";

export interface Reply {
  status: number;
  body: string;
}

const REPLY_TIMEOUT_MS = 10_000;

/** One GET on a fresh loopback connection (no keep-alive, so any worker may take it). */
export function get(port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false, timeout: REPLY_TIMEOUT_MS }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no reply within ${REPLY_TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end();
  });
}

export interface Measurement {
  requests: number;
  ok: number;
  workers: number;
  backends: number;
  /** The process ids of the workers that answered. */
  workerPids?: number[];
}

function parse(body: string): { worker: number; backend: number; nonce: string } | undefined {
  try {
    const value = JSON.parse(body) as { worker?: unknown; backend?: unknown; nonce?: unknown };
    return typeof value.worker === "number" && typeof value.backend === "number"
      ? { worker: value.worker, backend: value.backend, nonce: String(value.nonce) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sequential requests, so no two workers use a connection at once and nothing breaks it:
 * at least `min`, then on until `workers` distinct worker pids answered or `max` were sent.
 */
export async function measure(port: number, min: number, max: number, workers: number): Promise<Measurement> {
  const workerPids = new Set<number>();
  const backendPids = new Set<number>();
  let requests = 0;
  let ok = 0;
  while (requests < max && (requests < min || workerPids.size < workers)) {
    requests++;
    const reply = await get(port, "/whoami").catch(() => undefined);
    const seen = reply?.status === 200 ? parse(reply.body) : undefined;
    if (!seen) continue;
    ok++;
    workerPids.add(seen.worker);
    backendPids.add(seen.backend);
  }
  return { requests, ok, workers: workerPids.size, backends: backendPids.size, workerPids: [...workerPids] };
}

export interface Burst {
  /** Requests sent. */
  requests: number;
  concurrency: number;
  /** The time limit on sending, in seconds, when there was one. */
  seconds?: number;
  /** Seconds from the first request sent to the last reply. */
  elapsed: number;
  /** Replies with a 5xx status. */
  serverErrors: number;
  /** 200 replies whose rows answered another request (the echoed nonce is not the one sent). */
  crossed: number;
  /** Requests that got no HTTP reply at all, by reason ("timed out", "socket hang up"). */
  noReply: Map<string, number>;
}

/**
 * `total` requests, `concurrency` at a time, all on loopback; with `seconds`, no request starts
 * after that many seconds (those under way still get up to their reply timeout).
 */
export async function burst(port: number, total: number, concurrency: number, seconds?: number): Promise<Burst> {
  const result: Burst = { requests: 0, concurrency, seconds, elapsed: 0, serverErrors: 0, crossed: 0, noReply: new Map() };
  const start = Date.now();
  const deadline = seconds === undefined ? Infinity : start + seconds * 1000;
  let next = 0;
  const lane = async () => {
    while (next < total && Date.now() < deadline) {
      const nonce = String(++next);
      const reply = await get(port, `/whoami?nonce=${nonce}`).catch((error: Error) => error.message);
      if (typeof reply === "string") result.noReply.set(reply, (result.noReply.get(reply) ?? 0) + 1);
      else if (reply.status >= 500) result.serverErrors++;
      else if (reply.status === 200 && parse(reply.body)?.nonce !== nonce) result.crossed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  result.requests = next;
  result.elapsed = (Date.now() - start) / 1000;
  return result;
}

const DATABASE_ERROR = /\b((?:django\.db\.utils\.|psycopg2\.(?:errors\.)?)?(?:Operational|Interface|Database|Programming)Error): (.+)$/;

/** The database errors a server log shows, "Class: message" → how many times. */
export function databaseErrors(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of log.split("\n")) {
    const match = DATABASE_ERROR.exec(line.trim());
    if (!match) continue;
    const key = `${match[1]}: ${match[2]!.trim()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
