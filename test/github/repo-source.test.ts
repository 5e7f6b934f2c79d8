import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoSource, speculative } from "../../src/github/repo-source.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";

const SHA = "b".repeat(40);
let fake: FakeGitHub;
let octokit: Octokit;
beforeEach(async () => {
  fake = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: fake.url, auth: "t" });
});
afterEach(() => fake.close());

const DJANGO = {
  "manage.py": "import os\n",
  "gunicorn.conf.py": "preload_app = True\n",
  Procfile: "web: gunicorn project.wsgi\n",
  "project/settings.py": "INSTALLED_APPS = ['shop']\n",
  "project/wsgi.py": "application = get_wsgi_application()\n",
  "shop/apps.py": "class ShopConfig(AppConfig):\n    def ready(self): ...\n",
  "shop/models.py": "class Item(Model): ...\n",
  "shop/signals/handlers.py": "x = 1\n",
  "shop/migrations/0001_initial.py": "ops = []\n",
  "README.md": "# shop\n",
};

describe("repoSource on a small repository", () => {
  it("lists the tree in one request and serves the analysis's later reads from the first one", async () => {
    fake.repo("acme", "shop").commit(SHA, DJANGO);
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA });
    expect(await source.paths()).toEqual(Object.keys(DJANGO).sort());
    expect(fake.counts()).toEqual({ "git/get-tree": 1 });

    const [apps] = await source.read(["shop/apps.py"]);
    expect(apps).toEqual({ path: "shop/apps.py", text: DJANGO["shop/apps.py"] });
    const later = await source.read(["project/settings.py", "project/wsgi.py", "shop/models.py", "shop/signals/handlers.py", "gunicorn.conf.py", "Procfile"]);
    expect(later.every((r) => "text" in r)).toBe(true);
    expect(fake.counts()).toEqual({ "git/get-tree": 1, "graphql repository": 1 });
    fake.assertNoViolations();
  });

  it("skips binary, truncated, oversized and missing files with the reason, asking nothing for the last two", async () => {
    fake.repo("acme", "shop").commit(SHA, {
      "logo.png": { binary: true, size: 300 },
      "dump.py": { text: "x", truncated: true, size: 900 },
      "big.py": { size: 2 * 1024 * 1024 },
      "ok.py": "ok\n",
    });
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA });
    const results = await source.read(["logo.png", "dump.py", "big.py", "gone.py", "ok.py"]);
    expect(results).toEqual([
      { path: "logo.png", skipped: "binary file" },
      { path: "dump.py", skipped: "GitHub truncated its contents" },
      { path: "big.py", skipped: "over 1 MB (2097152 bytes)" },
      { path: "gone.py", skipped: "not found" },
      { path: "ok.py", text: "ok\n" },
    ]);
    const query = fake.requests.find((r) => r.operation === "graphql")!.body as { variables: Record<string, string> };
    const asked = Object.values(query.variables).filter((v) => typeof v === "string" && v.startsWith(SHA));
    expect(asked.sort()).toEqual([`${SHA}:dump.py`, `${SHA}:logo.png`, `${SHA}:ok.py`]);
  });

  it("reads a symbolic link inside the repository as its target, and skips one that leaves it", async () => {
    fake.repo("acme", "shop").commit(SHA, {
      "gunicorn.conf.py": { symlink: "deploy/gunicorn.conf.py" },
      "deploy/gunicorn.conf.py": "preload_app = True\n",
      "deploy/uwsgi.ini": { symlink: "../../etc/uwsgi.ini" },
      "conf/dir-link": { symlink: "../deploy" },
      "shop/settings.py": { symlink: "/etc/django/settings.py" },
    });
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA });
    expect(await source.read(["gunicorn.conf.py", "deploy/uwsgi.ini", "conf/dir-link", "shop/settings.py"])).toEqual([
      { path: "gunicorn.conf.py", text: "preload_app = True\n" },
      { path: "deploy/uwsgi.ini", skipped: "symbolic link to a file outside the repository: not read" },
      { path: "conf/dir-link", skipped: "symbolic link to a directory, another link or a missing file: not read" },
      { path: "shop/settings.py", skipped: "symbolic link to a file outside the repository: not read" },
    ]);
    expect(source.linkTarget("gunicorn.conf.py")).toBe("deploy/gunicorn.conf.py");
    expect(source.linkTarget("deploy/gunicorn.conf.py")).toBeUndefined();
    expect(fake.counts()).toEqual({ "git/get-tree": 1, "graphql repository": 1 });
    fake.assertNoViolations();
  });

  it("finds symbolic links in a truncated tree too", async () => {
    const files: Record<string, string | { symlink: string }> = { "shop/apps.py": "x\n", "shop/conf.py": { symlink: "../../outside.py" } };
    for (let i = 0; i < 20; i++) files[`shop/m${i}.py`] = "y\n";
    fake.repo("acme", "shop").commit(SHA, files, { treeLimit: 3 });
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA });
    expect(await source.read(["shop/conf.py"])).toEqual([{ path: "shop/conf.py", skipped: "symbolic link to a file outside the repository: not read" }]);
    fake.assertNoViolations();
  });

  it("reads many files in batches by count, never one request per file", async () => {
    const files = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`lib/m${i}.py`, `v = ${i}\n`]));
    fake.repo("acme", "shop").commit(SHA, files);
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA });
    const results = await source.read(Object.keys(files));
    expect(results.filter((r) => "text" in r)).toHaveLength(2500);
    expect(fake.counts()).toEqual({ "git/get-tree": 1, "graphql repository": 3 });
  });

  it("splits a batch by expected size", async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`m${i}.py`, "x".repeat(600 * 1024)]));
    fake.repo("acme", "shop").commit(SHA, files);
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA, batchBytes: 2 * 1024 * 1024 });
    await source.read(Object.keys(files));
    expect(fake.counts()["graphql repository"]).toBe(2);
  });
});

