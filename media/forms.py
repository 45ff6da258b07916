from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import SafiranModelForm, WholeNumberField
from meetings.choices import MeetingStatus

from .models import MediaCoverage


class MediaCoverageForm(SafiranModelForm):
    link = forms.URLField(
        label=_("link"), required=False, max_length=500, assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )

    class Meta:
        model = MediaCoverage
        fields = ["outlet", "published_on", "title", "kind", "link", "areas", "estimated_reach", "meeting",
                  "related_event", "notes"]
        field_classes = {"estimated_reach": WholeNumberField}
        widgets = {
            "kind": forms.RadioSelect,
            "areas": forms.CheckboxSelectMultiple,
            "estimated_reach": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = self.fields["meeting"].queryset.filter(status__in=[MeetingStatus.APPROVED, MeetingStatus.HELD])
        self.fields["meeting"].queryset = meetings.select_related("organization").order_by("-proposed_date")

    def clean_published_on(self):
        value = self.cleaned_data["published_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Coverage is logged once it has appeared: the date cannot be in the future."))
        return value
