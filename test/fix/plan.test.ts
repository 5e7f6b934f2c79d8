// The fix planner on a fixture project per fix kind and per refusal: the plan as a diff
// (snapshot), idempotence (the fixed project plans no change), and the text around each edit
// kept as written.
import { readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { analyze } from "../../src/analysis/analyze.js";
import { planFixes } from "../../src/fix/plan.js";
import { cleanUp, copyOf, fixAndReplan, FIXTURES, planDirectory, shown } from "./fix-project.js";

afterAll(cleanUp);

const FIXABLE = readdirSync(FIXTURES).filter((n) => !n.startsWith("refuse-") && n !== "no-mechanical-fix");
const REFUSED = readdirSync(FIXTURES).filter((n) => n.startsWith("refuse-"));

describe("each fix kind on its fixture", () => {
  it.each(FIXABLE)("%s: the diff, with no refusal", async (name) => {
    const plan = await planDirectory(copyOf(name));
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(plan.refusals).toEqual([]);
    await expect(shown(plan)).toMatchFileSnapshot(`./__snapshots__/${name}.diff`);
  });

  it.each(FIXABLE)("%s: planning again on the fixed project changes nothing", async (name) => {
    const again = await fixAndReplan(copyOf(name));
    expect(again).toEqual({ changes: [], refusals: [] });
  });
});

describe("refusals", () => {
  it.each(REFUSED)("%s: refused with the reason, nothing changed", async (name) => {
    const plan = await planDirectory(copyOf(name));
    expect(plan.changes).toEqual([]);
    expect(plan.refusals.length).toBeGreaterThan(0);
    await expect(shown(plan)).toMatchFileSnapshot(`./__snapshots__/${name}.txt`);
  });

  it("gives a query in ready() under a server that does not preload no edit and no refusal", async () => {
    expect(await planDirectory(copyOf("no-mechanical-fix"))).toEqual({ changes: [], refusals: [] });
  });
});

describe("the text around the edits", () => {
  it("keeps comments, quoting and the rest of the file when adding a hook", async () => {
    const plan = await planDirectory(copyOf("master-close-config"));
    const change = plan.changes[0]!;
    expect(change.after.startsWith(change.before!)).toBe(true);
    expect(change.after).toContain("bind = '0.0.0.0:' + os.environ.get('PORT', '8000')  # the platform's port\n");
  });

  it("extends an existing when_ready at the end of its body, at its indentation, once", async () => {
    const change = (await planDirectory(copyOf("master-close-extend"))).changes[0]!;
    expect(change.after.match(/def when_ready/g)).toHaveLength(1);
    expect(change.after).toContain(
      "    logging.getLogger('gunicorn.error').info('ready: %s', server.address)\n    from django.db import connections\n    connections.close_all()\n",
    );
  });

  it("keeps CRLF line endings in a file that uses them", async () => {
    const change = (await planDirectory(copyOf("master-close-subdir"))).changes[0]!;
    expect(change.path).toBe("backend/config/gunicorn.py");
    expect(change.after.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("edits a uWSGI ini in the file's own key style, after the [uwsgi] header", async () => {
    const change = (await planDirectory(copyOf("uwsgi-ini"))).changes[0]!;
    expect(change.after).toBe("; uWSGI for the shop\n[uwsgi]\nlazy-apps=true\nmodule=mysite.wsgi:application\nmaster=true\nprocesses=4  \n");
  });
});

describe("the planner's contract", () => {
  it("is deterministic, reads only through the tree, and says which rules each change fixes", async () => {
    const dir = copyOf("rename-setting");
    const first = await planDirectory(dir);
    expect(await planDirectory(dir)).toEqual(first);
    expect(first.changes.map((c) => [c.path, c.ruleIds])).toEqual([["gunicorn.conf.py", ["FS111"]]]);
  });

  it("limits the plan to the rules asked for", async () => {
    const dir = copyOf("master-close-config");
    expect((await planDirectory(dir, ["FS203"])).changes).toEqual([]);
    expect((await planDirectory(dir, ["fs101"])).changes.map((c) => c.ruleIds)).toEqual([["FS101"]]);
  });

  it("plans from a memory tree as from the disk (what the App gives it)", async () => {
    const files = {
      "mysite/settings.py": 'INSTALLED_APPS = ["shop.apps.ShopConfig"]\n',
      "mysite/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
      "shop/apps.py":
        "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n\n    def ready(self):\n        from django.contrib.sites.models import Site\n        Site.objects.get_current()\n",
      Procfile: "web: gunicorn --preload mysite.wsgi\n",
    };
    const tree = memoryTree(files);
    const plan = await planFixes(tree, await analyze(tree));
    expect(plan.changes.map((c) => [c.path, c.before])).toEqual([["gunicorn.conf.py", null]]);
    const fixed = memoryTree({ ...files, "gunicorn.conf.py": plan.changes[0]!.after });
    expect(await planFixes(fixed, await analyze(fixed))).toEqual({ changes: [], refusals: [] });
  });
});