describe("repoSource on a repository whose tree GitHub truncates", () => {
  it("walks only the folders of interest and finds the deep app modules", async () => {
    const files: Record<string, string> = { ...Object.fromEntries(Object.entries(DJANGO).map(([p, t]) => [`src/${p}`, t])) };
    for (let i = 0; i < 300; i++) files[`node_modules/pkg${i}/index.js`] = "x";
    for (let i = 0; i < 200; i++) files[`static/img/${i}.svg`] = "<svg/>";
    files["src/deep/a/b/c/d/apps.py"] = "class DeepConfig: ...\n";
    fake.repo("acme", "big").commit(SHA, files, { treeLimit: 50 });
    const source = repoSource(octokit, { owner: "acme", repo: "big", sha: SHA });
    const paths = await source.paths();
    expect(paths).toEqual(expect.arrayContaining(["src/shop/apps.py", "src/project/wsgi.py", "src/gunicorn.conf.py", "src/deep/a/b/c/d/apps.py"]));
    expect(paths.filter((p) => p.startsWith("static/"))).toHaveLength(0);
    const counts = fake.counts();
    expect(counts["git/get-tree"]).toBe(1);
    expect(counts["graphql repository"]).toBe(3); // the root; src three deep; src/deep/a/b and below
    const walk = fake.requests.filter((r) => r.operation === "graphql").map((r) => Object.values((r.body as { variables: Record<string, string> }).variables));
    expect(walk.flat().some((v) => String(v).includes(":node_modules") || String(v).includes(":static"))).toBe(false);
    fake.assertNoViolations();
  });

  it("walks top-level folders the truncated listing named in the same request as the root", async () => {
    const files: Record<string, string> = { ...Object.fromEntries(Object.entries(DJANGO).map(([p, t]) => [`app/${p}`, t])) };
    for (let i = 0; i < 300; i++) files[`node_modules/pkg${i}/index.js`] = "x";
    fake.repo("acme", "big").commit(SHA, files, { treeLimit: 5 });
    const source = repoSource(octokit, { owner: "acme", repo: "big", sha: SHA });
    const paths = await source.paths();
    expect(paths).toEqual(expect.arrayContaining(["app/shop/apps.py", "app/shop/signals/handlers.py", "app/manage.py"]));
    expect(fake.counts()).toEqual({ "git/get-tree": 1, "graphql repository": 1 });
  });
});

