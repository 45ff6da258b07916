"""Choice lists too long for the page load as one types: list filters and forms alike.

A national admin's list filters offered every organisation, sponsor, outlet or ambassador of the
country (21,000 options, over a megabyte of HTML, 130 ms of CPU a page), and their forms did too
(a meeting request offered 69,536 ambassadors in one select). A model choice list longer than
`REMOTE_AFTER` is drawn with only its chosen options (`core.forms.FastOptionsMixin`); the
searchable box (static/js/searchable.js, `data-search-url`) asks `choices` for the entries
matching every word typed. The address is signed and names where the list came from:

- ("filter", filter set, field): answered from the filter set made again for the person asking
  (their scope, their permission to view the list, the choices the filter itself offers);
- ("page", form page's path, field): answered from the form that page draws for the person
  asking — its own view is run again (`core.views.ScopedViewMixin`): their permission to use
  that page, the object it is about read through their scope (404 outside it), the form's own
  field queryset (what `assignable_by` leaves them, narrowed as the form narrows it).

Nothing else can be asked through it: a list is never answered from a wider queryset than the
one that would have been drawn for the asker, and only with the labels the select shows.
"""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils.module_loading import import_string

from .cache import cached
from .forms import FastOptionsMixin, cached_model_choices, model_choices_key
from .normalize import search_key
from .privacy import collecting_reads
from .search import search_queryset
from .workflow import perm_name

REMOTE_AFTER = 1000
RESULTS = 20
SALT = "safiran.filter-choices"
# Where a list's choices are asked of: a filter set's form, or the form a page draws.
FILTER, PAGE = "filter", "page"


def mark_remote(form, source: tuple[str, str]) -> None:
    """Tell each model choice list of `form` where it would load from: `source` is (FILTER,
    the filter set's dotted path) or (PAGE, the form page's path). Nothing is read here (the
    API builds the same forms and draws none): whether a list is long enough to load remotely
    is decided when its widget is drawn (`address_if_long`)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and isinstance(field.widget, FastOptionsMixin):
            field.widget.remote_source = (*source, name)


def mark_filter_form(form, filterset_class) -> None:
    mark_remote(form, (FILTER, f"{filterset_class.__module__}.{filterset_class.__qualname__}"))


def address_if_long(source: tuple[str, ...], choices, key: str) -> str | None:
    """The address a list loads from, when it has more than REMOTE_AFTER choices. Its length is
    counted (and kept until the next write) apart from the list: the list itself is read only
    when it is searched — a form is saved often, and reading 69,536 ambassadors again after
    each save to learn there are too many cost more than the page it was spared."""
    if cached(("choices-length", key), choices.queryset.count) <= REMOTE_AFTER:
        return None
    return reverse("core:choices", args=[signing.dumps(list(source), salt=SALT)])


@login_required
def choices(request, token):
    """{"results": [{"value", "text"}]}: at most RESULTS of the list's own choices whose label
    holds every word typed (Persian-folded), for two letters or more."""
    try:
        kind, where, *names = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    typed = request.GET.get("q", "")[:100]
    if kind == FILTER and len(names) == 1:
        return answer(_filter_field(request, where, names[0]), typed)
    if kind == PAGE and len(names) == 2:
        return _ask_page(request, where, *names, typed)
    raise Http404


def _filter_field(request, path: str, name: str):
    from .filters import SafiranFilterSet

    try:
        filterset_class = import_string(path)
    except (ImportError, ValueError, TypeError):
        raise Http404 from None
    if not (isinstance(filterset_class, type) and issubclass(filterset_class, SafiranFilterSet)):
        raise Http404
    model = filterset_class._meta.model
    if not request.user.has_perm(perm_name(model, "view")):
        raise PermissionDenied
    filterset = filterset_class(None, queryset=model.objects.visible_to(request.user), request=request)
    return filterset.form.fields.get(name)


def _ask_page(request, path: str, form_name: str, name: str, typed: str):
    """Run the form page's own view for the person asking, as if they opened it: its
    permission check (403), its object through their scope (404), its form built for them. The
    view answers from that form's field (`ScopedViewMixin.render_to_response`) instead of
    drawing the page; a page that would not draw its form for them (a guard sends them away)
    answers nothing (404)."""
    from .views import RemoteChoicesMixin

    try:
        match = resolve(path)
    except Resolver404:
        raise Http404 from None
    view_class = getattr(match.func, "view_class", None)
    if not (isinstance(view_class, type) and issubclass(view_class, RemoteChoicesMixin)):
        raise Http404
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.choices_asked_for = (form_name, name, typed)
    request.GET = QueryDict()  # the page as first opened: what was typed is not the page's query
    view.setup(request, *match.args, **match.kwargs)
    # The page's records are not given out here, only the list's labels: what the page would
    # have shown in clear is not a personal read of this request (core.privacy).
    with collecting_reads():
        response = view.dispatch(request, *match.args, **match.kwargs)
    if not getattr(response, "choices_answer", False):
        raise Http404
    return response


def answer(field, typed: str) -> JsonResponse:
    """The entries of `field`'s own choices holding every word `typed`, labelled as drawn."""
    if not isinstance(field, forms.ModelChoiceField):
        raise Http404
    # Each word folded apart (search_key also drops the spaces between words).
    words = [word for word in (search_key(part) for part in typed.split()) if word]
    found = []
    if sum(len(word) for word in words) >= 2:
        key = model_choices_key(field.choices)
        label_fields = getattr(field.queryset.model, "label_fields", ())
        # Digits are kept as typed in the database (۵, ٥ or 5): a search with digits folds labels.
        if key and label_fields and not any(character.isdigit() for character in "".join(words)):
            found = _found_in_database(field, label_fields, typed)
        else:
            found = _found_in_labels(field, key, words)
    response = JsonResponse({"results": found})
    response.choices_answer = True
    return response


def _found_in_database(field, label_fields: tuple[str, ...], typed: str) -> list[dict]:
    """A model whose label is its `label_fields` (in order, as `__str__` writes them) is searched
    by the database, folded as the labels are (core.search): the first search after a write no
    longer reads and folds every row of a national list (69,536 ambassadors: seconds)."""
    rows = search_queryset(field.queryset, label_fields, typed)[:RESULTS]
    iterator = field.iterator(field)
    return [{"value": str(value), "text": str(label)} for value, label in map(iterator.choice, rows)]


def _found_in_labels(field, key: str | None, words: list[str]) -> list[dict]:
    """Any other list: its labels, folded once and kept until the next write, searched in Python."""
    folded = cached(("choices-folded", key), lambda: [
        (value, label, search_key(label)) for value, label in cached_model_choices(field.choices, key) if value
    ]) if key else [(str(value), str(label), search_key(str(label))) for value, label in field.choices if value]
    found = []
    for value, label, text in folded:
        if all(word in text for word in words):
            found.append({"value": value, "text": label})
            if len(found) == RESULTS:
                break
    return found
