// GET /health: 200 while this process takes webhooks (the Docker HEALTHCHECK uses it); 503 with
// the reason while it is shutting down or, with REDIS_URL, while Redis does not answer.
import type { IncomingMessage, ServerResponse } from "node:http";

export type HealthCheck = () => Promise<{ ok: true } | { ok: false; reason: string }>;

export function healthHandler(check: HealthCheck = async () => ({ ok: true })) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/health" || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const health = await check();
    res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
    res.end(req.method === "HEAD" ? undefined : JSON.stringify(health.ok ? { status: "ok" } : { status: "unavailable", reason: health.reason }));
    return true;
  };
}
