"""Form pieces shared by every app: Persian normalisation, Jalali dates, Iranian codes,
and scope-aware choices. Pages and the API validate through the same forms."""
import datetime
import hashlib

from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.validators import MaxLengthValidator
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import jalali
from .cache import cached
from .money import THOUSANDS_SEPARATORS, UNIT_LABELS, MoneyFormField
from .normalize import normalize_digits, normalize_text
from .validators import normalize_mobile, normalize_national_code, validate_mobile, validate_national_code


class JalaliDateInput(forms.TextInput):
    """A text box showing a Jalali date in Persian digits; the vendored picker attaches through
    `data-jdp`. Its hint is an example that fits the field (`hint`): a birth date, a recent
    past date, a near future date, or today."""

    input_type = "text"

    def __init__(self, attrs=None, hint: str = "today"):
        self.hint = hint
        defaults = {
            "data-jdp": "",
            "autocomplete": "off",
            "dir": "ltr",
            "inputmode": "numeric",
            "class": "form-control jalali-date",
        }
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if "placeholder" not in widget_attrs:
            widget_attrs["placeholder"] = _("e.g. %(date)s") % {"date": date_example(self.hint)}
        return context

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return jalali.format_date(value, persian_digits=True)
        return value


# Date fields named like these get an example that fits them.
PAST_DATE_NAMES = ("held_on", "occurred_on", "published_on", "pledged_on", "received_on", "completed_on", "on",
                   "joined_on", "retirement_date", "term_start")
FUTURE_DATE_NAMES = ("proposed_date", "due_date", "term_end", "starts_on", "ends_on")


def date_hint(name: str) -> str:
    if "birth" in name:
        return "birth"
    if name in FUTURE_DATE_NAMES or name.endswith("due_date"):
        return "future"
    if name in PAST_DATE_NAMES:
        return "past"
    return "today"


def date_example(hint: str) -> str:
    today = timezone.localdate()
    example = {
        "birth": datetime.date(1961, 8, 3),
        "past": today - datetime.timedelta(days=7),
        "future": today + datetime.timedelta(days=7),
    }.get(hint, today)
    return jalali.format_date(example, persian_digits=True)


