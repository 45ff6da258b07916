"""Filter sets: one per model, serving its list page, its API list and its export."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import MAX_ID, JalaliDateField, SafiranFormMixin
from .search import MAX_SEARCH_LENGTH, search_queryset, validate_search
from .validators import mobile_is_valid, national_code_is_valid, normalize_mobile, normalize_national_code

# How a typed query becomes a whole value of a personal field, if it is one.
PERSONAL_VALUES = {
    "national_code": (normalize_national_code, national_code_is_valid),
    "mobile": (normalize_mobile, mobile_is_valid),
}


def personal_match(queryset, user, query: str):
    """Rows whose personal field (national code, mobile) equals the whole query, or None.

    A model declares `personal_search = {field: (permission, queryset method)}`. Only a role
    holding the permission (one that sees the field in clear) searches it, and only by exact
    match through the blind index: a prefix, suffix or part of a masked value finds nothing,
    so `******4109` cannot be recovered digit by digit. Personal fields are never in a
    model's `search_fields` (substring search) nor orderable in its table."""
    declared = getattr(queryset.model, "personal_search", {})
    if not declared or user is None:
        return None
    matches = None
    for field, (permission, method) in declared.items():
        normalize, is_valid = PERSONAL_VALUES[field]
        value = normalize(query.strip())
        if is_valid(value) and user.has_perm(permission):
            found = getattr(queryset, method)(value)
            matches = found if matches is None else matches | found
    return matches


def visible(model, *related: str):
    """A queryset callable for choice filters: only what the user may see. `related`: what the
    choices' labels read (`str(report)` names its province), fetched in the same query."""

    def queryset(request):
        user = getattr(request, "user", None)
        rows = model.objects.visible_to(user)
        return rows.select_related(*related) if related else rows

    return queryset


class IdFilter(django_filters.NumberFilter):
    """A record's id in the address (`?meeting=12`): a whole number in the database's range."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class JalaliDateFilter(django_filters.DateFilter):
    field_class = JalaliDateField


class SafiranFilterSet(django_filters.FilterSet):
    """Adds `q`, a Persian-normalised search over the model's `search_fields`."""

    q = django_filters.CharFilter(
        method="filter_search", label=_("Search"), max_length=MAX_SEARCH_LENGTH, validators=[validate_search]
    )

    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not getattr(user, "has_national_scope", True):
            # A provincial user has one province: the filter would offer nothing to choose.
            self.filters.pop("province", None)

    @property
    def form(self):
        form = super().form
        if not getattr(self, "_remote_marked", False):
            # Choice lists too long for the page load as one types (core/remote_choices.py).
            from .remote_choices import mark_filter_form

            self._remote_marked = True
            mark_filter_form(form, type(self))
        return form

    def filter_search(self, queryset, name, value):
        exact = personal_match(queryset, getattr(self.request, "user", None), value)
        if exact is not None:
            return exact
        return search_queryset(queryset, self.search_fields, value)

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (FilterFormMixin, SafiranFormMixin, form_class), {})


class AllOrYesNo(forms.NullBooleanSelect):
    """A yes/no filter that starts at "all", not "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("unknown", _("All")), ("true", _("Yes")), ("false", _("No")))


class FilterFormMixin:
    """A filter left empty means every row: each choice says "All", never "---------"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.NullBooleanField):
                field.widget = AllOrYesNo(field.widget.attrs)
            elif isinstance(field, forms.MultipleChoiceField):
                continue
            elif hasattr(field, "empty_label"):  # django-filter's choice fields add their own empty choice
                field.empty_label = _("All")
            elif isinstance(field, forms.ChoiceField):
                field.choices = [("", _("All")) if value == "" else (value, label) for value, label in field.choices]
