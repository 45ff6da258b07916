from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"events.view_facility", "events.view_event", "events.view_session", "events.view_booking",
         "events.view_registration", "events.view_attendance", "events.view_certificate", "events.view_sessionreminder",
         "events.view_qualification", "events.view_qualificationheld"}
# Ambassadors report spaces they find (D8) and draft events with their sessions (D6).
_WORK = _VIEW | {
    "events.add_facility", "events.change_facility",
    "events.add_event", "events.change_event", "events.add_session", "events.change_session",
    "events.add_registration", "events.change_registration", "events.manage_registration",
}
# Coordinators keep their ambassadors' training records (qualifications are national reference data).
# Coordinators visit, verify, open and close spaces; submit, publish, hold and cancel events.
_COORDINATE = _WORK | {
    "events.verify_facility", "events.retire_facility", "events.export_facility",
    "events.submit_event", "events.cancel_event", "events.export_event",
    "events.export_registration", "events.view_personal_registration", "events.export_attendance",
    "events.revoke_certificate", "events.export_certificate",
    "events.add_qualificationheld", "events.change_qualificationheld", "events.export_qualificationheld",
}


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and spaces")
    role_permissions = {
        # Only the provincial manager approves or returns events.
        Role.PROVINCIAL_MANAGER: _COORDINATE | {"events.approve_event"},
        Role.COORDINATOR: _COORDINATE,
        Role.AMBASSADOR: _WORK,
        # Board members follow the programme; the people registered are not theirs to see.
        Role.BOARD_MEMBER: _VIEW - {"events.view_registration", "events.view_attendance", "events.view_certificate",
                                    "events.view_sessionreminder", "events.view_qualificationheld"},
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            Attendance,
            Booking,
            Certificate,
            Event,
            Facility,
            Qualification,
            QualificationHeld,
            Registration,
            Session,
            SessionReminder,
        )

        auditlog.register(Facility)
        from . import photos

        photos.connect(Facility)
        auditlog.register(Event, m2m_fields={"instructors", "guest_instructors"})
        auditlog.register(Session)
        auditlog.register(Booking)
        # Personal data is kept out of the audit log: only the encrypted columns exist, and they are excluded.
        auditlog.register(Registration, exclude_fields=["mobile_cipher", "national_code_cipher", "person_key"])
        auditlog.register(Attendance)
        auditlog.register(Certificate)
        auditlog.register(SessionReminder)
        auditlog.register(Qualification)
        auditlog.register(QualificationHeld)

        from core.registry import RelatedSection, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="events.api.ROUTERS",
            demo="events.demo",
            monthly="events.selectors.monthly_section",
            feed="events.selectors.feed_items",
            related=[
                RelatedSection(on="partners.Organization", model="events.Facility", via="owner", title=_("Spaces"),
                               table="events.tables.FacilityTable", order=60, add_label=_("Report a space"),
                               select_related=("county", "owner"), hide_empty=True),
                RelatedSection(on="events.Facility", model="events.Session", via="facility", title=_("Sessions held here"),
                               table="events.tables.SessionTable", order=10, ordering=("-starts_at",),
                               select_related=("facility", "event")),
                RelatedSection(on="events.Facility", model="events.Booking", via="facility", title=_("Bookings"),
                               table="events.tables.BookingTable", order=20, ordering=("-starts_at",),
                               select_related=("facility", "instructor", "guest_instructor__county", "session__event")),
                RelatedSection(on="events.Session", model="events.SessionReminder", via="session",
                               title=_("Reminders the day before"), table="events.tables.SessionReminderTable", order=30,
                               select_related=("registration", "session__event"), hide_empty=True),
                RelatedSection(on="events.Event", model="events.SessionReminder", via="event",
                               title=_("Messages sent"), table="events.tables.SessionReminderTable", order=30,
                               select_related=("registration", "guest__county", "session__event"), hide_empty=True),
                RelatedSection(on="ambassadors.Ambassador", model="events.QualificationHeld", via="ambassador",
                               title=_("Training record: qualifications"), table="events.tables.QualificationHeldTable",
                               order=39, add_label=_("Record a qualification"), select_related=("qualification", "ambassador"),
                               links=(("events:training_record", "events.view_qualificationheld",
                                       _("Training record: what is due")),)),
                RelatedSection(on="ambassadors.Ambassador", model="events.Event", via="instructors",
                               title=_("Events taught"), table="events.tables.EventTable", order=40, list_filter="",
                               prefetch_related=("sessions",), select_related=("area",), hide_empty=True),
                RelatedSection(on="retirees.Retiree", model="events.Event", via="guest_instructors",
                               title=_("Events taught as a guest"), table="events.tables.EventTable", order=40,
                               list_filter="", prefetch_related=("sessions",), select_related=("area",),
                               hide_empty=True),
                RelatedSection(on="ambassadors.Ambassador", model="events.Registration", via="ambassador",
                               title=_("Briefings and courses attended"), table="events.tables.RegistrationTable",
                               order=41, select_related=("event",), hide_empty=True),
            ],
        )
