"""Filters whose choice lists are too long for the page load them as one types.

A national admin's list filters offered every organisation, sponsor, outlet or ambassador of the
country (21,000 options, over a megabyte of HTML, 130 ms of CPU a page). A filter's model choice
list longer than `REMOTE_AFTER` is drawn with only its chosen options; the searchable box
(static/js/searchable.js, `data-search-url`) asks `filter_choices` for the entries matching
every word typed. The address names the filter set and the field, signed, and the answer is
built again from the filter set made for the person asking: their scope, their permission to
view the list, the choices the filter itself offers — nothing else can be asked through it.
"""
from functools import partial

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.module_loading import import_string

from .cache import cached
from .forms import FastOptionsMixin, cached_model_choices, model_choices_key
from .normalize import search_key
from .workflow import perm_name

REMOTE_AFTER = 1000
RESULTS = 20
SALT = "safiran.filter-choices"


def mark_remote(form, filterset_class) -> None:
    """Tell each model choice list of a filter form where it would load from. Nothing is read
    here (the API builds the same forms and draws none): whether a list is long enough to load
    remotely is decided when its widget is drawn (`address_if_long`)."""
    from django import forms

    path = f"{filterset_class.__module__}.{filterset_class.__qualname__}"
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and isinstance(field.widget, FastOptionsMixin):
            field.widget.remote_source = (path, name)


def address_if_long(source: tuple[str, str], choices, key: str) -> str | None:
    """The address a list loads from, when it has more than REMOTE_AFTER choices. Its length is
    kept apart from the list: the list itself is read only when it is searched."""
    if cached(("choices-length", key), partial(_length, choices, key)) <= REMOTE_AFTER:
        return None
    return reverse("core:filter_choices", args=[signing.dumps(list(source), salt=SALT)])


def _length(choices, key) -> int:
    return len(cached_model_choices(choices, key))


@login_required
def filter_choices(request, token):
    """{"results": [{"value", "text"}]}: at most RESULTS of the filter's own choices whose label
    holds every word typed (Persian-folded), for two letters or more."""
    from .filters import SafiranFilterSet

    try:
        path, name = signing.loads(token, salt=SALT)
        filterset_class = import_string(path)
    except (signing.BadSignature, ImportError, ValueError, TypeError):
        raise Http404 from None
    if not (isinstance(filterset_class, type) and issubclass(filterset_class, SafiranFilterSet)):
        raise Http404
    model = filterset_class._meta.model
    if not request.user.has_perm(perm_name(model, "view")):
        raise PermissionDenied
    filterset = filterset_class(None, queryset=model.objects.visible_to(request.user), request=request)
    field = filterset.form.fields.get(name)
    if field is None or not hasattr(field, "choices"):
        raise Http404
    # Each word folded apart (search_key also drops the spaces between words).
    words = [word for word in (search_key(part) for part in request.GET.get("q", "")[:100].split()) if word]
    if sum(len(word) for word in words) < 2:
        return JsonResponse({"results": []})
    key = model_choices_key(field.choices)
    folded = cached(("choices-folded", key), lambda: [
        (value, label, search_key(label)) for value, label in cached_model_choices(field.choices, key) if value
    ]) if key else [(str(value), str(label), search_key(str(label))) for value, label in field.choices if value]
    found = []
    for value, label, text in folded:
        if all(word in text for word in words):
            found.append({"value": value, "text": label})
            if len(found) == RESULTS:
                break
    return JsonResponse({"results": found})
