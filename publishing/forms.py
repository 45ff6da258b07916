import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import JalaliDateField, SafiranForm, SafiranModelForm
from core.normalize import normalize_digits

from . import content
from .models import Membership, Post, WorkingGroup

BODY_HELP = _("Paragraphs, headings, lists, links and images, as HTML (<p>, <h2>, <ul>, <a href>, <img alt>). "
              "Anything else is removed. Never a national code or a mobile number.")


class TimeInput(forms.TimeInput):
    input_type = "time"


class PersianTimeField(forms.TimeField):
    """A time typed with Persian, Arabic-Indic or ASCII digits (۰۸:۳۰)."""

    widget = TimeInput

    def to_python(self, value):
        return super().to_python(normalize_digits(value) if isinstance(value, str) else value)


def clean_body(value: str) -> str:
    body = content.sanitize(value)
    if not content.text_of(body).strip():
        raise ValidationError(_("Write the text of the post."))
    return body


class WorkingGroupForm(SafiranModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["province", "name", "description", "meetings"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["province"].disabled = True

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province")
        for meeting in cleaned.get("meetings") or ():
            if province is not None and meeting.organization.province_id != province.pk:
                self.add_error("meetings", _("Choose meetings of the group's province."))
                break
        return cleaned


class MembershipForm(SafiranModelForm):
    class Meta:
        model = Membership
        fields = ["group", "user", "role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.fields["user"].queryset.filter(is_active=True).order_by("last_name")
        self.fields["user"].label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.get_role_display()})"


class PostForm(SafiranModelForm):
    class Meta:
        model = Post
        fields = ["kind", "province", "areas", "title", "summary", "body", "cover_image", "cover_alt"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
            "areas": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
        }
        help_texts = {"body": BODY_HELP}

    def clean_body(self):
        return clean_body(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        user = self.user
        if "province" in self.fields and cleaned.get("province") is None and user is not None and not user.has_national_scope:
            self.add_error("province", _("Choose your province: national posts are written by national admins."))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["areas"] = list(data.get("areas") or [])
        if not data.get("cover_image"):
            data.pop("cover_image", None)
        return data


class ReviseForm(SafiranForm):
    """A change to a published post: the new text, waiting for an editor."""

    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(label=_("summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}), help_text=BODY_HELP)
    cover_alt = forms.CharField(label=_("cover image description"), max_length=300, required=False)
    note = forms.CharField(label=_("what changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("A line for the editor: what you changed and why."))

    def clean_body(self):
        return clean_body(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        errors = content.check_private_data(**{name: cleaned.get(name, "") for name in ("title", "summary", "body",
                                                                                          "cover_alt", "note")})
        image_error = content.check_images(cleaned.get("body", ""))
        if image_error and "body" not in errors:
            errors["body"] = image_error
        for name, error in errors.items():
            self.add_error(name, error)
        return cleaned


def revise_initial(post) -> dict:
    return {"title": post.title, "summary": post.summary, "body": post.body, "cover_alt": post.cover_alt}


class ScheduleForm(SafiranForm):
    date = JalaliDateField(label=_("Publish on"))
    time = PersianTimeField(label=_("at"), widget=TimeInput(format="%H:%M"), initial="08:00")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            when = datetime.datetime.combine(cleaned["date"], cleaned["time"], tzinfo=timezone.get_current_timezone())
            if when <= timezone.now():
                self.add_error("date", _("Choose a time still to come, or publish the post now."))
            cleaned["publish_at"] = when
        return cleaned

    def service_arguments(self) -> dict:
        return {"publish_at": self.cleaned_data["publish_at"]}


class NoteForm(SafiranForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChangesForm(SafiranForm):
    reason = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The writer sees this and changes the post before sending it again."))


class ArchiveForm(SafiranForm):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
