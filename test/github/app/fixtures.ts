// Seeds for the app tests: a small Django project at two commits and pull requests over it.
import type { FakeRepo, PullFileSeed } from "../fake-github.js";

export const HEAD1 = "1".repeat(40);
export const HEAD2 = "2".repeat(40);
export const HEAD3 = "3".repeat(40);

export const APPS_PY = [
  "from django.apps import AppConfig",
  "",
  "",
  "class ShopConfig(AppConfig):",
  '    name = "shop"',
  "",
  "    def ready(self):",
  "        from django.contrib.auth.models import User",
  "        User.objects.count()",
  "",
].join("\n");

export const FIXED_APPS_PY = APPS_PY.replace("        User.objects.count()\n", "        pass\n");

/** A patch that adds the whole file: every line is commentable. */
export function addedPatch(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
}

/** A patch touching only lines `from`..`to` of the new file (as context around one added line). */
export function partialPatch(text: string, from: number, to: number): string {
  const lines = text.split("\n").slice(from - 1, to);
  return [`@@ -${from},${lines.length - 1} +${from},${lines.length} @@`, `+${lines[0]}`, ...lines.slice(1).map((l) => ` ${l}`)].join("\n");
}

export function file(filename: string, text: string, extra: Partial<PullFileSeed> = {}): PullFileSeed {
  return { filename, status: "modified", patch: addedPatch(text), additions: 1, deletions: 0, ...extra };
}

/** Commit `head` with shop/apps.py and a gunicorn config, and pull request #7 changing apps.py. */
export function seedPull(repo: FakeRepo, head = HEAD1, apps = APPS_PY, number = 7): void {
  repo.commit(head, { "shop/apps.py": apps, "shop/__init__.py": "", "gunicorn.conf.py": "preload_app = True\n", "README.md": "# shop\n" });
  const existing = repo.pulls.get(number);
  repo.pull({ number, head, author: "alice", forkOwner: existing?.forkOwner, files: [file("shop/apps.py", apps)] } as never);
}
