from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import MobileField, SafiranForm, SafiranFormMixin, SafiranModelForm
from core.normalize import normalize_digits
from core.roles import Role

from .models import User


class LoginForm(SafiranFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is not right. Check the keyboard language and Caps Lock, then try again."
        ),
        "inactive": _("This account is inactive. Ask your coordinator or provincial manager."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"dir": "ltr", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"dir": "ltr"})

    def clean_username(self):
        # Usernames are ASCII; people may type digits on a Persian keyboard.
        return normalize_digits(self.cleaned_data["username"])


class OTPTokenForm(SafiranForm):
    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self):
        token = normalize_digits(self.cleaned_data["token"])
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the six digits shown in your authenticator app."))
        return token


class UserForm(SafiranModelForm):
    mobile = MobileField(label=_("mobile"), required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"dir": "ltr", "autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"dir": "ltr", "autocomplete": "new-password"})
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "mobile", "role", "province", "areas", "is_active"]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "username": forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "none"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
        }
        help_texts = {
            # Django's own text has Latin digits in its Persian translation.
            "username": _("Required. At most 150 characters: letters, digits and @ . + - _ only."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["role"].choices = [(r.value, r.label) for r in Role if r in self.user.assignable_roles]
        if self.instance.pk:
            del self.fields["password1"], self.fields["password2"]
        else:
            # The rules are shown before the first try, not only after a refusal.
            self.fields["password1"].help_text = password_validation.password_validators_help_text_html()
        self.fields["province"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and cleaned["role"] != Role.NATIONAL_ADMIN and not cleaned.get("province"):
            self.add_error("province", _("Choose the province this person works in."))
        if "password1" in self.fields:
            first, second = cleaned.get("password1"), cleaned.get("password2")
            if first and second and first != second:
                self.add_error("password2", _("The two passwords are not the same."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # Checked once the instance holds the typed username and names, so a password like
        # the person's own name is refused (as Django's UserCreationForm does).
        first = self.cleaned_data.get("password1")
        if first and "password1" not in self.errors and "password2" not in self.errors:
            try:
                password_validation.validate_password(first, self.instance)
            except forms.ValidationError as error:
                self.add_error("password1", error)

    def save(self, commit=True):
        user = super().save(commit=False)
        if "password1" in self.fields:
            user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
            self.save_m2m()
        return user


class PreferencesForm(SafiranModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "mobile", "money_unit", "text_size"]
        widgets = {"email": forms.EmailInput(attrs={"dir": "ltr"})}



class TokenCreateForm(SafiranForm):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("For example: reporting spreadsheet"))
