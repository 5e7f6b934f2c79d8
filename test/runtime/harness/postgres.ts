// A throwaway PostgreSQL cluster: its own data directory, trust auth, a free loopback port,
// never the system-wide service. One cluster serves every scenario, a database each.
import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { postgresBin } from "./packages.js";
import { freePort } from "./ports.js";
import { stopGroup, track, trackDir, untrackDir } from "./processes.js";

const run = promisify(execFile);

export interface Cluster {
  dir: string;
  port: number;
  /** The postmaster's process id, from postmaster.pid; undefined until it started. */
  pid?: number;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL tool as `postgres` when we are root (initdb refuses root), else as us. */
async function asOwner(bin: string, args: string[]): Promise<string> {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const { stdout } = await run(file, argv, { timeout: 60_000 });
  return stdout;
}

async function ownerIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
  return { uid, gid };
}

/**
 * Starts a cluster:
 *  1. make a temporary directory owned by the user that runs PostgreSQL;
 *  2. initdb with trust auth;
 *  3. pg_ctl start on 127.0.0.1 and a free port, the socket in the same directory.
 * On any failure it stops what it started and removes the directory before rethrowing.
 */
export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed");
  const dir = mkdtempSync(join(tmpdir(), "forksafe-pg-"));
  trackDir(dir);
  const cluster: Cluster = {
    dir,
    port: await freePort(),
    createDatabase: async (name, template) => {
      const args = ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "postgres"];
      await run(`${bin}/createdb`, [...args, ...(template ? ["-T", template] : []), name]);
    },
    stop: async () => {
      cluster.pid ??= postmasterPid(dir);
      if (cluster.pid) await stopGroup(cluster.pid, "SIGINT"); // SIGINT: fast shutdown
      rmSync(dir, { recursive: true, force: true });
      untrackDir(dir);
    },
  };
  try {
    const owner = await ownerIds();
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const data = join(dir, "data");
    await asOwner(`${bin}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const options = `-k ${dir} -h 127.0.0.1 -p ${cluster.port} -c fsync=off`;
    await asOwner(`${bin}/pg_ctl`, ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
    cluster.pid = postmasterPid(dir);
    if (cluster.pid) track(cluster.pid, "SIGQUIT"); // SIGQUIT: immediate shutdown
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

function postmasterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
