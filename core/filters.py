"""Filter sets: one per model, serving its list page, its API list and its export."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import JalaliDateField, SafiranFormMixin
from .search import search_queryset


def visible(model):
    """A queryset callable for choice filters: only what the user may see."""

    def queryset(request):
        user = getattr(request, "user", None)
        return model.objects.visible_to(user)

    return queryset


class JalaliDateFilter(django_filters.DateFilter):
    field_class = JalaliDateField


class SafiranFilterSet(django_filters.FilterSet):
    """Adds `q`, a Persian-normalised search over the model's `search_fields`."""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))

    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not getattr(user, "has_national_scope", True):
            # A provincial user has one province: the filter would offer nothing to choose.
            self.filters.pop("province", None)

    def filter_search(self, queryset, name, value):
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
