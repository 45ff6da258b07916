from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import MobileField, NationalCodeField, SafiranModelForm
from core.roles import Role
from geo.forms import CountyByProvinceMixin

from .choices import AmbassadorStatus
from .models import Ambassador


class AmbassadorForm(CountyByProvinceMixin, SafiranModelForm):
    national_code = NationalCodeField(label=_("national code"))
    mobile = MobileField(label=_("mobile"), required=False)

    class Meta:
        model = Ambassador
        fields = [
            "first_name", "last_name", "national_code", "mobile", "gender", "birth_date",
            "province", "county", "areas", "education", "expertise", "status", "joined_on", "user", "notes",
        ]
        widgets = {
            "gender": forms.RadioSelect,
            "areas": forms.CheckboxSelectMultiple,
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Status changes go through the activate / deactivate actions (audited).
            del self.fields["status"]
        else:
            self.fields["status"].choices = [
                (value, label) for value, label in AmbassadorStatus.choices if value != AmbassadorStatus.INACTIVE
            ]
        accounts = User.objects.filter(role=Role.AMBASSADOR, is_active=True)
        if self.user is not None:
            accounts = accounts.visible_to(self.user)
        free = accounts.filter(ambassador_profile__isnull=True)
        if self.instance.user_id:
            free = free | accounts.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = free
        self.fields["user"].help_text = _("Optional: the sign-in account this ambassador uses.")
        if self.instance.pk:
            # Encrypted at rest, so not model fields the form would fill in by itself.
            self.initial.setdefault("national_code", self.instance.national_code)
            self.initial.setdefault("mobile", self.instance.mobile)

    def clean_national_code(self):
        code = self.cleaned_data["national_code"]
        others = Ambassador.objects.with_national_code(code).exclude(pk=self.instance.pk)
        if code and others.exists():
            raise forms.ValidationError(_("An ambassador with this national code is already registered."), code="unique")
        return code

    def _post_clean(self):
        for name in ("national_code", "mobile"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()
