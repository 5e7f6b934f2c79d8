// Load: three app replicas (child processes, as deployed) sharing a throwaway redis-server,
// against the fake GitHub on loopback. 500 pull-request deliveries across 50 installations,
// 10 % of them redeliveries of earlier ones to another replica, and one replica SIGKILLed
// halfway; a delivery that fails is delivered again to another replica, as GitHub's redelivery
// would. Prints deliveries/s, p50/p95 delivery → completed check run, reviews lost, duplicate
// comments and check runs left in progress. A measurement, not a test:  npm run bench:load
//  1. Start Redis, the fake GitHub (50 repositories, one per installation), three replicas.
//  2. Send the deliveries, 16 at a time, round robin; SIGKILL one replica at the 250th.
//  3. Wait until every pull request's check run is completed (or 5 minutes); count.
import { randomUUID } from "node:crypto";
import { FakeGitHub, type FakeRepo } from "../test/github/fake-github.js";
import { APPS_PY, file } from "../test/github/app/fixtures.js";
import { pullRequestEvent } from "../test/github/app/harness.js";
import { startAppProcess, type AppProcess } from "../test/github/process/app-process.js";
import { startRedis } from "../test/helpers/redis-server.js";

const DELIVERIES = 500;
const INSTALLATIONS = 50;
const REDELIVERED = 0.1;
const REPLICAS = Number(process.env.REPLICAS ?? 3);
const CONCURRENCY = 16;

const project = {
  "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')\n",
  "gunicorn.conf.py": "preload_app = True\nworkers = 4\n",
  "project/__init__.py": "",
  "project/settings.py": "INSTALLED_APPS = ['django.contrib.auth', 'shop']\n",
  "project/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
  "shop/__init__.py": "",
  "shop/apps.py": APPS_PY,
};

interface Delivery {
  id: string;
  repo: FakeRepo;
  head: string;
  payload: Record<string, unknown>;
}

const redis = await startRedis();
const fake = await FakeGitHub.start();
const repos = Array.from({ length: INSTALLATIONS }, (_, i) => fake.repo(`org${i + 1}`, "shop"));
const unique: Delivery[] = [];
const uniqueCount = Math.round(DELIVERIES * (1 - REDELIVERED));
for (let n = 0; n < uniqueCount; n++) {
  const installation = n % INSTALLATIONS;
  const repo = repos[installation]!;
  const number = Math.floor(n / INSTALLATIONS) + 1;
  const head = (n + 1).toString(16).padStart(40, "0");
  repo.commit(head, project);
  repo.pull({ number, head, author: "alice", files: [file("shop/apps.py", APPS_PY)] } as never);
  const payload = pullRequestEvent(repo, "opened", number, head);
  payload.installation = { id: installation + 1, node_id: "x" };
  unique.push({ id: randomUUID(), repo, head, payload });
}
// Redeliveries: the same X-GitHub-Delivery again, some deliveries later, usually to another replica.
const order: Delivery[] = [...unique];
for (let i = 0; i < DELIVERIES - uniqueCount; i++) {
  const original = Math.floor((i * uniqueCount) / (DELIVERIES - uniqueCount));
  order.splice(Math.min(order.length, original + 1 + i + 5), 0, unique[original]!);
}

const env = {
  REDIS_URL: redis.url,
  REDIS_PREFIX: `load${Date.now()}`,
  QUEUE_LOCK_SECONDS: process.env.QUEUE_LOCK_SECONDS ?? "10",
  LOG_LEVEL: "warn",
  QUEUE_CONCURRENCY: "4",
};
console.log(`Starting ${REPLICAS} replicas and Redis on ${redis.url}...`);
const replicas: AppProcess[] = await Promise.all(Array.from({ length: REPLICAS }, () => startAppProcess(fake, env)));
let alive = [...replicas];

const sentAt = new Map<string, number>();
const doneAt = new Map<string, number>();
let failedAttempts = 0;
let next = 0;
let sent = 0;
const started = performance.now();

