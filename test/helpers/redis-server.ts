// A throwaway redis-server from Debian's package on a free loopback port, without persistence,
// stopped by its process id. A missing binary fails with the line that installs it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export const REDIS_INSTALL = "apt-get install -y --no-install-recommends redis-server";

export interface RedisServer {
  port: number;
  url: string;
  readonly pid: number;
  /** Stops it (SIGTERM to its pid) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startRedis(): Promise<RedisServer> {
  const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (found.error || found.status !== 0) throw new Error(`redis-server is not installed; install it with: ${REDIS_INSTALL}`);
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? -1;
    },
    async start() {
      const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = proc;
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 10_000);
        proc.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("Ready to accept connections")) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}:\n${output}`));
        });
      });
      proc.stdout!.resume();
    },
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.pid === undefined) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      process.kill(proc.pid, "SIGTERM");
      await exited;
    },
  };
  await server.start();
  return server;
}
