// FS102: database work at import time in modules imported while the app loads.
import type { Rule } from "./rule.js";

export const queryAtImport: Rule = {
  id: "FS102",
  name: "query-at-import",
  summary: "Database work in module-level code that runs while the app loads (django.setup(), or the server importing the app)",
  defaultSeverity: "warning",
  docs: {
    what:
      "Finds module-level and class-body code that touches the database in modules imported during " +
      "django.setup(): each app's apps.py, models.py and admin.py (the admin autodiscovers every admin.py), " +
      "modules imported from ready() such as signals, and every repository module those import in turn; for a " +
      "Flask, FastAPI or plain WSGI app, the module the server command serves and what it imports. This " +
      "includes form fields whose choices are built by evaluating a queryset when the class is defined.",
    why:
      "Module-level code runs once, when the module is first imported. These modules are imported in the " +
      "master process of a pre-forking server (gunicorn with preload_app, uWSGI without lazy-apps), so the " +
      "connection the query opens is shared by every forked worker, and the workers' queries and replies can " +
      "cross or fail. The values are also computed once and never refreshed.",
    example: [
      "from django import forms",
      "from .models import Category",
      "",
      "class ProductForm(forms.Form):",
      "    category = forms.ChoiceField(choices=[(c.pk, c.name) for c in Category.objects.all()])",
    ].join("\n"),
    fix:
      "Compute the value when it is needed: build choices in the form's __init__, pass a callable as choices, " +
      "use a ModelChoiceField (its queryset stays lazy), or wrap the lookup in a function called at request time.",
    language: "python",
    fixExample: [
      "def category_choices():",
      "    return [(c.pk, c.name) for c in Category.objects.all()]",
      "",
      "class ProductForm(forms.Form):",
      "    category = forms.ChoiceField(choices=category_choices)",
    ].join("\n"),
  },
};
