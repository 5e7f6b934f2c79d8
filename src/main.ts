// The app's process: Probot's server running the Forksafe app, stopped gracefully.
//  1. Start Probot's server as `probot run` does (environment, .env, setup page without credentials).
//  2. On SIGTERM or SIGINT: webhooks answer 503 from then on; queued and running reviews get
//     SHUTDOWN_GRACE_SECONDS (25) to finish; what is left is completed "restarted" (in memory) or
//     handed back to the queue (Redis); then the server closes and the process exits 0.
import { run } from "probot";
import { forksafeApp } from "./index.js";
import { graceMs } from "./queue/reviews.js";
import type { Reviews } from "./queue/reviews.js";

async function main(): Promise<void> {
  const grace = graceMs();
  let reviews: Reviews | undefined;
  const before = new Set(process.listeners("SIGINT"));
  const server = await run(forksafeApp({ onReady: (r) => (reviews = r) }));
  // Probot stops its server on SIGINT and exits at once: this process decides when to exit instead.
  for (const listener of process.listeners("SIGINT")) if (!before.has(listener)) process.removeListener("SIGINT", listener);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`${signal}: no new webhooks; letting reviews finish for up to ${grace / 1000} s`);
    try {
      await reviews?.shutdown(grace);
      await server.stop();
      process.exit(0);
    } catch (error) {
      console.error("Shutdown failed:", error);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
