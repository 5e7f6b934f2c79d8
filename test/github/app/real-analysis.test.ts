// The app with the real analysis core on a small Django project: what a user would see, and how
// many requests a typical review costs.
import { afterEach, beforeEach, expect, it } from "vitest";
import { analyze } from "../../../src/analysis/analyze.js";
import { APPS_PY, HEAD1, file } from "./fixtures.js";
import { pullRequestEvent, startApp, type TestApp } from "./harness.js";

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
    "site_conf/wsgi.py": 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\napplication = get_wsgi_application()\n',
    "shop/__init__.py": "",
    "shop/apps.py": APPS_PY,
    "gunicorn.conf.py": "preload_app = True\n",
    "Procfile": "web: gunicorn site_conf.wsgi\n",
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