async function send(delivery: Delivery, attempt = 0): Promise<void> {
  const replica = alive[(sent + attempt) % alive.length]!;
  if (!sentAt.has(delivery.head)) sentAt.set(delivery.head, performance.now());
  const status = await replica.deliver("pull_request", delivery.payload, delivery.id).catch(() => 0);
  if (status === 200) return;
  failedAttempts++;
  if (attempt > 10) throw new Error(`delivery ${delivery.id} failed 10 times`);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return send(delivery, attempt + 1);
}

const watcher = setInterval(() => {
  for (const d of unique) {
    if (doneAt.has(d.head)) continue;
    const runs = d.repo.checkRuns.filter((r) => r.headSha === d.head);
    if (runs.length > 0 && runs.every((r) => r.status === "completed")) doneAt.set(d.head, performance.now());
  }
}, 100);

await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < order.length) {
      const delivery = order[next++]!;
      if (next === Math.floor(order.length / 2) && alive.length > 1) {
        const victim = alive[0]!;
        alive = alive.slice(1);
        victim.kill("SIGKILL");
        console.log(`SIGKILLed replica pid ${victim.child.pid} after ${next} deliveries`);
      }
      await send(delivery);
      sent++;
    }
  }),
);
const sendSeconds = (performance.now() - started) / 1000;
const deadline = Date.now() + 300_000;
while (doneAt.size < unique.length && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  console.log(`  ${doneAt.size} of ${unique.length} reviews completed after ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
clearInterval(watcher);
const totalSeconds = (performance.now() - started) / 1000;

const latencies = unique
  .filter((d) => doneAt.has(d.head))
  .map((d) => doneAt.get(d.head)! - sentAt.get(d.head)!)
  .sort((a, b) => a - b);
const pct = (p: number) =>
  latencies.length ? (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! / 1000).toFixed(2) : "n/a";
const runs = repos.flatMap((r) => r.checkRuns);
const reviews = repos.flatMap((r) => r.reviews);
const perHead = new Map<string, number>();
for (const review of reviews) perHead.set(review.commitId, (perHead.get(review.commitId) ?? 0) + 1);
const duplicateReviews = [...perHead.values()].reduce((sum, n) => sum + (n - 1), 0);
const comments = repos.flatMap((r) =>
  r.reviewComments.filter((c) => c.inReplyTo === undefined).map((c) => `${r.fullName}#${c.pull}\0${c.path}\0${c.line}\0${c.body}`),
);
const duplicateComments = comments.length - new Set(comments).size + duplicateReviews;

console.log(
  `\nForksafe load: ${REPLICAS} replicas + Redis, ${DELIVERIES} deliveries (${DELIVERIES - uniqueCount} redeliveries) across ${INSTALLATIONS} installations, one replica SIGKILLed halfway`,
);
console.log(
  `  deliveries/s               ${(DELIVERIES / sendSeconds).toFixed(1)} (all answered in ${sendSeconds.toFixed(1)} s; ${failedAttempts} failed attempts delivered again)`,
);
console.log(`  delivery → completed       p50 ${pct(50)} s, p95 ${pct(95)} s (all done ${totalSeconds.toFixed(1)} s after the first delivery)`);
console.log(`  reviews lost               ${unique.length - doneAt.size} of ${unique.length}`);
console.log(`  duplicate comments         ${duplicateComments}`);
console.log(`  check runs left in progress ${runs.filter((r) => r.status !== "completed").length} (of ${runs.length})`);
console.log(`  requests GitHub would reject ${fake.violations.length}`);
const failures = replicas.flatMap((r) =>
  r
    .output()
    .split("\n")
    .filter((l) => l.includes("failed") || l.includes("stalled")),
);
console.log(`  replica log lines about failed or stalled jobs: ${failures.length}`);
for (const line of failures.slice(0, 5)) console.log(`    ${line.slice(0, 300)}`);
const lost = unique.filter((d) => !doneAt.has(d.head));
for (const d of lost.slice(0, 5))
  console.log(`    lost: ${d.repo.fullName} ${d.head.slice(0, 12)}: check runs ${d.repo.checkRuns.filter((r) => r.headSha === d.head).length}`);

for (const replica of alive) replica.kill("SIGTERM");
await Promise.all(replicas.map((r) => r.exited));
await fake.close();
await redis.stop();
process.exit(0);
