// Soak: 2,000 reviews in one process (a real Probot, the Forksafe app with its in-memory queue,
// the real analysis) against the fake GitHub; prints the process's RSS after each 200, to show
// that nothing accumulates (tree-sitter trees hold native memory until freed). A measurement,
// not a test:  npm run bench:soak   (REVIEWS=2000 by default)
//  1. Seed one repository with a small Django project and pull requests, one head each.
//  2. Deliver `pull_request.opened` for each, 20 at a time; wait until the queue is idle.
//  3. After each 200: collect garbage, print RSS and heap; at the end, the growth after the first 200.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";

type WebhookEvent = Parameters<Probot["receive"]>[0];
import { forksafeApp } from "../src/index.js";
import { ReviewQueue } from "../src/github/review-queue.js";
import { FakeGitHub } from "../test/github/fake-github.js";
import { APPS_PY, file } from "../test/github/app/fixtures.js";
import { pullRequestEvent } from "../test/github/app/harness.js";

const REVIEWS = Number(process.env.REVIEWS ?? 2000);
const STEP = 200;
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const gc = (globalThis as { gc?: () => void }).gc;

const fake = await FakeGitHub.start();
const repo = fake.repo("acme", "shop");
const project = {
  "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')\n",
  "gunicorn.conf.py": "preload_app = True\nworkers = 4\n",
  "project/__init__.py": "",
  "project/settings.py": "INSTALLED_APPS = ['django.contrib.auth', 'shop']\n",
  "project/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
  "shop/__init__.py": "",
  "shop/apps.py": APPS_PY,
  "shop/models.py": "from django.db import models\n\nclass Item(models.Model):\n    name = models.CharField(max_length=10)\n",
};
const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, baseUrl: fake.url, throttle: { enabled: false }, retry: { enabled: false } }));
const probot = new Probot({ appId: 1, privateKey, Octokit, logLevel: "fatal" });
const queue = new ReviewQueue();
await probot.load(forksafeApp({ queue, redisUrl: "" }), { cwd: process.cwd(), addHandler: () => {} });

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const rss: number[] = [];
let unfinished = 0;
const started = performance.now();
console.log(`${REVIEWS} reviews in one process; RSS after each ${STEP} (${gc ? "after a full GC" : "run with --expose-gc for steadier figures"})`);
for (let done = 0; done < REVIEWS;) {
  const batch = Math.min(STEP, REVIEWS - done);
  for (let i = 0; i < batch; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, batch - i) }, (_, j) => {
        const n = done + i + j + 1;
        const head = n.toString(16).padStart(40, "0");
        repo.commit(head, project);
        repo.pull({ number: n, head, files: [file("shop/apps.py", APPS_PY)] });
        return probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", n, head) } as unknown as WebhookEvent);
      }),
    );
    await queue.idle();
  }
  done += batch;
  unfinished += repo.checkRuns.filter((r) => r.status !== "completed" || /could not/.test(r.output?.summary ?? "")).length;
  // Forget what the fake GitHub recorded, so only the app's memory is measured.
  fake.clearRequests();
  repo.checkRuns.length = 0;
  repo.reviews.length = 0;
  repo.reviewComments.length = 0;
  repo.threads.length = 0;
  for (let n = done - batch + 1; n <= done; n++) {
    repo.pulls.delete(n);
    repo.commits.delete(n.toString(16).padStart(40, "0"));
  }
  gc?.();
  const usage = process.memoryUsage();
  rss.push(usage.rss);
  console.log(
    `${String(done).padStart(5)} reviews  RSS ${mb(usage.rss)} MB  heap ${mb(usage.heapUsed)} MB  external ${mb(usage.external)} MB  ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
const growth = Math.max(...rss.slice(1)) - rss[0]!;
console.log(
  `growth after the first ${STEP}: ${growth >= 0 ? "+" : ""}${mb(growth)} MB (target: within +50 MB); ${unfinished} reviews ended with an error; ${fake.violations.length} requests GitHub would reject`,
);
await fake.close();
process.exit(0);
