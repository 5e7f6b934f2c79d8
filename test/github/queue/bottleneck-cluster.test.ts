// The throttle's cluster mode on a real redis-server: a limiter client that dies holding the only
// slot (as a replica killed during a write's one-second spacing) no longer blocks the others until
// the job's expiration, only until the dead client misses `clientTimeout`.
import { randomUUID } from "node:crypto";
import Bottleneck from "bottleneck";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixBottleneckCluster } from "../../../src/queue/bottleneck-cluster.js";
import { startRedis, type RedisServer } from "../../helpers/redis-server.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe("Bottleneck in cluster mode, corrected", () => {
  it("releases the slot of a client that died holding it once the client misses clientTimeout, not at the job's expiration", async () => {
    fixBottleneckCluster();
    const id = `t-${randomUUID()}`;
    const options = {
      id,
      datastore: "ioredis",
      maxConcurrent: 1,
      clientTimeout: 1_000,
      heartbeatInterval: 200,
      clientOptions: { host: "127.0.0.1", port: redis.port },
    } as const;
    const dying = new Bottleneck(options);
    dying.on("error", () => {});
    // The job holds the slot and never ends, as in a process killed in the middle of it.
    dying.schedule({ expiration: 60_000 }, () => new Promise<never>(() => {})).catch(() => {});
    const deadline = Date.now() + 10_000;
    while ((await dying.running()) !== 1) {
      if (Date.now() > deadline) throw new Error("the first job did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await dying.disconnect(false);

    const other = new Bottleneck(options);
    other.on("error", () => {});
    try {
      const started = Date.now();
      await other.schedule({ expiration: 60_000 }, async () => {});
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await other.disconnect(false);
    }
  }, 30_000);
});
