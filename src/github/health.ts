// GET /health: answers 200 while the process serves requests (the Docker HEALTHCHECK uses it).
import type { IncomingMessage, ServerResponse } from "node:http";

export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0];
  if (path !== "/health" || (req.method !== "GET" && req.method !== "HEAD")) return false;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(req.method === "HEAD" ? undefined : JSON.stringify({ status: "ok" }));
  return true;
}
