// Writes a Django monorepo of many apps for the benchmark: each app has apps.py, models.py,
// admin.py and services.py of 1–4 KB. One app in ten has a ready() that queries through a
// services helper, three in ten a ready() that imports services and connects a signal handler,
// the rest no ready() at all. Deterministic: the same count gives the same files.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface GeneratedRepo {
  root: string;
  apps: number;
  /** Apps whose ready() reaches a query (through services). */
  queryingApps: number;
}

export function generateMonorepo(root: string, apps: number): GeneratedRepo {
  const names = Array.from({ length: apps }, (_, i) => `app${String(i + 1).padStart(4, "0")}`);
  write(root, "manage.py", managePy());
  write(root, "monorepo/__init__.py", "");
  write(root, "monorepo/settings.py", settingsPy(names));
  write(root, "monorepo/wsgi.py", wsgiPy());
  let queryingApps = 0;
  names.forEach((name, i) => {
    const random = seeded(i + 1);
    const models = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, m) => `${camel(name)}Item${m + 1}`);
    const startup = i % 10 === 0 ? "query" : i % 10 <= 3 ? "signals" : "none";
    if (startup === "query") queryingApps++;
    write(root, `apps/${name}/__init__.py`, "");
    write(root, `apps/${name}/apps.py`, appsPy(name, startup));
    write(root, `apps/${name}/models.py`, modelsPy(models));
    write(root, `apps/${name}/admin.py`, adminPy(models));
    write(root, `apps/${name}/services.py`, servicesPy(models, 3 + Math.floor(random() * 5)));
  });
  return { root, apps, queryingApps };
}

function write(root: string, rel: string, text: string): void {
  const full = path.join(root, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/** A small deterministic generator (mulberry32), so runs compare like with like. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function camel(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function managePy(): string {
  return `import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monorepo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
`;
}

function settingsPy(names: string[]): string {
  const apps = names.map((n) => `    "apps.${n}",`).join("\n");
  return `SECRET_KEY = "benchmark"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
${apps}
]
ROOT_URLCONF = "monorepo.urls"
WSGI_APPLICATION = "monorepo.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "monorepo"}}
`;
}

function wsgiPy(): string {
  return `import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monorepo.settings")

application = get_wsgi_application()
`;
}

function appsPy(name: string, startup: "query" | "signals" | "none"): string {
  const ready = {
    query: `
    def ready(self):
        from .services import warm_cache

        self.cache = warm_cache()
`,
    signals: `
    def ready(self):
        from django.db.models.signals import post_save

        from . import services

        post_save.connect(services.on_saved, sender=self.get_model("${camel(name)}Item1"))
`,
    none: "",
  }[startup];
  return `"""Configuration of the ${name} application.

The application keeps its own records and exposes them through the admin and the services
module. Settings prefixed with ${name.toUpperCase()}_ tune it; see the checks below.
"""
from django.apps import AppConfig
from django.conf import settings
from django.core import checks


@checks.register()
def check_${name}_settings(app_configs, **kwargs):
    """Warns when the ${name} page size is not a positive number."""
    errors = []
    page_size = getattr(settings, "${name.toUpperCase()}_PAGE_SIZE", 20)
    if not isinstance(page_size, int) or page_size <= 0:
        errors.append(checks.Warning("${name.toUpperCase()}_PAGE_SIZE must be a positive int", id="${name}.W001"))
    return errors


class ${camel(name)}Config(AppConfig):
    """Registers ${name} with Django."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.${name}"
    label = "${name}"
    verbose_name = "${camel(name)}"
${ready}`;
}

function modelsPy(models: string[]): string {
  const classes = models.map(
    (m) => `class ${m}(models.Model):
    """One record of ${m}."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
`,
  );
  return `from django.db import models\n\n\n${classes.join("\n\n")}`;
}

function adminPy(models: string[]): string {
  const classes = models.map(
    (m) => `@admin.register(${m})
class ${m}Admin(admin.ModelAdmin):
    list_display = ("name", "slug", "active", "position")
    list_filter = ("active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created", "updated")
    ordering = ("position", "name")
    list_per_page = 50
`,
  );
  return `from django.contrib import admin

from .models import ${models.join(", ")}


${classes.join("\n\n")}`;
}

function servicesPy(models: string[], helpers: number): string {
  const first = models[0]!;
  const extra = Array.from({ length: helpers }, (_, h) => {
    const m = models[h % models.length]!;
    return `def summarise_${h + 1}(limit=20):
    """Names of the first active ${m} records, for dashboards."""
    rows = ${m}.objects.filter(active=True).order_by("position")[:limit]
    return [{"name": r.name, "slug": r.slug} for r in rows]
`;
  });
  return `from django.core.cache import cache

from .models import ${models.join(", ")}


def warm_cache():
    """Loads the active ${first} records into the cache."""
    names = list(${first}.objects.filter(active=True).values_list("name", flat=True))
    cache.set("${first.toLowerCase()}-names", names)
    return names


def on_saved(sender, instance, **kwargs):
    cache.delete("${first.toLowerCase()}-names")


${extra.join("\n\n")}`;
}
