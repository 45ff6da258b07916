import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import JalaliDateField, SafiranForm, SafiranModelForm, WholeNumberField
from core.roles import Role

from . import selectors
from .choices import ActionStatus, ChallengeStatus
from .models import Action, Challenge, PriorityRound


class ChallengeForm(SafiranModelForm):
    """Filing a challenge. Before it is saved, similar challenges of the province are shown so
    people support one instead of filing a copy; ticking the box files it anyway."""

    not_a_copy = forms.BooleanField(
        label=_("None of the similar challenges is mine: file it as a new one"), required=False)

    class Meta:
        model = Challenge
        fields = ["province", "area", "title", "description", "evidence", "people_affected", "severity", "impact",
                  "urgency", "feasibility"]
        field_classes = {"people_affected": WholeNumberField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "evidence": forms.Textarea(attrs={"rows": 2}),
                   "people_affected": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.similar = []
        if self.instance.pk:
            self.fields["province"].disabled = True
            del self.fields["not_a_copy"]
        elif not (self.is_bound and self.data.get("not_a_copy")):
            # Offered only once similar challenges are shown.
            self.fields["not_a_copy"].widget = forms.HiddenInput()

    def clean_evidence(self):
        lines = [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]
        validator = forms.URLField(assume_scheme="https")
        for line in lines:
            if not line.startswith("/"):
                try:
                    validator.clean(line)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("“%(line)s” is not a link. Give one link per line (https://… or a page of this system).")
                        % {"line": line}) from None
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or not cleaned.get("province") or not cleaned.get("title"):
            return cleaned
        self.similar = selectors.similar_challenges(cleaned["province"], cleaned["title"], cleaned.get("description", ""))
        if self.similar:
            self.fields["not_a_copy"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
        if self.similar and not cleaned.get("not_a_copy"):
            titles = "، ".join(f"«{challenge.title}»" for challenge, _score in self.similar)
            self.add_error(None, _("Similar challenges are already filed: %(titles)s. Open one and support it "
                                   "instead, or tick the box below to file yours as a new one.") % {"titles": titles})
            self.add_error("not_a_copy", _("Tick this only if none of the similar challenges is yours."))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("not_a_copy", None)
        return data


class NoteForm(SafiranForm):
    note = forms.CharField(label=_("Note for the reporter"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(SafiranForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Challenge.objects.none(),
                                  help_text=_("The challenge this one repeats; its people are told."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, challenge=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Challenge.objects.filter(status__in=[ChallengeStatus.REPORTED, ChallengeStatus.OPEN])
        if self.user is not None:
            queryset = queryset.visible_to(self.user)
        if challenge is not None:
            queryset = queryset.filter(province_id=challenge.province_id).exclude(pk=challenge.pk)
            similar = [c.pk for c, _score in selectors.similar_challenges(challenge.province, challenge.title,
                                                                            challenge.description, exclude=challenge.pk)]
            if similar and not self.is_bound:
                self.initial.setdefault("into", similar[0])
        self.fields["into"].queryset = queryset


class PriorityRoundForm(SafiranModelForm):
    """A round for a Jalali quarter; it closes at the end of the chosen day, Tehran time."""

    closes_on = JalaliDateField(label=_("closes at the end of"), help_text=_("After this day no support is taken."))

    class Meta:
        model = PriorityRound
        fields = ["province", "jalali_year", "quarter", "supports_per_person"]
        field_classes = {"jalali_year": WholeNumberField}
        widgets = {"jalali_year": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.closes_at:
            self.initial.setdefault("closes_on", timezone.localtime(self.instance.closes_at).date())

    def clean_closes_on(self):
        value = self.cleaned_data["closes_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("closes_on"):
            end = datetime.datetime.combine(cleaned["closes_on"] + datetime.timedelta(days=1), datetime.time.min,
                                            tzinfo=timezone.get_current_timezone())
            self.instance.closes_at = end
        return cleaned


# Roles who can own an action.
DOERS = [Role.PROVINCIAL_MANAGER, Role.COORDINATOR, Role.AMBASSADOR]


class ActionForm(SafiranModelForm):
    """An action: of a challenge, of a monthly report's corrective suggestion, or a part of
    another action (whose progress then comes from its parts, weighed by `weight`)."""

    class Meta:
        model = Action
        fields = ["province", "area", "title", "description", "challenge", "suggestion", "parent", "weight", "owner",
                  "due_date"]
        field_classes = {"weight": WholeNumberField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "weight": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = User.objects.filter(is_active=True, role__in=DOERS).select_related("province")
        self.fields["owner"].queryset = owners.visible_to(self.user) if self.user is not None else owners
        if "challenge" in self.fields:
            self.fields["challenge"].queryset = self.fields["challenge"].queryset.filter(
                status__in=[ChallengeStatus.REPORTED, ChallengeStatus.OPEN])
        if "parent" in self.fields:
            parents = self.fields["parent"].queryset.exclude(status=ActionStatus.DROPPED)
            if self.instance.pk:
                parents = parents.exclude(pk__in=self.instance.descendant_ids() | {self.instance.pk})
            self.fields["parent"].queryset = parents
        if self.instance.pk:
            self.fields["province"].disabled = True
        if self.user is not None and not self.is_bound and not self.instance.pk:
            self.initial.setdefault("owner", self.user.pk)

    def clean(self):
        cleaned = super().clean()
        challenge, suggestion, parent = cleaned.get("challenge"), cleaned.get("suggestion"), cleaned.get("parent")
        province = cleaned.get("province")
        if province is None:
            source = challenge or parent or (suggestion.report if suggestion else None)
            if source is not None:
                cleaned["province"] = source.province
                self.instance.province = source.province
                self.errors.pop("province", None)
        if cleaned.get("area") is None and challenge is not None:
            cleaned["area"] = challenge.area
        owner = cleaned.get("owner")
        if owner is not None and cleaned.get("province") and owner.province_id not in (None, cleaned["province"].pk):
            self.add_error("owner", _("Choose someone from the action's province."))
        return cleaned

    def save(self, commit=True):
        """An edit that moves the action or changes its weight recomputes the progress above it."""
        from . import services

        editing = self.instance.pk is not None
        before = Action.objects.filter(pk=self.instance.pk).values_list("parent_id", flat=True).first() if editing else None
        action = super().save(commit=commit)
        if commit and editing:
            for parent_id in {before, action.parent_id} - {None}:
                services.refresh_progress(parent_id, self.user, because=action.title)
        return action


class ProgressForm(SafiranForm):
    progress = forms.IntegerField(label=_("Progress now (%)"), min_value=0, max_value=100,
                                  help_text=_("How much of the action is done, from 0 to 100."),
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
    on = JalaliDateField(label=_("As of"), help_text=_("The day this progress was reached."))
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Progress is recorded for today or a past day."))
        return value
