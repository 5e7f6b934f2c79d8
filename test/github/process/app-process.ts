// The app as operators run it: `src/main.ts` in a child process (Probot's server, the real
// analysis), pointed at the fake GitHub through GHE_HOST, receiving signed webhooks over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FakeGitHub } from "../fake-github.js";
import { freePort } from "../../helpers/redis-server.js";
import { privateKey } from "../../helpers/app-key.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const SECRET = "s3cret";

export interface AppProcess {
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** POSTs a signed webhook; resolves with the HTTP status. */
  deliver(name: string, payload: unknown, id?: string): Promise<number>;
  health(): Promise<number>;
  kill(signal: NodeJS.Signals): void;
}

export async function startAppProcess(fake: FakeGitHub, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: new URL(fake.url).host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // APP_LOG_DIR=dir keeps each app process's output in dir/<port>.log (to study a failure).
  const logFile = process.env.APP_LOG_DIR ? `${process.env.APP_LOG_DIR}/${port}.log` : undefined;
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    if (logFile) appendFileSync(logFile, chunk);
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    port,
    child,
    exited,
    output: () => output,
    async deliver(name, payload, id = randomUUID()) {
      const body = JSON.stringify(payload);
      const signature = "sha256=" + createHmac("sha256", SECRET).update(body).digest("hex");
      const answer = await fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": name, "x-github-delivery": id, "x-hub-signature-256": signature },
        body,
      });
      await answer.text();
      return answer.status;
    },
    async health() {
      try {
        return (await fetch(`${base}/health`)).status;
      } catch {
        return 0;
      }
    },
    kill(signal) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, signal);
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} at start:\n${output}`);
    if ((await app.health()) === 200) return app;
    if (Date.now() > deadline) throw new Error(`the app did not answer /health within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until `check` holds, polling; throws with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