describe("review threads", () => {
  it("come with the first read at no extra request", async () => {
    const repo = fake.repo("acme", "shop").commit(SHA, DJANGO);
    repo.pull({ number: 4, head: SHA });
    repo.thread(4, { path: "shop/apps.py", line: 2, body: "finding <!-- forksafe:abc -->", replies: [{ body: "ok", author: "dev" }] });
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA, pullNumber: 4 });
    await source.read(["shop/apps.py"]);
    const threads = await source.reviewThreads();
    expect(threads).toHaveLength(1);
    expect(threads[0]!.comments.nodes.map((c) => [c.body, c.viewerDidAuthor, c.author?.login])).toEqual([
      ["finding <!-- forksafe:abc -->", true, "forksafe[bot]"],
      ["ok", false, "dev"],
    ]);
    expect(fake.counts()).toEqual({ "git/get-tree": 1, "graphql repository": 1 });
    fake.assertNoViolations();
  });

  it("are fetched on their own, page by page, when no read happened", async () => {
    const repo = fake.repo("acme", "shop").commit(SHA, DJANGO);
    repo.pull({ number: 5, head: SHA });
    for (let i = 0; i < 130; i++) repo.thread(5, { path: "shop/apps.py", line: 1, body: `t${i}` });
    const source = repoSource(octokit, { owner: "acme", repo: "shop", sha: SHA, pullNumber: 5 });
    const threads = await source.reviewThreads();
    expect(threads.map((t) => t.comments.nodes[0]!.body)).toEqual(Array.from({ length: 130 }, (_, i) => `t${i}`));
    expect(fake.counts()).toEqual({ "graphql repository": 2 });
  });
});

describe("speculative", () => {
  it("wants server configs and app modules, not migrations, tests or unrelated code, within the caps", () => {
    const sizes = new Map(Object.keys(DJANGO).map((p) => [p, 10]));
    sizes.set("other/util.py", 10);
    sizes.set("shop/tests/test_x.py", 10);
    const wanted = speculative(sizes, [], 400, 4_000_000);
    expect(wanted.sort()).toEqual([
      "Procfile",
      "gunicorn.conf.py",
      "manage.py",
      "project/settings.py",
      "project/wsgi.py",
      "shop/apps.py",
      "shop/models.py",
      "shop/signals/handlers.py",
    ]);
    expect(speculative(sizes, [], 3, 4_000_000)).toHaveLength(3);
    expect(speculative(sizes, [], 400, 25)).toHaveLength(2);
  });

  it("wants packaging files and the files that may hold an AppConfig outside apps.py", () => {
    const sizes = new Map(
      [
        "pyproject.toml",
        "tools/setup.cfg",
        "ledger/app.py",
        "audit/config.py",
        "legacy/__init__.py",
        "legacy/models.py",
        "lib/__init__.py",
        "shop/__init__.py",
        "shop/apps.py",
        "shop/tests/config.py",
      ].map((p) => [p, 10]),
    );
    expect(speculative(sizes, [], 400, 4_000_000).sort()).toEqual([
      "audit/config.py",
      "ledger/app.py",
      "legacy/__init__.py",
      "legacy/models.py",
      "pyproject.toml",
      "shop/__init__.py",
      "shop/apps.py",
      "tools/setup.cfg",
    ]);
  });

  it("also wants the rest of the package nested apps live in, environment files and shell scripts, in one first read", () => {
    const sizes = new Map(
      [
        "proj/shop/apps.py",
        "proj/shop/models.py",
        "proj/core/utils.py",
        "proj/core/test_utils.py",
        "proj/tests/test_x.py",
        "proj/shop/migrations/0001_initial.py",
        "other/util.py",
        ".env",
        "scripts/deploy.sh",
        "docs/conf.py",
      ].map((p) => [p, 10]),
    );
    expect(speculative(sizes, [], 1000, 4_000_000).sort()).toEqual([
      ".env",
      "proj/core/utils.py",
      "proj/shop/apps.py",
      "proj/shop/models.py",
      "scripts/deploy.sh",
    ]);
  });
});