class JalaliDateField(forms.DateField):
    """Accepts Jalali dates typed with Persian, Arabic-Indic or ASCII digits (and ISO dates)."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a Jalali date as year/month/day, for example %(example)s."),
        "no_such_day": _("That day does not exist: %(month)s %(year)s has %(days)s days."),
        "no_such_month": _("The month must be between 1 and 12."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return jalali.parse_date(value)
        except ValueError:
            raise self.explain(value) from None

    def explain(self, value) -> forms.ValidationError:
        """The most useful message: the day or month that does not exist, else the format."""
        parts = jalali.date_parts(value)
        if parts is not None and parts[0] < jalali.GREGORIAN_YEAR_FLOOR and parts[0] >= 1000:
            year, month, day = parts
            if not 1 <= month <= 12:
                return forms.ValidationError(self.error_messages["no_such_month"], code="no_such_month")
            days = jalali.month_length(year, month)
            if day > days:
                return forms.ValidationError(
                    self.error_messages["no_such_day"], code="no_such_day",
                    params={"month": jalali.MONTHS_FA[month - 1], "year": display_digits(year), "days": display_digits(days)},
                )
        widget = getattr(self, "widget", None)
        example = date_example(getattr(widget, "hint", "today"))
        return forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"example": example})


def display_digits(value) -> str:
    from .normalize import to_persian_digits

    return to_persian_digits(str(value))


class PersianFileInput(forms.FileInput):
    """A file box that speaks Persian: the browser's own "Choose File / No file chosen" cannot be
    translated, so the native input sits invisibly over a labelled button and the chosen file's
    name is written beside it (safiran.js). Keyboard and screen readers use the input itself."""

    template_name = "core/widgets/file_input.html"


# A choice list longer than this becomes a searchable box (static/js/searchable.js over the
# vendored Tom Select): typing narrows the list, picked entries show as removable items.
SEARCHABLE_AFTER = 15


class SearchableMixin:
    """A select or checkbox list that turns into a searchable box when it has more than
    `SEARCHABLE_AFTER` choices. Decided when the page is drawn (a scoped model choice costs one
    COUNT); the server reads the same `name` values either way, so validation does not change.
    Without JavaScript it stays a plain select the browser can search by typing."""

    searchable_after = SEARCHABLE_AFTER

    @property
    def searchable(self) -> bool:
        cached = getattr(self, "_searchable", None)
        if cached is None:
            try:
                count = len(self.choices)
            except TypeError:
                count = len(list(self.choices))
            cached = self._searchable = count > self.searchable_after
        return cached

    def get_context(self, name, value, attrs):
        searchable = self.searchable
        context = super().get_context(name, value, attrs)
        if searchable:
            context["widget"]["attrs"].update({
                "data-searchable": "",
                "data-placeholder": str(_("Type to search the list")),
                "data-no-results": str(_("Nothing in the list matches what you typed.")),
                "data-remove": str(_("Remove")),
                "data-added": str(_("Added: %(item)s")),
                "data-removed": str(_("Removed: %(item)s")),
            })
        return context


# A select whose options are written here, not by a template per option: a list of 430
# counties took Django's templates ~100 ms of CPU per page (benchmarks/pages.py), this ~3 ms.
# The HTML is the same as Django's own select.html / select_option.html / attrs.html.
SELECT_TEMPLATE = "core/widgets/select.html"


def _attrs_html(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


def options_html(optgroups) -> str:
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(f'\n  <option value="{escape(option["value"])}"{_attrs_html(option["attrs"])}>'
                         f'{conditional_escape(localize(option["label"]))}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))


def model_choices_key(choices) -> str | None:
    """What identifies a model choice list's (value, label) pairs: its query and labels. None when
    the labels may depend on more than the row (a field's own `label_from_instance`) or the list
    is not a model's."""
    if not isinstance(choices, ModelChoiceIterator):
        return None
    field = choices.field
    if getattr(field.label_from_instance, "__func__", None) is not forms.ModelChoiceField.label_from_instance:
        return None
    queryset = choices.queryset
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    extra = (type(choices).__qualname__, str(field.empty_label), str(getattr(field, "null_label", "")))
    return hashlib.sha256(f"{queryset.db}|{sql}|{params!r}|{extra!r}".encode()).hexdigest()[:32]


def cached_model_choices(choices, key: str | None = None):
    """A model choice list's (value, label) pairs, kept until the next write (core.cache): every
    page of a province's lists offered the same counties and organisations, read and built
    again on each (two queries and a model instance per choice). None when not a model's list
    whose labels are the rows' own (`model_choices_key`)."""
    key = key or model_choices_key(choices)
    if key is None:
        return None
    return cached(("choices", key), lambda: [(str(value), str(label)) for value, label in choices])


class FastOptionsMixin:
    """Writes a select's options in Python (SELECT_TEMPLATE holds only the <select> tag), from
    a model's choices kept until the next write; the options' HTML itself is kept too, per
    choice list and chosen values (a province's 673 organisations took 5 ms a page to write)."""

    # Where the list would load from (core/remote_choices.py: a filter set's or a form page's
    # field): when it is too long for the page only the chosen options are drawn, the others
    # are asked of the server as one types.
    remote_source = None

    def remote_address(self) -> str | None:
        """The address this list loads from when it is too long for the page, else None."""
        if not self.remote_source:
            return None
        if not hasattr(self, "_remote_address"):
            from .remote_choices import address_if_long

            key = model_choices_key(self.choices)
            self._remote_address = address_if_long(self.remote_source, self.choices, key) if key else None
        return self._remote_address

    @property
    def searchable(self) -> bool:
        # A list loaded as one types is a searchable box (a checkbox list too), without a COUNT.
        return bool(self.remote_address()) or super().searchable

    def _context_with(self, choices, name, value, attrs) -> dict:
        """The widget's context drawn from `choices` in place of its own."""
        original = self.choices
        self.choices = choices
        try:
            return super().get_context(name, value, attrs)
        finally:
            self.choices = original

    def get_context(self, name, value, attrs):
        original = self.choices
        key = model_choices_key(original)
        drawn_here = key is not None and self.template_name == SELECT_TEMPLATE
        remote_url = self.remote_address() if drawn_here else None
        if remote_url:
            # Only the chosen rows are read (the whole list is tens of thousands).
            field, to_field = original.field, original.field.to_field_name or "pk"
            chosen = [item for item in self.format_value(value) if item and (to_field != "pk" or item.isdigit())]
            rows = original.queryset.filter(**{f"{to_field}__in": chosen}) if chosen else []
            empty = [("", field.empty_label)] if field.empty_label is not None and not self.allow_multiple_selected else []
            self._searchable = True
            context = self._context_with(empty + [original.choice(row) for row in rows], name, value, attrs)
            context["widget"]["attrs"].update({
                "data-search-url": remote_url,
                "data-placeholder": str(_("Type two letters of the name")),
                "data-no-results": str(_("Nothing in the list matches what you typed.")),
            })
            context["widget"]["options_html"] = options_html(context["widget"]["optgroups"])
            return context
        if drawn_here and not any(self.format_value(value)):
            # Nothing chosen (a list's filters as first drawn, a blank form): the same options for
            # everyone offered this list. Kept only then, so what a request chooses (any text in
            # the address) cannot fill the cache with variants.
            def write_options():
                self.choices = cached_model_choices(original, key)
                try:
                    return len(self.choices), str(options_html(self.optgroups(name, [], attrs)))
                finally:
                    self.choices = original

            count, options = cached(("options", key, self.allow_multiple_selected), write_options)
            if getattr(self, "_searchable", None) is None and hasattr(self, "searchable_after"):
                self._searchable = count > self.searchable_after  # the whole list, without a COUNT
            context = self._context_with([], name, value, attrs)
            context["widget"]["options_html"] = mark_safe(options)
            return context
        kept = cached_model_choices(original, key)
        context = self._context_with(kept, name, value, attrs) if kept is not None else super().get_context(
            name, value, attrs)
        if self.template_name == SELECT_TEMPLATE:
            context["widget"]["options_html"] = options_html(context["widget"]["optgroups"])
        return context


class SearchableSelect(FastOptionsMixin, SearchableMixin, forms.Select):
    template_name = SELECT_TEMPLATE


class SearchableSelectMultiple(FastOptionsMixin, SearchableMixin, forms.SelectMultiple):
    template_name = SELECT_TEMPLATE


class SearchableCheckboxes(FastOptionsMixin, SearchableMixin, forms.CheckboxSelectMultiple):
    """Checkboxes while the list is short; a searchable multiple select once it is long (about
    80 ambassadors were a 3,300 px wall of checkboxes on a phone)."""

    def get_context(self, name, value, attrs):
        if self.searchable:
            # Drawn as a <select multiple>; the same name and values are posted.
            self.template_name = SELECT_TEMPLATE
            self.option_template_name = forms.SelectMultiple.option_template_name
            self.option_inherits_attrs = False
            self.checked_attribute = {"selected": True}
            attrs = {**(attrs or {}), "multiple": True}
            self.attrs["class"] = (self.attrs.get("class", "") + " form-select").strip()
        return super().get_context(name, value, attrs)

    def id_for_label(self, id_, index=None):
        if index is None and self.searchable:
            return id_
        return super().id_for_label(id_, index)

    @property
    def use_fieldset(self):
        return not self.searchable


SEARCHABLE_WIDGETS = {
    forms.Select: SearchableSelect,
    forms.SelectMultiple: SearchableSelectMultiple,
    forms.CheckboxSelectMultiple: SearchableCheckboxes,
}


def make_searchable(field) -> None:
    """Swap a plain choice widget for its searchable kind (same attributes and choices)."""
    searchable = SEARCHABLE_WIDGETS.get(type(field.widget))
    if searchable is None or not hasattr(field, "choices"):
        return
    old = field.widget
    widget = searchable(attrs=old.attrs)
    widget.choices = old.choices
    widget.is_required = old.is_required
    widget.is_localized = old.is_localized
    field.widget = widget


class WholeNumberField(forms.IntegerField):
    """A count typed as people write it: Persian, Arabic-Indic or ASCII digits, with or without
    thousands separators (۱۲٬۰۰۰, 12,000). Use it through a model form's `Meta.field_classes`."""

    default_error_messages = {"invalid": _("Enter a whole number, for example 12000.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).translate(THOUSANDS_SEPARATORS).strip()
        return super().to_python(value)


class NationalCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("validators", [validate_national_code])
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        return normalize_national_code(super().to_python(value))


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [validate_mobile])
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "tel", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_mobile(value) if value else value


class PhoneField(forms.CharField):
    """A landline or mobile number typed any way (۰۲۱-۸۸۷۷ ۶۶۵۵, +98 21 …), stored as digits."""

    default_error_messages = {"invalid": _("Enter the phone number with digits only, for example 02188776655.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "tel", "autocomplete": "off"})

    def to_python(self, value):
        value = normalize_phone(super().to_python(value))
        if value and not value.isdigit():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def normalize_phone(value: str) -> str:
    digits = normalize_digits(value or "")
    for mark in "-()./":
        digits = digits.replace(mark, "")
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    return digits


# Ids from outside are bounded before they reach a query: a 31-digit id overflows SQLite's
# integers (OverflowError, a 500), and a list of 40,000 ids is no one's choice.
MAX_ID = 2**63 - 1
MAX_CHOICES = 200


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if len(value) > MAX_CHOICES:
            raise forms.ValidationError(
                _("Choose at most %(limit)d items.") % {"limit": MAX_CHOICES}, code="too_many_choices"
            )
        for pk in value:
            text = str(pk).strip()
            if text.isdigit() and int(text) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:20]}
                )
        return super()._check_values(value)


# Free text (a model's TextField, a reason, a note) without a limit of its own: a person's
# notes fit in this; a 200,000-character "purpose" is not one.
MAX_TEXT_LENGTH = 10_000


def bound_choice_fields(fields) -> None:
    """Limits on what comes from outside, for every Safiran form (pages, API, filters)."""
    for field in fields.values():
        if type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = BoundedModelMultipleChoiceField  # same state, bounded checks
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = MAX_TEXT_LENGTH
            field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
            field.widget.attrs.setdefault("maxlength", str(MAX_TEXT_LENGTH))


class SafiranFormMixin:
    """Bootstrap classes, Persian-normalised text, the signed-in user for scoped choices and
    the unit money is typed in."""

    def __init__(self, *args, user=None, money_unit="rial", **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if isinstance(field, MoneyFormField):
                # Pages ask in the person's unit; everything else (the API) in rials.
                field.unit = money_unit
                field.label = _("%(label)s (%(unit)s)") % {"label": field.label, "unit": UNIT_LABELS[money_unit]}
            if type(field) is forms.DateField:
                # Every date a person types is Jalali.
                field = self.fields[name] = JalaliDateField(
                    required=field.required, label=field.label, help_text=field.help_text, initial=field.initial
                )
            if isinstance(field, JalaliDateField) and isinstance(field.widget, JalaliDateInput):
                field.widget.hint = date_hint(name)
            if isinstance(field.widget, forms.FileInput) and not isinstance(field.widget, PersianFileInput):
                field.widget = PersianFileInput(attrs=field.widget.attrs)
            if isinstance(field.widget, forms.RadioSelect) and field.required and hasattr(field, "choices"):
                # A required radio group needs no "---------" choice.
                field.choices = [(value, label) for value, label in field.choices if value != ""]
            if isinstance(field, forms.ChoiceField):
                make_searchable(field)
            if isinstance(field, forms.ModelChoiceField) and getattr(field, "empty_label", None) == "---------":
                field.empty_label = _("— choose —")
            queryset = getattr(field, "queryset", None)
            if user is not None and queryset is not None and hasattr(queryset, "assignable_by"):
                # Every choice of a scoped model is limited to what this user may assign;
                # core.scope.verify_written checks again after saving.
                field.queryset = queryset.assignable_by(user)
            self._style(field)
        if user is not None and "province" in self.fields and not user.has_national_scope:
            self.fields["province"].initial = user.province_id
        bound_choice_fields(self.fields)

    def service_arguments(self) -> dict:
        """What a workflow step's service is called with: the cleaned data, unless a form
        shapes it (a held meeting's first follow-up, a roster's column mapping)."""
        return dict(self.cleaned_data)

    def full_clean(self):
        super().full_clean()
        # Fields with errors are marked for screen readers and styled red.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"
                if "form-control" in attrs.get("class", "") or "form-select" in attrs.get("class", ""):
                    attrs["class"] += " is-invalid"

    @staticmethod
    def _style(field):
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput,)):
            css = "form-check-input"
        elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            css = ""
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        if css and css not in widget.attrs.get("class", ""):
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if (
                isinstance(value, str)
                and isinstance(field, forms.CharField)
                and not isinstance(field, (NationalCodeField, MobileField, PhoneField))
                and not isinstance(field.widget, forms.PasswordInput)
            ):
                cleaned[name] = normalize_text(value) if "\n" not in value else _normalize_lines(value)
        return cleaned


def _normalize_lines(value: str) -> str:
    return "\n".join(normalize_text(line) for line in value.splitlines()).strip()


class SafiranForm(SafiranFormMixin, forms.Form):
    pass


class SafiranModelForm(SafiranFormMixin, forms.ModelForm):
    pass


class ConfirmForm(SafiranForm):
    """An action that needs only a confirming click."""


class ReasonForm(SafiranForm):
    """An action that must say why (kept in the audit log)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
