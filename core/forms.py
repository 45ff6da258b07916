"""Form pieces shared by every app: Persian normalisation, Jalali dates, Iranian codes,
and scope-aware choices. Pages and the API validate through the same forms."""
import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import jalali
from .money import THOUSANDS_SEPARATORS, UNIT_LABELS, MoneyFormField
from .normalize import normalize_digits, normalize_text
from .validators import normalize_mobile, normalize_national_code, validate_mobile, validate_national_code


class JalaliDateInput(forms.TextInput):
    """A text box showing a Jalali date; the vendored picker attaches through `data-jdp`."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "data-jdp": "",
            "placeholder": _("e.g. 1340/05/12"),
            "autocomplete": "off",
            "dir": "ltr",
            "inputmode": "numeric",
            "class": "form-control jalali-date",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return jalali.format_date(value, persian_digits=False)
        return value


class JalaliDateField(forms.DateField):
    """Accepts Jalali dates typed with Persian, Arabic-Indic or ASCII digits (and ISO dates)."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a Jalali date as year/month/day, for example 1340/05/12."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return jalali.parse_date(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


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

    # Fields whose querysets must be limited to what the user may see.
    scoped_fields: tuple[str, ...] = ("province", "county", "areas")

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
            if isinstance(field.widget, forms.RadioSelect) and field.required and hasattr(field, "choices"):
                # A required radio group needs no "---------" choice.
                field.choices = [(value, label) for value, label in field.choices if value != ""]
            if user is not None and name in self.scoped_fields and hasattr(field, "queryset"):
                field.queryset = field.queryset.visible_to(user)
                if name == "areas" and getattr(user, "is_area_restricted", False):
                    # Someone working in some areas only could not see a record filed elsewhere.
                    field.queryset = field.queryset.filter(pk__in=user.scope_area_ids)
            self._style(field)
        if user is not None and "province" in self.fields and not user.has_national_scope:
            self.fields["province"].initial = user.province_id
        bound_choice_fields(self.fields)

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
