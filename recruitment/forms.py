from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from areas.models import Area
from core.choices import Gender
from core.forms import JalaliDateField, NationalCodeField, SafiranForm, SafiranModelForm
from core.roles import Role
from geo.models import Province

from .models import TalentKeyword


def responsible_queryset(user, province_id=None):
    """Ambassadors and coordinators who can follow a candidate up, within the user's scope."""
    people = User.objects.filter(is_active=True, role__in=[Role.AMBASSADOR, Role.COORDINATOR]).visible_to(user)
    if province_id:
        people = people.filter(province_id=province_id)
    return people.order_by("last_name", "first_name")


class StepForm(SafiranForm):
    on = JalaliDateField(label=_("Date"), required=False, help_text=_("Empty: today."))
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none(), required=False,
                                         help_text=_("Empty: whoever is responsible now."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if self.user is not None:
            self.fields["responsible"].queryset = responsible_queryset(self.user, getattr(candidate, "province_id", None))
            if self.user.role == Role.AMBASSADOR:
                del self.fields["responsible"]  # an ambassador records their own steps

    def clean_on(self):
        return self.cleaned_data.get("on") or timezone.localdate()


class OnboardForm(StepForm):
    national_code = NationalCodeField(label=_("national code"), required=False,
                                      help_text=_("Only for a son or daughter: the roster has no national code for them."))
    gender = forms.ChoiceField(label=_("gender"), choices=[("", "—")] + list(Gender.choices), required=False)

    def __init__(self, *args, candidate=None, **kwargs):
        super().__init__(*args, candidate=candidate, **kwargs)
        if candidate is not None and candidate.retiree_id:
            del self.fields["national_code"], self.fields["gender"]


class TalentSearchForm(SafiranForm):
    area = forms.ModelChoiceField(label=_("area"), queryset=Area.objects.filter(is_active=True))
    province = forms.ModelChoiceField(label=_("province"), queryset=Province.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not self.user.has_national_scope:
            del self.fields["province"]
        elif self.user is not None:
            self.fields["province"].required = True


class IdentifyForm(SafiranForm):
    """The talent search's selection, added to the pipeline together. It shares its page with the
    search form, whose area and province have the same names: its ids differ (id_identify_area)."""

    area = forms.ModelChoiceField(queryset=Area.objects.all(), widget=forms.HiddenInput)
    province = forms.ModelChoiceField(queryset=Province.objects.all(), widget=forms.HiddenInput, required=False)
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_identify_%s")
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["responsible"].queryset = responsible_queryset(self.user)


class TalentKeywordForm(SafiranModelForm):
    class Meta:
        model = TalentKeyword
        fields = ["area", "keyword", "target", "weight"]
