// The API budget: how many GitHub requests one review costs, replayed against the fake GitHub
// through the app's own review path (reviewPullRequest with a Probot octokit that authenticates
// as an installation). Prints a table; it is a measurement, not a test.
//  1. Seed a scenario in a fresh fake GitHub.
//  2. Review the pull request once (twice for the re-run scenario, counting the second).
//  3. Count the requests by kind and compare with the target.
import { generateKeyPairSync } from "node:crypto";
import { ProbotOctokit } from "probot";
import { reviewPullRequest } from "../src/github/review-pull-request.js";
import { startFakeGitHub, type FakeGitHub, type FakeRepo } from "../test/github/fake-github.js";

const HEAD = "c".repeat(40);
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const silent = { debug() {}, info() {}, warn() {}, error() {} };

interface Scenario {
  name: string;
  seed(repo: FakeRepo): void;
  /** The most requests the review may make. */
  target: number;
  targetText: string;
  rerun?: boolean;
}

const APPS_PY = [
  "from django.apps import AppConfig",
  "from django.contrib.auth import get_user_model",
  "",
  "class ShopConfig(AppConfig):",
  '    name = "shop"',
  "",
  "    def ready(self):",
  "        get_user_model().objects.count()",
  "",
].join("\n");

function djangoProject(prefix = ""): Record<string, string> {
  return {
    [`${prefix}manage.py`]: "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')\n",
    [`${prefix}gunicorn.conf.py`]: "preload_app = True\nworkers = 4\n",
    [`${prefix}Procfile`]: "web: gunicorn project.wsgi\n",
    [`${prefix}project/__init__.py`]: "",
    [`${prefix}project/settings.py`]: "INSTALLED_APPS = ['django.contrib.auth', 'shop']\n",
    [`${prefix}project/wsgi.py`]: "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
    [`${prefix}project/urls.py`]: "urlpatterns = []\n",
    [`${prefix}shop/__init__.py`]: "",
    [`${prefix}shop/apps.py`]: APPS_PY,
    [`${prefix}shop/models.py`]: "from django.db import models\n\nclass Item(models.Model):\n    name = models.CharField(max_length=10)\n",
  };
}

/** apps.py added by the pull request: every line of it is in the diff. */
const APPS_PATCH = `@@ -0,0 +1,${APPS_PY.split("\n").length} @@\n${APPS_PY.split("\n")
  .map((l) => `+${l}`)
  .join("\n")}`;
const appsChange = (path: string) => [{ filename: path, status: "added" as const, patch: APPS_PATCH, additions: APPS_PY.split("\n").length, deletions: 0 }];

const SCENARIOS: Scenario[] = [
  {
    name: "apps.py changed, 10-file repo",
    seed(repo) {
      repo.commit(HEAD, djangoProject());
      repo.pull({ number: 1, head: HEAD, files: appsChange("shop/apps.py") });
    },
    target: 8,
    targetText: "<= 8",
  },
  {
    name: "same, with .github/forksafe.yml in the repo",
    seed(repo) {
      repo.commit(HEAD, djangoProject());
      repo.file(".github/forksafe.yml", "fail_on: error\n");
      repo.pull({ number: 1, head: HEAD, files: appsChange("shop/apps.py") });
    },
    target: 8,
    targetText: "<= 8",
  },
  {
    name: "1 file changed, 100,000-file repo",
    seed(repo) {
      const files: Record<string, string> = djangoProject();
      for (let i = 0; i < 60_000; i++) files[`node_modules/pkg${i % 2000}/lib/f${i}.js`] = "module.exports = 1;\n";
      for (let i = 0; i < 30_000; i++) files[`static/img/set${i % 300}/i${i}.svg`] = "<svg/>";
      for (let i = 0; i < 9_990; i++) files[`docs/section${i % 100}/page${i}.md`] = "# page\n";
      repo.commit(HEAD, files);
      repo.pull({ number: 1, head: HEAD, files: appsChange("shop/apps.py") });
    },
    target: 8,
    targetText: "<= 8 (as typical)",
  },
  {
    name: "3,000-file PR",
    seed(repo) {
      const files: Record<string, string> = djangoProject();
      const changed = [];
      for (let i = 0; i < 2_999; i++) {
        files[`catalog/data/m${i}.py`] = `VALUE = ${i}\n`;
        changed.push({ filename: `catalog/data/m${i}.py`, status: "added" as const, patch: `@@ -0,0 +1 @@\n+VALUE = ${i}`, additions: 1, deletions: 0 });
      }
      repo.commit(HEAD, files);
      repo.pull({ number: 1, head: HEAD, files: [...appsChange("shop/apps.py"), ...changed] });
    },
    target: 8 + 30,
    targetText: "<= 8 + 30 (1 per 100 files)",
  },
  {
    name: "re-run, nothing changed",
    seed(repo) {
      repo.commit(HEAD, djangoProject());
      repo.pull({ number: 1, head: HEAD, files: appsChange("shop/apps.py") });
    },
    target: 8,
    targetText: "<= 8, no review",
    rerun: true,
  },
];

