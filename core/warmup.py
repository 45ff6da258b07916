"""What a fresh app process's first requests would otherwise pay, paid before it takes any.

A worker's first page imported every view module (the URL patterns), built the reverse-URL
tables per language, read the translation catalogues and compiled the shared templates: a
second or more each, so the first people after a restart (or a load test's first minute) waited
2 s for the sign-in page. Called from gunicorn's `post_worker_init` (safiran/gunicorn.conf.py).
No database access: it runs before the worker's first connection.
"""
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

TEMPLATES = (
    "base.html", "registration/login.html", "core/home.html", "core/object_list.html",
    "core/object_list_results.html", "core/object_detail.html", "core/object_form.html", "core/table.html",
    "core/filter_form.html", "core/search.html", "django_tables2/bootstrap5.html",
)


def warm_up() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 — imports every app's views
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018 — built per language on first use
            reverse("core:home")
            translation.gettext("Safiran")
    for name in TEMPLATES:
        get_template(name)
