from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from ambassadors.choices import AmbassadorStatus
from core.forms import JalaliDateField, SafiranForm, SafiranModelForm
from core.roles import Role

from .choices import MeetingOutcome, MeetingStatus
from .models import FollowUp, Meeting

# Roles who can be given a follow-up to do.
DOERS = [Role.PROVINCIAL_MANAGER, Role.COORDINATOR, Role.AMBASSADOR]


def owner_choices(user):
    people = User.objects.filter(is_active=True, role__in=DOERS).select_related("province")
    return people.visible_to(user) if user is not None else people


class MeetingRequestForm(SafiranModelForm):

    class Meta:
        model = Meeting
        fields = ["organization", "purpose", "proposed_date", "our_attendees", "areas"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "our_attendees": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attendees = self.fields["our_attendees"]
        attendees.queryset = attendees.queryset.filter(status=AmbassadorStatus.ACTIVE)
        attendees.help_text = _("The ambassadors who will go. The provincial manager's accompaniment is decided on approval.")
        profile = getattr(self.user, "ambassador_profile", None) if self.user is not None else None
        if profile is not None and not self.instance.pk and not self.is_bound:
            self.initial.setdefault("our_attendees", [profile.pk])

    def clean_proposed_date(self):
        value = self.cleaned_data["proposed_date"]
        if value and value < timezone.localdate() and (not self.instance.pk or value != self.instance.proposed_date):
            raise forms.ValidationError(_("A request is for a meeting to come: choose today or a later date."))
        return value


class MeetingApproveForm(SafiranForm):
    accompany = forms.BooleanField(label=_("I will accompany this meeting"), required=False)
    comment = forms.CharField(
        label=_("Comment for the requester"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: advice, or what to prepare."),
    )


class MeetingDeclineForm(SafiranForm):
    comment = forms.CharField(
        label=_("Why is it declined?"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester reads this: say what to do next."),
    )


class MeetingHoldForm(SafiranModelForm):
    """What happened at an approved meeting, and optionally its first follow-up."""

    followup_description = forms.CharField(label=_("Follow-up: what to do"), required=False, max_length=300)
    followup_owner = forms.ModelChoiceField(label=_("Follow-up: who does it"), queryset=User.objects.none(), required=False)
    followup_due_date = JalaliDateField(label=_("Follow-up: by when"), required=False)


    class Meta:
        model = Meeting
        fields = ["held_on", "our_attendees", "their_attendees", "other_attendees", "minutes", "outcome", "commitments"]
        widgets = {
            "our_attendees": forms.CheckboxSelectMultiple,
            "their_attendees": forms.CheckboxSelectMultiple,
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.RadioSelect,
            "commitments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("held_on", "minutes", "outcome"):
            self.fields[name].required = True
        self.fields["outcome"].choices = MeetingOutcome.choices
        self.fields["their_attendees"].queryset = self.fields["their_attendees"].queryset.filter(
            organization_id=self.instance.organization_id
        )
        self.fields["their_attendees"].help_text = _("People of the organisation; add others in the next box.")
        self.fields["followup_owner"].queryset = owner_choices(self.user)
        if not self.is_bound and self.user is not None and self.user.role in DOERS:
            self.initial.setdefault("followup_owner", self.user.pk)
        proposed = self.instance.proposed_date
        if not self.is_bound and self.instance.status == MeetingStatus.APPROVED and proposed <= timezone.localdate():
            self.initial["held_on"] = proposed

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("A meeting is recorded as held after it takes place: the date cannot be in the future.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        parts = {name: cleaned.get(f"followup_{name}") for name in ("description", "owner", "due_date")}
        # The owner is filled in for convenience: only a task or a due date starts a follow-up.
        if parts["description"] or parts["due_date"]:
            for name, value in parts.items():
                if not value:
                    self.add_error(f"followup_{name}", _("Fill in what, who and by when for the follow-up."))
        elif cleaned.get("outcome") == MeetingOutcome.FOLLOW_UP_NEEDED:
            self.add_error("followup_description", _("The outcome is “follow-up needed”: say what to do, who and by when."))
        held_on, due = cleaned.get("held_on"), parts["due_date"]
        if held_on and due and due < held_on:
            self.add_error("followup_due_date", _("The due date cannot be before the meeting was held."))
        return cleaned

    def service_arguments(self) -> dict:
        """meetings.services.meeting_hold's arguments: the meeting's fields and its first follow-up."""
        data = dict(self.cleaned_data)
        parts = [data.pop(f"followup_{name}", None) for name in ("description", "owner", "due_date")]
        data["followups"] = [tuple(parts)] if parts[0] else []
        return data


class FollowUpForm(SafiranModelForm):

    class Meta:
        model = FollowUp
        fields = ["meeting", "description", "owner", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        held = self.fields["meeting"].queryset.filter(status=MeetingStatus.HELD)
        self.fields["meeting"].queryset = held.select_related("organization")
        self.fields["meeting"].help_text = _("Only meetings that were held.")
        self.fields["owner"].queryset = owner_choices(self.user)


class FollowUpCompleteForm(SafiranForm):
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
