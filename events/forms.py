import datetime

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassadors.choices import AmbassadorStatus
from core.forms import (
    JalaliDateField,
    MobileField,
    NationalCodeField,
    PhoneField,
    SafiranForm,
    SafiranModelForm,
    WholeNumberField,
)
from core.normalize import normalize_digits, normalize_text
from geo.forms import CountyByProvinceMixin

from . import booking, challenge, photos
from .choices import AttendanceStatus, EventStatus, RegistrationStatus
from .models import EDITABLE, Event, Facility, Qualification, QualificationHeld, Registration, Session, guest_label


class FacilityForm(CountyByProvinceMixin, SafiranModelForm):
    contact_phone = PhoneField(label=_("contact phone"), required=False)
    allow_duplicate = forms.BooleanField(
        label=_("It is a different space with the same name: register it anyway"), required=False,
        widget=forms.HiddenInput,
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Facility
        fields = ["name", "province", "county", "owner", "address", "seats", "step_free", "accessibility", "free_times",
                  "contact_name", "contact_phone", "photo"]
        field_classes = {"seats": WholeNumberField}
        widgets = {
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "free_times": forms.Textarea(attrs={"rows": 2}),
            "seats": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[Facility] = []
        if not self.instance.photo:
            del self.fields["remove_photo"]
        else:
            self.order_fields([name for name in self.fields if name != "remove_photo"] + ["remove_photo"])

    def clean_photo(self):
        """A new photo is checked and stored re-encoded (events.photos); the one on record stays
        unless it is replaced or removed (its file is then deleted once the change is saved)."""
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return photos.reencode(photo)
        return photo

    def save(self, commit=True):
        if self.cleaned_data.get("remove_photo") and not isinstance(self.cleaned_data.get("photo"), UploadedFile):
            self.instance.photo = ""
        return super().save(commit=commit)

    def clean(self):
        cleaned = super().clean()
        name, county = cleaned.get("name"), cleaned.get("county")
        if not name or not county or cleaned.get("allow_duplicate"):
            return cleaned
        # Every space of the county counts, whoever reported it.
        matches = Facility.objects.filter(county=county).same_name(name).exclude(pk=self.instance.pk)
        self.duplicates = list(matches.order_by("pk")[:5])
        if self.duplicates:
            names = "، ".join(f"«{match.name}» ({match.get_status_display()})" for match in self.duplicates)
            self.add_error("name", _(
                "%(county)s already has a space with this name: %(names)s. Open it instead of reporting it twice, "
                "or tick the box below if this really is a different space."
            ) % {"county": county, "names": names})
            self.fields["allow_duplicate"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
            self.order_fields(["name", "allow_duplicate"])
        return cleaned

    def duplicate_links(self) -> list[tuple[str, str | None]]:
        visible = set()
        if self.user is not None and self.duplicates:
            visible = set(Facility.objects.visible_to(self.user).filter(pk__in=[m.pk for m in self.duplicates])
                          .values_list("pk", flat=True))
        return [(match.name, reverse("events:facility_detail", args=[match.pk]) if match.pk in visible else None)
                for match in self.duplicates]


class FacilityVerifyForm(SafiranForm):
    visited_on = JalaliDateField(label=_("Visited on"))
    seats = WholeNumberField(label=_("Seats counted at the visit"), min_value=1,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
    visit_notes = forms.CharField(label=_("What the visit found"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The visit is recorded after it took place: the date cannot be in the future."))
        return value


class GuestInstructorSelect(forms.SelectMultiple):
    """Retirees of the roster, found by typing: the searchable box (static/js/searchable.js) asks
    `events:guest_instructor_search` for the consenting retirees of the province chosen in the
    form. Only the chosen ones are in the page, by name and county: a province's roster (tens
    of thousands; 1.5 million nationally) is never put into a list."""

    def optgroups(self, name, value, attrs=None):
        ids = [int(item) for item in value if str(item).isdigit()]
        chosen = self.choices.queryset.filter(pk__in=ids).select_related("county") if ids else []
        return [(None, [self.create_option(name, retiree.pk, guest_label(retiree), True, index, attrs=attrs)], index)
                for index, retiree in enumerate(chosen)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-searchable": "",
            "data-search-url": reverse("events:guest_instructor_search"),
            "data-search-with": "id_province",
            "data-placeholder": str(_("Type two letters of the name, surname or skill")),
            "data-no-results": str(_("No retiree of the province who agreed to be contacted matches what you typed.")),
            "data-remove": str(_("Remove")),
            "data-added": str(_("Added: %(item)s")),
            "data-removed": str(_("Removed: %(item)s")),
        })
        return context


class EventForm(SafiranModelForm):

    class Meta:
        model = Event
        fields = ["title", "kind", "province", "area", "audience", "description", "instructors", "guest_instructors",
                  "capacity",
                  "needs_approval", "public", "offer_hours", "certificate_sessions", "required_of", "grants"]
        field_classes = {"capacity": WholeNumberField, "offer_hours": WholeNumberField,
                         "certificate_sessions": WholeNumberField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "instructors": forms.CheckboxSelectMultiple,
            "guest_instructors": GuestInstructorSelect,
            "kind": forms.RadioSelect,
            "capacity": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "offer_hours": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "certificate_sessions": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instructors = self.fields["instructors"]
        instructors.queryset = instructors.queryset.filter(status=AmbassadorStatus.ACTIVE)
        instructors.help_text = _("Ambassadors who teach it. Two sessions of one instructor can never overlap.")
        if self.user is not None and not self.user.has_perm("retirees.view_retiree"):
            # Only those who may see the roster choose from it (an ambassador drafting an event
            # leaves the guests a coordinator chose as they are).
            del self.fields["guest_instructors"]
            return
        guests = self.fields["guest_instructors"]
        guests.help_text = _("Skilled retirees of the event's province who agreed to be contacted: type a name, "
                             "surname or skill to find them. Only their name and county are shown. Their sessions "
                             "can never overlap either.")

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province")
        for retiree in cleaned.get("guest_instructors") or ():
            if not retiree.consent_contact:
                self.add_error("guest_instructors", _(
                    "%(person)s has not agreed to be contacted, so cannot be asked to teach.")
                    % {"person": guest_label(retiree)})
            elif province is not None and retiree.province_id != province.pk:
                self.add_error("guest_instructors", _(
                    "%(person)s is not on the roster of the event's province.") % {"person": guest_label(retiree)})
        if self.instance.pk and ("instructors" in cleaned or "guest_instructors" in cleaned):
            for session in self.instance.sessions.select_related("facility", "event"):
                found = booking.clashes(session, instructors=cleaned.get("instructors", ()),
                                        guests=cleaned.get("guest_instructors", ()))
                for field, message in found:
                    if field != "facility" and message not in self.errors.get(field, []):
                        self.add_error(field, message)
        return cleaned

    def save(self, commit=True):
        """Saved with its sessions' bookings brought up to date (instructors may have changed)."""
        event = super().save(commit=commit)
        if commit:
            for session in event.sessions.select_related("facility", "event"):
                booking.sync_bookings(session)
            Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)  # calendars see the change
        return event


class TimeInput(forms.TimeInput):
    input_type = "time"


class PersianTimeField(forms.TimeField):
    """A time typed with Persian, Arabic-Indic or ASCII digits (۱۰:۳۰)."""

    widget = TimeInput

    def to_python(self, value):
        return super().to_python(normalize_digits(value) if isinstance(value, str) else value)


class SessionForm(SafiranModelForm):
    """A session: Jalali date, start and end time (Tehran), and a space or an online link."""

    date = JalaliDateField(label=_("Date"))
    start = PersianTimeField(label=_("Starts at"), widget=TimeInput(format="%H:%M"))
    end = PersianTimeField(label=_("Ends at"), widget=TimeInput(format="%H:%M"))
    online_link = forms.URLField(label=_("online link"), required=False, assume_scheme="https",
                                 widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}))

    class Meta:
        model = Session
        fields = ["event", "date", "start", "end", "facility", "online_link"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = self.fields["event"].queryset.filter(status__in=EDITABLE)
        self.fields["event"].help_text = _("Only draft or returned events can take new sessions.")
        self.fields["facility"].queryset = self.fields["facility"].queryset.bookable().select_related("county")
        self.fields["facility"].help_text = _("Spaces open for booking in the province. Leave empty for an online session.")
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.update(date=local.date(), start=local.time().replace(second=0),
                                end=timezone.localtime(self.instance.ends_at).time().replace(second=0))
            self.fields["event"].disabled = True

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("The session ends after it starts."))
            else:
                zone = timezone.get_current_timezone()
                self.instance.starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
                self.instance.ends_at = datetime.datetime.combine(day, end, tzinfo=zone)
                if self.instance.event_id or cleaned.get("event"):
                    self.instance.event = cleaned.get("event") or self.instance.event
                    self.instance.facility = cleaned.get("facility")
                    for field, message in booking.clashes(self.instance):
                        self.add_error("facility" if field == "facility" else None, message)
        return cleaned

    def save(self, commit=True):
        session = super().save(commit=commit)
        if commit:
            booking.sync_bookings(session)
            Event.objects.filter(pk=session.event_id).update(sequence=F("sequence") + 1)  # calendars see the change
        return session


class EventApproveForm(SafiranForm):
    comment = forms.CharField(label=_("Comment for the coordinator"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EventNoteForm(SafiranForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CapacityForm(SafiranForm):
    capacity = WholeNumberField(label=_("New capacity"), min_value=1,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
                                help_text=_("New places go at once to the people on the waiting list, in order."))


class RegistrationForm(SafiranModelForm):
    """Staff register a person: for someone who phoned, or an ambassador for a briefing."""

    mobile = MobileField(label=_("mobile"))
    national_code = NationalCodeField(label=_("national code"), required=False,
                                      help_text=_("Optional; it tells apart people who share a mobile."))

    class Meta:
        model = Registration
        fields = ["event", "full_name", "mobile", "national_code", "ambassador", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Published and not yet begun: registration closes when the first session starts.
        self.fields["event"].queryset = (self.fields["event"].queryset.filter(status=EventStatus.PUBLISHED)
                                         .exclude(sessions__starts_at__lte=timezone.now()))
        self.fields["event"].help_text = _("Only published events that have not begun take registrations.")
        self.fields["ambassador"].queryset = self.fields["ambassador"].queryset.filter(status=AmbassadorStatus.ACTIVE)
        # An ambassador chosen gives the name; otherwise it is asked for (below).
        self.fields["full_name"].required = False
        self.fields["full_name"].help_text = _("Leave empty when you choose an ambassador: their name is used.")

    def clean(self):
        cleaned = super().clean()
        ambassador = cleaned.get("ambassador")
        if ambassador is not None and not cleaned.get("full_name"):
            cleaned["full_name"] = ambassador.full_name
            self.instance.full_name = ambassador.full_name
        if not cleaned.get("full_name") and "full_name" not in self.errors:
            self.add_error("full_name", _("Write the person's full name, or choose an ambassador."))
        return cleaned


class PublicRegistrationForm(forms.Form):
    """The public page's form: no account, a question only people answer, and a field only
    robots fill in."""

    full_name = forms.CharField(label=_("Your full name"), max_length=120)
    mobile = MobileField(label=_("Your mobile"), help_text=_("11 digits starting with 09; we send your code here."))
    national_code = NationalCodeField(label=_("National code (optional)"), required=False)
    consent = forms.BooleanField(label=_("I agree to be contacted about this event"),
                                 error_messages={"required": _("Tick the box so that we can tell you about changes.")})
    answer = forms.CharField(label="", max_length=4)
    token = forms.CharField(widget=forms.HiddenInput)
    # A trap for robots that fill in every field they find; people never see it.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, (forms.CheckboxInput, forms.HiddenInput)):
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["consent"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            self.initial["token"], question = challenge.new()
        else:
            question = challenge.question(self.data.get("token", ""))
        self.fields["answer"].label = question or _("The question expired; answer the new one.")
        self.fields["answer"].widget.attrs.update(inputmode="numeric", dir="ltr", autocomplete="off")

    def clean_full_name(self):
        return normalize_text(self.cleaned_data["full_name"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Leave the last box empty."))
        if "answer" in cleaned and "token" in cleaned and not challenge.check(cleaned["token"], cleaned["answer"]):
            self.add_error("answer", _("That answer is not right. Answer the new question below."))
            data = self.data.copy()
            data["token"], _question = challenge.new()
            self.data = data
            self.fields["answer"].label = challenge.question(data["token"])
        return cleaned


class AttendanceSheetForm(SafiranForm):
    """The whole list of one session on one page: a choice per person, or codes typed at the door."""

    codes = forms.CharField(
        label=_("Confirmation codes typed at the door"), required=False,
        help_text=_("One or more codes, separated by spaces; each marks that person present."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.people = []
        if session is None:
            return
        recorded = dict(session.attendance.values_list("registration_id", "status"))
        for person in session.event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("full_name"):
            name = f"r{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=person.full_name, choices=AttendanceStatus.choices, required=False, widget=forms.RadioSelect,
                initial=recorded.get(person.pk, ""),
            )
            self.people.append((person, self[name]))

    def clean_codes(self):
        codes = [code.upper() for code in normalize_digits(self.cleaned_data["codes"]).split()]
        known = dict(self.session.event.registrations.filter(code__in=codes, status=RegistrationStatus.CONFIRMED)
                     .values_list("code", "pk")) if self.session else {}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(_("No confirmed registration of this event has the code %(codes)s.")
                                        % {"codes": "، ".join(unknown)})
        return [known[code] for code in codes]

    def service_arguments(self) -> dict:
        marks = {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith("r") and value}
        return {"marks": marks, "by_code": self.cleaned_data.get("codes", [])}


class QualificationForm(SafiranModelForm):
    class Meta:
        model = Qualification
        fields = ["name", "description", "validity_months", "renewal_days"]
        field_classes = {"validity_months": WholeNumberField, "renewal_days": WholeNumberField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "validity_months": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "renewal_days": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        }


class QualificationHeldForm(SafiranModelForm):
    class Meta:
        model = QualificationHeld
        fields = ["ambassador", "qualification", "obtained_on", "event", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = self.fields["event"].queryset.filter(
            status__in=[EventStatus.HELD, EventStatus.CLOSED])
