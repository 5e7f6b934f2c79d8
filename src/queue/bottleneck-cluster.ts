// Probot's Redis-backed throttling (Bottleneck 2 in cluster mode, shared by every replica) has
// two faults that stall reviews across replicas; both are corrected here, before any limiter runs.
//
// 1. A replica that dies holding a slot (SIGKILL, out of memory, or exit on SIGTERM) keeps it for
//    60 s. A job takes its slot when it is registered, before it waits out `minTime`; Octokit's
//    throttle spaces writes and GraphQL one second apart per installation with one slot
//    (`maxConcurrent: 1`), so a replica stopped during that wait leaves the slot taken, and every
//    other replica's writes for that installation wait until the job's 60 s `expiration` (set by
//    @octokit/plugin-throttling) frees it. Bottleneck notices a dead client after `clientTimeout`
//    (10 s without a heartbeat; live clients beat every 5 s) but only forgets clients that hold
//    nothing. The patched tick also releases the jobs of such clients, the way Bottleneck releases
//    a finished job (expiration 0), so the slot is free about 10 to 15 s after the death.
// 2. Bottleneck recovers from lost keys (Redis restarted without persistence, or flushed) only when
//    a script's error message is exactly "SETTINGS_KEY_NOT_FOUND" or "UNKNOWN_CLIENT". Redis 7
//    prefixes errors raised by scripts with "ERR ", so Bottleneck never recovers and every GitHub
//    request fails until the app restarts. The prefix is stripped from those two errors.
import { createRequire } from "node:module";

const RECOVERABLE = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;

/** Where the release of dead clients' jobs goes: just before the tick frees expired jobs. */
const RUNNING_SECTION = "  --\n  -- Process 'running' changes\n  --\n";
const RELEASE_DEAD_CLIENTS = `  --
  -- Release the jobs of clients silent for clientTimeout (a process that died holding a slot)
  --
  local silent = redis.call('zrangebyscore', client_last_seen_key, '-inf', (now - clientTimeout))
  local holding = {}
  local anyHolding = false
  for i = 1, #silent do
    if (tonumber(redis.call('zscore', client_running_key, silent[i])) or 0) > 0 then
      holding[silent[i]] = true
      anyHolding = true
    end
  end
  if anyHolding then
    local jobClients = redis.call('hgetall', job_clients_key)
    for i = 1, #jobClients, 2 do
      if holding[jobClients[i + 1]] then redis.call('zadd', job_expirations_key, 0, jobClients[i]) end
    end
  end

`;

type ScriptCallback = (error: Error | null, replies?: unknown) => void;
interface Connection {
  __scriptArgs__: (name: string, id: string, args: unknown[], cb: ScriptCallback) => unknown[];
  _loadScripts: () => void;
  forksafeScripts?: boolean;
}

let patched = false;

/** Applies both corrections (once per process); throws if this Bottleneck's scripts are not the expected ones. */
export function fixBottleneckCluster(): void {
  if (patched) return;
  const require = createRequire(import.meta.url);
  const Scripts = require("bottleneck/lib/Scripts.js") as { payload: (name: string) => string };
  const IORedisConnection = require("bottleneck/lib/IORedisConnection.js") as { prototype: Connection };
  const payload = Scripts.payload;
  if (!payload("heartbeat").includes(RUNNING_SECTION))
    throw new Error("Bottleneck's scripts changed: the release of dead clients' slots (src/queue/bottleneck-cluster.ts) needs updating");
  patched = true;
  Scripts.payload = (name) => payload(name).replace(RUNNING_SECTION, RELEASE_DEAD_CLIENTS + RUNNING_SECTION);

  const scriptArgs = IORedisConnection.prototype.__scriptArgs__;
  IORedisConnection.prototype.__scriptArgs__ = function (name, id, args, cb) {
    // A connection made before the patch defined the original scripts: define them again.
    if (!this.forksafeScripts) {
      this.forksafeScripts = true;
      this._loadScripts();
    }
    return scriptArgs.call(this, name, id, args, (error, replies) => {
      if (error && RECOVERABLE.test(error.message)) error.message = error.message.slice("ERR ".length);
      cb(error, replies);
    });
  };
}