async function review(fake: FakeGitHub): Promise<string> {
  const octokit = new ProbotOctokit({
    auth: { appId: 1, privateKey, installationId: 1 },
    baseUrl: fake.url,
    log: silent,
    throttle: { enabled: false },
    retry: { enabled: false },
  } as ConstructorParameters<typeof ProbotOctokit>[0]);
  try {
    const outcome = await reviewPullRequest(octokit, { owner: "acme", repo: "shop", number: 1, headSha: HEAD }, { isHead: true, superseded: () => false });
    return outcome;
  } catch (error) {
    return `error: ${(error as Error).message.slice(0, 60)}`;
  }
}

function kindOf(operation: string, fields: string[] | undefined): string {
  const names: Record<string, string> = {
    "apps/create-installation-access-token": "token",
    "checks/create": "check create",
    "checks/update": "check update",
    "pulls/list-files": "list files",
    "git/get-tree": "tree",
    "repos/get-content": "config",
    "pulls/create-review": "review",
  };
  if (operation === "graphql") return fields?.includes("repository") ? "graphql read" : `graphql ${fields?.join("+") ?? ""}`;
  return names[operation] ?? operation;
}

async function run(scenario: Scenario) {
  const fake = await startFakeGitHub();
  try {
    const repo = fake.repo("acme", "shop");
    scenario.seed(repo);
    let outcome = await review(fake);
    if (scenario.rerun) {
      fake.clearRequests();
      outcome = await review(fake);
    }
    const kinds: Record<string, number> = {};
    for (const r of fake.requests) {
      const kind = kindOf(r.operation, r.graphqlFields);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    const total = fake.requests.length;
    const reviews = kinds.review ?? 0;
    const ok = total <= scenario.target && (!scenario.rerun || reviews === 0);
    return { name: scenario.name, outcome, kinds, total, target: scenario.targetText, ok, violations: fake.violations.length };
  } finally {
    await fake.close();
  }
}

const rows = [];
for (const scenario of SCENARIOS) rows.push(await run(scenario));
console.log("Forksafe API budget: GitHub requests per review (fake GitHub, reviewPullRequest path)\n");
const table = rows.map((r) => ({
  scenario: r.name,
  "requests by kind": Object.entries(r.kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(", "),
  total: r.total,
  target: r.target,
  met: r.ok ? "yes" : "NO",
  outcome: r.outcome,
  "API violations": r.violations,
}));
for (const row of table) {
  console.log(
    `${row.scenario}\n  ${row["requests by kind"]}\n  total ${row.total}  target ${row.target}  met: ${row.met}  (outcome: ${row.outcome}; requests GitHub would reject: ${row["API violations"]})\n`,
  );
}
