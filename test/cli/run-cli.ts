// Helpers for the end-to-end CLI tests: temporary projects and `node bin/forksafe.js` runs.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/forksafe.js", import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function forksafe(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "", FORKSAFE_DEBUG: "", ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), "forksafe-cli-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** A small Django project: a direct query in ready() and one reached through a call. */
export const SHOP: Record<string, string> = {
  "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
  "mysite/__init__.py": "",
  "mysite/settings.py": 'INSTALLED_APPS = [\n    "django.contrib.sites",\n    "shop.apps.ShopConfig",\n]\n',
  "mysite/wsgi.py":
    "import os\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\napplication = get_wsgi_application()\n",
  "shop/__init__.py": "",
  "shop/models.py": "from django.db import models\n\n\nclass Product(models.Model):\n    name = models.CharField(max_length=50)\n",
  "shop/services.py": "from .models import Product\n\n\ndef warm_cache():\n    return Product.objects.count()\n",
  "shop/apps.py": [
    "from django.apps import AppConfig",
    "from django.contrib.sites.models import Site",
    "",
    "",
    "class ShopConfig(AppConfig):",
    '    name = "shop"',
    "",
    "    def ready(self):",
    "        Site.objects.get_current()",
    "        from .services import warm_cache",
    "        warm_cache()",
    "",
  ].join("\n"),
};
