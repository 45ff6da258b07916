from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import JalaliDateField, SafiranForm, SafiranModelForm
from core.money import MoneyFormField
from meetings.choices import MeetingStatus

from .choices import PledgeKind
from .models import Pledge


class PledgeForm(SafiranModelForm):

    class Meta:
        model = Pledge
        fields = ["sponsor", "kind", "value_rials", "purpose", "areas", "pledged_on", "meeting"]
        widgets = {
            "kind": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].help_text = _("Usually a business; any organisation can be a sponsor.")
        meetings = self.fields["meeting"].queryset.filter(status=MeetingStatus.HELD)
        self.fields["meeting"].queryset = meetings.select_related("organization").order_by("-held_on")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("pledged_on", timezone.localdate())

    def clean_pledged_on(self):
        value = self.cleaned_data["pledged_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Record a pledge once it is made: the date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PledgeKind.CASH and cleaned.get("value_rials") == 0:
            self.add_error("value_rials", _("A cash pledge needs its amount."))
        return cleaned


class ReceiveForm(SafiranForm):
    received_on = JalaliDateField(label=_("Received on"))
    value_rials = MoneyFormField(label=_("Value"), help_text=_("What this delivery is worth; for support in kind, an estimate."))
    description = forms.CharField(label=_("What was received"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Record what was received once it arrives: the date cannot be in the future."))
        return value


class CloseForm(SafiranForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when not all of it was received: say why it is closed anyway."),
    )
