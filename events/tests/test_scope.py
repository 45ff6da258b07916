import datetime

from django.test import TestCase
from django.utils import timezone

from areas.testing import make_area
from core.roles import Role
from core.testing import ScopeChecks
from events.choices import FacilityStatus
from events.models import (
    Attendance,
    Booking,
    CalendarFeed,
    Certificate,
    Event,
    Facility,
    Qualification,
    QualificationHeld,
    Registration,
    Session,
    SessionReminder,
)
from events.testing import (
    make_attendance,
    make_certificate,
    make_event,
    make_facility,
    make_qualification,
    make_qualification_held,
    make_registration,
    make_reminder,
)
from geo.testing import make_county, make_province


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
    object_actions = ("detail", "update", "signin_sheet")
    get_only_actions = ("detail", "signin_sheet")
    collection_actions = ("list", "create", "totals")
    api_path = "/api/sessions"
    api_extra_paths = ("/api/sessions/totals",)

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


class CalendarScopeTests(TestCase):
    """The calendar month and the personal feed read through the same scope as the lists: other
    provinces' sessions never appear, nor another area's for an area-restricted person; the feed
    address is its owner's alone, revoked with their account, and the settings page is theirs."""

    @classmethod
    def setUpTestData(cls):
        from accounts.testing import make_user

        cls.home, cls.away = make_province("23"), make_province("10")
        cls.area, cls.other_area = make_area(), make_area("education", "آموزش")
        cls.mine = make_event(cls.home, status="published", title="کارگاه محله من", area=cls.area)
        cls.next_door = make_event(cls.home, status="published", title="کارگاه محله دیگر", area=cls.other_area)
        cls.far = make_event(cls.away, status="published", title="کارگاه استان دیگر")
        cls.coordinator = make_user(Role.COORDINATOR, cls.home)
        cls.restricted = make_user(Role.COORDINATOR, cls.home, areas=[cls.area])
        cls.away_user = make_user(Role.COORDINATOR, cls.away)

    def month_of(self, event):
        from core import jalali

        year, month = jalali.month_of(event.sessions.get().local_date)
        return {"month": f"{year}-{month:02d}"}

    def feed_titles(self, user):
        import icalendar

        from events.calendar import new_token

        content = self.client.get(f"/events/calendar/feed/{new_token(user).token}.ics").content
        return " ".join(str(item["SUMMARY"]) for item in icalendar.Calendar.from_ical(content).walk("VEVENT"))

    def test_anonymous_pages_redirect_to_sign_in(self):
        for url in ("/events/calendar/", "/events/calendar/feed/"):
            self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}", fetch_redirect_response=False)
        response = self.client.post("/events/calendar/feed/", {"action": "create"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_an_unknown_token_is_404(self):
        self.assertEqual(self.client.get("/events/calendar/feed/not-a-token.ics").status_code, 404)

    def test_the_month_holds_only_the_users_province_and_areas(self):
        from accounts.testing import sign_in

        cases = ((self.coordinator, {"کارگاه محله من", "کارگاه محله دیگر"}),
                 (self.restricted, {"کارگاه محله من"}), (self.away_user, {"کارگاه استان دیگر"}))
        for user, titles in cases:
            sign_in(self.client, user)
            page = self.client.get("/events/calendar/", self.month_of(self.mine)).content.decode()
            for title in ("کارگاه محله من", "کارگاه محله دیگر", "کارگاه استان دیگر"):
                self.assertEqual(title in page, title in titles, (user.role, user.pk, title))

    def test_the_feed_holds_only_its_owners_province_and_areas(self):
        cases = ((self.coordinator, {"کارگاه محله من", "کارگاه محله دیگر"}),
                 (self.restricted, {"کارگاه محله من"}), (self.away_user, {"کارگاه استان دیگر"}))
        for user, titles in cases:
            found = self.feed_titles(user)
            for title in ("کارگاه محله من", "کارگاه محله دیگر", "کارگاه استان دیگر"):
                self.assertEqual(title in found, title in titles, (user.pk, title))

    def test_the_settings_page_shows_and_revokes_only_ones_own_feed(self):
        from accounts.testing import sign_in
        from events.calendar import new_token

        theirs = new_token(self.away_user).token
        sign_in(self.client, self.coordinator)
        self.assertNotContains(self.client.get("/events/calendar/feed/"), theirs)
        self.client.post("/events/calendar/feed/", {"action": "revoke"})
        self.assertTrue(CalendarFeed.objects.filter(token=theirs).exists())
        self.assertEqual(self.client.get(f"/events/calendar/feed/{theirs}.ics").status_code, 200)


class SessionReminderScopeTests(ScopeChecks, TestCase):
    model = SessionReminder
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.BOARD_MEMBER
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/session-reminders"

    @classmethod
    def make_object(cls, province):
        return make_reminder(province)


class QualificationScopeTests(ScopeChecks, TestCase):
    model = Qualification
    allowed_role = Role.COORDINATOR
    scoped = False  # national reference data, kept by national admins
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/qualifications"

    @classmethod
    def make_object(cls, province):
        return make_qualification(name=f"کار با سالمندان {province.code}")

    def test_only_national_admins_change_qualifications(self):
        from accounts.testing import bearer, make_user, sign_in

        for role in (Role.PROVINCIAL_MANAGER, Role.COORDINATOR, Role.AMBASSADOR):
            user = make_user(role, self.home)
            sign_in(self.client, user)
            for url in (f"/events/qualifications/{self.obj.pk}/edit/", "/events/qualifications/new/"):
                self.assertEqual(self.client.get(url).status_code, 403)
            response = self.client.post("/api/qualifications", {"name": "تازه"}, content_type="application/json",
                                        headers=bearer(user))
            self.assertEqual(response.status_code, 403)
        admin = make_user(Role.NATIONAL_ADMIN)
        response = self.client.post("/api/qualifications", {"name": "کار با سالمندان مبتلا به فراموشی",
                                                            "validity_months": 24}, content_type="application/json",
                                    headers=bearer(admin))
        self.assertEqual(response.status_code, 201, response.content)


class QualificationHeldScopeTests(ScopeChecks, TestCase):
    model = QualificationHeld
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/qualifications-held"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_qualification_held(province)

    def api_payload(self, province):
        from ambassadors.testing import make_ambassador

        return {"ambassador": make_ambassador(province).pk, "qualification": make_qualification().pk,
                "obtained_on": "1405/08/01"}


class TrainingRecordScopeTests(TestCase):
    """The training record page and endpoint read the ambassador through scope: another
    province's or another area's ambassador is 404; board members (who may not see
    qualifications held) get 403; anonymous people sign in first (401 from the API)."""

    @classmethod
    def setUpTestData(cls):
        from accounts.testing import make_user
        from ambassadors.testing import make_ambassador

        cls.home, cls.away = make_province("23"), make_province("10")
        cls.area, cls.other_area = make_area(), make_area("education", "آموزش")
        cls.mine = make_ambassador(cls.home)
        cls.mine.areas.set([cls.area])
        cls.next_door = make_ambassador(cls.home)
        cls.next_door.areas.set([cls.other_area])
        cls.far = make_ambassador(cls.away)
        cls.coordinator = make_user(Role.COORDINATOR, cls.home)
        cls.restricted = make_user(Role.COORDINATOR, cls.home, areas=[cls.area])
        cls.board = make_user(Role.BOARD_MEMBER, cls.home)

    def test_anonymous(self):
        url = f"/events/training/{self.mine.pk}/"
        self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}", fetch_redirect_response=False)
        self.assertEqual(self.client.get(f"/api/training-records/{self.mine.pk}").status_code, 401)

    def test_scope_of_page_and_api(self):
        from accounts.testing import bearer, sign_in

        cases = ((self.coordinator, {self.mine: 200, self.next_door: 200, self.far: 404}),
                 (self.restricted, {self.mine: 200, self.next_door: 404, self.far: 404}),
                 (self.board, {self.mine: 403, self.next_door: 403, self.far: 403}))
        for user, expected in cases:
            sign_in(self.client, user)
            headers = bearer(user)
            for ambassador, status in expected.items():
                self.assertEqual(self.client.get(f"/events/training/{ambassador.pk}/").status_code, status,
                                 (user.role, ambassador))
                self.assertEqual(self.client.get(f"/api/training-records/{ambassador.pk}", headers=headers).status_code,
                                 status, (user.role, ambassador))
