// The burst itself, against a small loopback server that answers like the scenarios' view.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { burst } from "./harness/load.js";

let server: Server;
let port = 0;

/** Echoes the nonce after 10 ms, except: every 7th request a 500, every 10th another nonce. */
beforeAll(async () => {
  server = createServer((req, res) => {
    const nonce = Number(new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("nonce"));
    setTimeout(() => {
      if (nonce % 7 === 0) {
        res.writeHead(500).end("error");
        return;
      }
      const echoed = nonce % 10 === 0 ? "other" : String(nonce);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ worker: 1, backend: 1, nonce: echoed }));
    }, 10);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const expected = (n: number) => {
  const sent = Array.from({ length: n }, (_, i) => i + 1);
  return {
    serverErrors: sent.filter((i) => i % 7 === 0).length,
    crossed: sent.filter((i) => i % 7 !== 0 && i % 10 === 0).length,
  };
};

test("a burst without a time limit sends exactly its requests and sorts the replies", async () => {
  const b = await burst(port, 70, 4);
  expect(b).toMatchObject({ requests: 70, concurrency: 4, seconds: undefined, ...expected(70) });
  expect(b.noReply.size).toBe(0);
});

test("a timed burst starts no request after its time limit and counts what it sent", async () => {
  const b = await burst(port, 1_000_000, 4, 0.3);
  expect(b.requests).toBeGreaterThan(8);
  expect(b.requests).toBeLessThan(1_000_000);
  expect(b.elapsed).toBeGreaterThanOrEqual(0.3);
  expect(b.elapsed).toBeLessThan(3);
  expect(b).toMatchObject({ seconds: 0.3, ...expected(b.requests) });
});

test("a request that gets no reply is counted by reason", async () => {
  const closed = createServer((req) => req.socket.destroy());
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const address = closed.address();
  try {
    const b = await burst(typeof address === "object" && address ? address.port : 0, 5, 2);
    expect(b.noReply.get("socket hang up")).toBe(5);
    expect(b.serverErrors + b.crossed).toBe(0);
  } finally {
    closed.close();
  }
});
