// The app with the real analysis core on a small Django project: what a user would see, and how
// many requests a typical review costs.
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { analyze } from "../../../src/analysis/analyze.js";
import { APPS_PY, HEAD1, file } from "./fixtures.js";
import { pullRequestEvent, startApp, type TestApp } from "./harness.js";
import { loadProject } from "../../helpers/fixture-project.js";

let app: TestApp;
beforeEach(async () => {
  app = await startApp({ analyze });
});
afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

it("reviews a ready() query under gunicorn preload with a comment, the check run and few requests", async () => {
  const project = {
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n',
    "site_conf/__init__.py": "",
    "site_conf/settings.py": 'INSTALLED_APPS = ["django.contrib.auth", "shop.apps.ShopConfig"]\n',
    "site_conf/wsgi.py":
      'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\napplication = get_wsgi_application()\n',
    "shop/__init__.py": "",
    "shop/apps.py": APPS_PY,
    "gunicorn.conf.py": "preload_app = True\n",
    Procfile: "web: gunicorn site_conf.wsgi\n",
  };
  app.repo.commit(HEAD1, project);
  app.repo.pull({ number: 7, head: HEAD1, author: "alice", files: [file("shop/apps.py", APPS_PY)] });
  await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));

  const run = app.repo.checkRuns[0]!;
  expect(run.conclusion).toBe("failure");
  expect(run.output?.summary).toContain("| gunicorn |");
  const comments = app.repo.reviewComments.map((c) => `${c.path}:${c.line}`);
  expect(comments).toContain("shop/apps.py:9");
  expect(app.repo.reviewComments.map((c) => c.body)).toMatchSnapshot();
  // token, check run create, the tree, file contents with the config files (the repository's
  // and the organisation's) and the review threads (one GraphQL request), files, review, check run complete
  expect(app.fake.requests.length).toBe(7);
});

it("analyses a repository whose packages live where pyproject.toml says exactly as the file system scan does, in the same requests", async () => {
  const root = fileURLToPath(new URL("../../fixtures/", import.meta.url));
  const project = loadProject(root, "startup/packaging-pyproject");
  const expected = await analyze(project.tree, project.config);
  const locations = (findings: Array<{ ruleId: string; location: { path: string; startLine: number } }>) =>
    findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`).sort();
  expect(locations(expected.findings)).toEqual(["FS101 components/billing-pkg/src/billing/rates.py:7", "FS101 lib/inventory/stock.py:6"]);

  const files = { ...project.files, "gunicorn.conf.py": "preload_app = True\n", Procfile: "web: gunicorn store.wsgi --chdir web\n" };
  app.repo.commit(HEAD1, files);
  const apps = project.files["web/shop/apps.py"]!;
  app.repo.pull({ number: 8, head: HEAD1, author: "alice", files: [file("web/shop/apps.py", apps)] });
  await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 8, HEAD1));

  const summary = app.repo.checkRuns[0]!.output?.summary ?? "";
  for (const finding of expected.findings) expect(summary).toContain(`${finding.location.path}:${finding.location.startLine}`);
  expect(app.repo.reviewComments.map((c) => `${c.path}:${c.line}`).sort()).toEqual(["web/shop/apps.py:12", "web/shop/apps.py:14"]);
  // The packaging files come with the first batch of file contents; the helper modules the
  // imports name live outside the app folders the first batch prefetches, so they take one more
  // batch, as any imported module outside an app folder does.
  const reads = app.fake.requests
    .filter((r) => r.operation === "graphql")
    .map((r) => Object.values((r.body as { variables: Record<string, string> }).variables));
  expect(reads[0]).toEqual(expect.arrayContaining([`${HEAD1}:pyproject.toml`, `${HEAD1}:components/billing-pkg/pyproject.toml`]));
  expect(reads[1]).toEqual(expect.arrayContaining([`${HEAD1}:lib/inventory/stock.py`, `${HEAD1}:components/billing-pkg/src/billing/rates.py`]));
  expect(app.fake.requests.length).toBe(8);
});
