import datetime

from django.test import TestCase
from django.utils import timezone

from areas.testing import make_area
from core.roles import Role
from core.testing import ScopeChecks
from events.choices import FacilityStatus
from events.models import Attendance, Booking, Certificate, Event, Facility, Registration, Session
from events.testing import make_attendance, make_certificate, make_event, make_facility, make_registration
from geo.testing import make_county


class FacilityScopeTests(ScopeChecks, TestCase):
    model = Facility
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "verify", "open", "mark_unsuitable", "retire")
    collection_actions = ("list", "create")
    api_path = "/api/facilities"
    api_actions = {
        "verify": {"visited_on": "1405/08/20", "seats": 30},
        "open": {},
        "mark_unsuitable": {"reason": "نمور است"},
        "retire": {"reason": "بازسازی"},
    }
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_facility(province, status=FacilityStatus.REPORTED)

    def api_payload(self, province):
        return {"name": f"سالن فرهنگسرای {province.code}", "province": province.pk, "county": make_county(province).pk,
                "address": "میدان انقلاب", "seats": 60, "free_times": "صبح‌ها"}


class EventScopeTests(ScopeChecks, TestCase):
    model = Event
    allowed_role = Role.PROVINCIAL_MANAGER
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "submit", "approve", "return", "publish", "hold", "close", "cancel")
    collection_actions = ("list", "create")
    api_path = "/api/events"
    api_actions = {"submit": {}, "approve": {"comment": "خوب است"}, "return": {"reason": "ساعت"}, "publish": {},
                   "hold": {"note": ""}, "close": {"note": ""}, "cancel": {"reason": "باران"}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_event(province)

    def api_payload(self, province):
        return {"title": "کلاس ایمنی ترافیک", "kind": "class", "province": province.pk, "area": make_area().pk,
                "audience": "رانندگان بازنشسته", "capacity": 25}


class SessionScopeTests(ScopeChecks, TestCase):
    model = Session
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/sessions"

    @classmethod
    def make_object(cls, province):
        return make_event(province).sessions.get()

    def api_payload(self, province):
        event = make_event(province, sessions=0)
        return {"event": event.pk, "date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                "start": "16:00", "end": "18:00", "facility": make_facility(province).pk}


class BookingScopeTests(ScopeChecks, TestCase):
    model = Booking
    allowed_role = Role.COORDINATOR
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/bookings"

    @classmethod
    def make_object(cls, province):
        return make_event(province).sessions.get().bookings.get()


class RegistrationScopeTests(ScopeChecks, TestCase):
    model = Registration
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.BOARD_MEMBER
    object_actions = ("detail", "approve", "decline", "accept", "cancel")
    collection_actions = ("list", "create")
    api_path = "/api/registrations"
    api_actions = {"approve": {}, "decline": {"reason": "پر است"}, "accept": {}, "cancel": {"reason": "منصرف شد"}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_registration(province)

    def api_payload(self, province):
        event = make_event(province, status="published")
        return {"event": event.pk, "full_name": "علی رضایی", "mobile": "09123334455", "consent": True}


class AttendanceScopeTests(ScopeChecks, TestCase):
    model = Attendance
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.BOARD_MEMBER
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/attendance"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_attendance(province)


class CertificateScopeTests(ScopeChecks, TestCase):
    model = Certificate
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.BOARD_MEMBER
    object_actions = ("detail", "pdf", "revoke")
    collection_actions = ("list",)
    get_only_actions = ("detail", "pdf")
    api_path = "/api/certificates"
    api_actions = {"revoke": {"reason": "اشتباه"}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_certificate(province)
