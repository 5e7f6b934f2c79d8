// Probot's Redis-backed throttling uses Bottleneck, which recovers from lost keys (Redis
// restarted without persistence, or flushed) only when a script's error message is exactly
// "SETTINGS_KEY_NOT_FOUND" or "UNKNOWN_CLIENT". Redis 7 prefixes errors raised by scripts with
// "ERR ", so Bottleneck never recovers and every GitHub request fails until the app restarts.
// This strips the prefix from those two errors before Bottleneck reads them.
import { createRequire } from "node:module";

const RECOVERABLE = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;
let patched = false;

type ScriptCallback = (error: Error | null, replies?: unknown) => void;

export function letBottleneckRecoverOnRedis7(): void {
  if (patched) return;
  patched = true;
  const require = createRequire(import.meta.url);
  const IORedisConnection = require("bottleneck/lib/IORedisConnection.js") as { prototype: { __scriptArgs__: (name: string, id: string, args: unknown[], cb: ScriptCallback) => unknown[] } };
  const original = IORedisConnection.prototype.__scriptArgs__;
  IORedisConnection.prototype.__scriptArgs__ = function (name, id, args, cb) {
    return original.call(this, name, id, args, (error, replies) => {
      if (error && RECOVERABLE.test(error.message)) error.message = error.message.slice("ERR ".length);
      cb(error, replies);
    });
  };
}
