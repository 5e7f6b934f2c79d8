// Starting a scenario's server from its Procfile and stopping it by process id.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { get } from "./load.js";
import { sleep, stopGroup, track } from "./processes.js";
import { webCommand } from "./project.js";

export interface Server {
  child: ChildProcess;
  port: number;
  logPath: string;
  log(): string;
  stop(): Promise<void>;
}

export interface ServerEnv {
  port: number;
  dbName: string;
  dbPort: number;
  /** Django's CONN_MAX_AGE in seconds; unset keeps connections open (None). */
  connMaxAge?: number;
}

/**
 * Starts the `web:` process:
 *  1. run it through `sh -c "exec ..."` so the server's master is the process we hold,
 *     leading its own process group, output going to server.log (or, with a CONN_MAX_AGE,
 *     server-conn-max-age-N.log, so each run's log stands alone);
 *  2. wait until it answers HTTP (or exits, or 30 s pass).
 * `stopSignal` is SIGTERM for gunicorn and SIGQUIT for uWSGI.
 */
export async function startServer(dir: string, env: ServerEnv, stopSignal: NodeJS.Signals): Promise<Server> {
  const logPath = join(dir, env.connMaxAge === undefined ? "server.log" : `server-conn-max-age-${env.connMaxAge}.log`);
  const fd = openSync(logPath, "a");
  const child = spawn("sh", ["-c", `exec ${webCommand(dir)}`], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", fd, fd],
    env: {
      PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
      HOME: dir,
      LANG: "C.UTF-8",
      PYTHONDONTWRITEBYTECODE: "1",
      PORT: String(env.port),
      DB_NAME: env.dbName,
      DB_PORT: String(env.dbPort),
      ...(env.connMaxAge === undefined ? {} : { DB_CONN_MAX_AGE: String(env.connMaxAge) }),
    },
  });
  closeSync(fd);
  if (child.pid !== undefined) track(child.pid);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const server: Server = {
    child,
    port: env.port,
    logPath,
    log: () => readFileSync(logPath, "utf8"),
    stop: async () => {
      if (child.pid !== undefined) await stopGroup(child.pid, stopSignal, exited);
    },
  };
  try {
    await waitReady(server, exited);
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function waitReady(server: Server, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the server exited during startup (code ${server.child.exitCode})`);
    const reply = await get(server.port, "/whoami").catch(() => undefined);
    if (reply) return;
    await sleep(100);
  }
  throw new Error("the server did not answer within 30 s");
}
