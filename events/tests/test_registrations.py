"""Registration (D6): places, the waiting list filled first come first served in the same
transaction, offers held for a while, no one registered twice or at two overlapping events,
the public page without signing in, and attendance for a whole session on one page."""
import datetime
import re

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.services import WorkflowError
from events import services
from events.choices import EventStatus, RegistrationStatus
from events.models import Attendance, Registration, Session
from events.registration import expire_offers, register
from events.testing import make_event, make_facility, make_registration, make_session
from geo.testing import make_province


class RegistrationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, capacity=2, title="کارگاه پیاده‌روی")

    def statuses(self):
        return list(self.event.registrations.order_by("pk").values_list("status", flat=True))

    def test_places_then_the_waiting_list_then_promotion_first_come_first_served(self):
        first, second, third, fourth = (make_registration(event=self.event) for _ in range(4))
        self.assertEqual(self.statuses(), ["confirmed", "confirmed", "waitlisted", "waitlisted"])
        services.registration_cancel(first, self.coordinator, reason="بیمار است")
        third.refresh_from_db()
        self.assertEqual(third.status, RegistrationStatus.OFFERED)
        self.assertGreater(third.offered_until, timezone.now() + datetime.timedelta(hours=47))
        self.assertEqual(self.statuses(), ["cancelled", "confirmed", "offered", "waitlisted"])
        services.registration_accept(third, None)
        self.assertEqual(self.statuses(), ["cancelled", "confirmed", "confirmed", "waitlisted"])

    def test_every_new_place_goes_to_someone_waiting_when_capacity_rises(self):
        for _ in range(5):
            make_registration(event=self.event)
        services.event_set_capacity(self.event, self.coordinator, capacity=4)
        self.assertEqual(self.statuses(), ["confirmed", "confirmed", "offered", "offered", "waitlisted"])

    def test_capacity_cannot_rise_above_the_smallest_space(self):
        with self.assertRaisesMessage(WorkflowError, "صندلی دارد"):
            services.event_set_capacity(self.event, self.coordinator, capacity=41)

    def test_an_expired_offer_passes_to_the_next_person(self):
        registrations = [make_registration(event=self.event) for _ in range(4)]
        services.registration_cancel(registrations[0], self.coordinator)
        later = timezone.now() + datetime.timedelta(hours=49)
        self.assertEqual(expire_offers(later), 1)
        self.assertEqual(self.statuses(), ["cancelled", "confirmed", "expired", "offered"])
        call_command("expire_event_offers")  # nothing is overdue now: no change
        self.assertEqual(self.statuses(), ["cancelled", "confirmed", "expired", "offered"])

    def test_the_same_person_cannot_register_twice(self):
        make_registration(event=self.event, full_name="حسن کریمی", mobile="09121110000")
        with self.assertRaisesMessage(WorkflowError, "پیش‌تر برای این رویداد ثبت‌نام کرده"):
            make_registration(event=self.event, full_name="حسن  كريمي", mobile="09121110000")
        # Someone else sharing the mobile (a spouse) is a different person.
        make_registration(event=self.event, full_name="مریم کریمی", mobile="09121110000")

    def test_nor_for_two_events_at_the_same_time(self):
        other = make_event(self.province, status=EventStatus.PUBLISHED, sessions=0)
        make_session(other, facility=make_facility(self.province),
                     starts_at=self.event.sessions.get().starts_at + datetime.timedelta(hours=1))
        make_registration(event=self.event, full_name="حسن کریمی", mobile="09121110000", national_code="0012345679")
        with self.assertRaisesMessage(WorkflowError, "هم‌زمان"):
            make_registration(event=other, full_name="حسن کریمی", mobile="09121110001", national_code="0012345679")

    def test_registrations_that_need_approval_wait_for_it(self):
        event = make_event(self.province, status=EventStatus.PUBLISHED, needs_approval=True, capacity=1)
        first, second = make_registration(event=event), make_registration(event=event)
        self.assertEqual((first.status, second.status), ("requested", "requested"))
        response = self.client.post(f"/api/registrations/{first.pk}/approve", content_type="application/json",
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.json()["status"], "confirmed")
        services.registration_approve(second, self.coordinator)
        second.refresh_from_db()
        self.assertEqual(second.status, "waitlisted")

    def test_staff_register_through_the_page_and_mobiles_are_stored_encrypted(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/registrations/new/", {
            "event": self.event.pk, "full_name": "رضا احمدی", "mobile": "۰۹۱۲۳۴۵۶۷۸۹", "consent": "on"})
        registration = Registration.objects.get()
        self.assertRedirects(response, registration.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(registration.mobile, "09123456789")
        self.assertNotIn(b"09123456789", bytes(registration.mobile_cipher))
        page = self.client.get(registration.get_absolute_url())
        self.assertContains(page, "۰۹۱۲۳۴۵۶۷۸۹")
        ambassador = make_user(Role.AMBASSADOR, self.province)
        sign_in(self.client, ambassador)
        self.assertContains(self.client.get(registration.get_absolute_url()), "*******۶۷۸۹")


class PublicRegistrationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, capacity=1, title="کلاس ایمنی در خانه")

    def answer(self, page) -> tuple[str, str]:
        html = page.content.decode()
        a, b = (int(value) for value in re.findall(r"حاصل (\S+) به‌علاوهٔ (\S+)", html)[0])
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        return token, str(a + b)

    def register(self, **overrides):
        page = self.client.get(f"/events/public/{self.event.pk}/")
        token, answer = self.answer(page)
        data = {"full_name": "فاطمه نوری", "mobile": "09351234567", "consent": "on", "token": token, "answer": answer}
        return self.client.post(f"/events/public/{self.event.pk}/", {**data, **overrides})

    def test_a_person_registers_without_signing_in_and_gets_a_code(self):
        response = self.register()
        registration = Registration.objects.get()
        self.assertRedirects(response, f"/events/public/registration/{registration.code}/")
        page = self.client.get(response["Location"])
        self.assertContains(page, registration.code)
        self.assertContains(page, "قطعی")
        self.assertEqual(registration.source, "public")

    def test_a_wrong_answer_or_the_robot_field_registers_nobody(self):
        self.register(answer="999")
        self.register(website="http://spam.example")
        self.assertFalse(Registration.objects.exists())

    def test_a_question_answered_once_cannot_be_replayed(self):
        page = self.client.get(f"/events/public/{self.event.pk}/")
        token, answer = self.answer(page)
        for name in ("فاطمه نوری", "زینب نوری"):
            self.client.post(f"/events/public/{self.event.pk}/", {
                "full_name": name, "mobile": "09351234567", "consent": "on", "token": token, "answer": answer})
        self.assertEqual(Registration.objects.count(), 1)

    def test_the_waiting_person_takes_a_freed_place_on_their_page(self):
        first = make_registration(event=self.event)
        self.register()
        waiting = Registration.objects.get(source="public")
        self.assertEqual(waiting.status, "waitlisted")
        self.assertContains(self.client.get(f"/events/public/registration/{waiting.code}/"), "نوبت شما در فهرست انتظار")
        self.client.post(f"/events/public/registration/{first.code}/", {"action": "cancel"})
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, "offered")
        self.client.post(f"/events/public/registration/{waiting.code}/", {"action": "accept"})
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, "confirmed")

    def test_unpublished_or_private_events_have_no_public_page(self):
        draft = make_event(self.province)
        private = make_event(self.province, status=EventStatus.PUBLISHED, public=False)
        for event in (draft, private):
            self.assertEqual(self.client.get(f"/events/public/{event.pk}/").status_code, 404)


class AttendanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        start = timezone.localtime() - datetime.timedelta(hours=1)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, sessions=0)
        cls.session = make_session(cls.event, facility=make_facility(cls.province),
                                   starts_at=start + datetime.timedelta(days=1))
        cls.people = [make_registration(event=cls.event) for _ in range(3)]
        # People registered beforehand; now the session has begun.
        Session.objects.filter(pk=cls.session.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        cls.session.refresh_from_db()

    def test_the_whole_list_on_one_page_and_a_code_at_the_door(self):
        sign_in(self.client, self.coordinator)
        url = f"/events/sessions/{self.session.pk}/attendance/"
        page = self.client.get(url)
        self.assertContains(page, self.people[0].full_name)
        response = self.client.post(url, {f"r{self.people[0].pk}": "late", f"r{self.people[1].pk}": "excused",
                                          "codes": self.people[2].code.lower()})
        self.assertRedirects(response, self.session.get_absolute_url(), fetch_redirect_response=False)
        marks = dict(Attendance.objects.values_list("registration_id", "status"))
        self.assertEqual(marks, {self.people[0].pk: "late", self.people[1].pk: "excused", self.people[2].pk: "present"})
        self.assertTrue(Attendance.objects.get(registration=self.people[2]).by_code)

    def test_an_unknown_code_is_refused_and_nothing_saved(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/events/sessions/{self.session.pk}/attendance/", {"codes": "ZZZZ2222"})
        self.assertContains(response, "ZZZZ2222")
        self.assertFalse(Attendance.objects.exists())

    def test_the_api_takes_marks_and_codes(self):
        response = self.client.post(
            f"/api/sessions/{self.session.pk}/attendance",
            {"marks": [{"registration": self.people[0].pk, "status": "absent"}], "codes": [self.people[1].code]},
            content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Attendance.objects.count(), 2)

    def test_attendance_waits_for_the_session_to_start(self):
        later = make_session(self.event, facility=make_facility(self.province),
                             starts_at=timezone.localtime() + datetime.timedelta(days=2))
        response = self.client.post(f"/api/sessions/{later.pk}/attendance", {"marks": []},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)


class RegistrationClosesWhenTheEventBeginsTests(TestCase):
    """Once the first session has started, nobody registers: not on the public page, not by
    staff on the page or through the API."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, sessions=0)
        start = timezone.localtime() - datetime.timedelta(minutes=30)
        make_session(cls.event, facility=make_facility(cls.province), starts_at=start)
        make_session(cls.event, facility=make_facility(cls.province), starts_at=start + datetime.timedelta(days=1))

    def test_the_service_refuses(self):
        self.assertFalse(self.event.is_open_for_registration)
        with self.assertRaisesMessage(WorkflowError, "آغاز شده"):
            register(self.event, self.coordinator, full_name="علی رضایی", mobile="09123334455")

    def test_the_public_page_has_no_form_and_a_post_registers_nobody(self):
        page = self.client.get(f"/events/public/{self.event.pk}/")
        self.assertContains(page, "ثبت‌نام بسته است")
        self.assertNotContains(page, 'name="mobile"')
        self.client.post(f"/events/public/{self.event.pk}/", {"full_name": "فاطمه نوری", "mobile": "09351234567",
                                                               "consent": "on"})
        self.assertFalse(Registration.objects.exists())

    def test_staff_cannot_register_on_the_page_or_through_the_api(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get(f"/events/{self.event.pk}/")
        self.assertNotContains(page, "/events/registrations/new/?event=")
        self.client.post("/events/registrations/new/", {"event": self.event.pk, "full_name": "علی رضایی",
                                                        "mobile": "09123334455", "consent": "on"})
        response = self.client.post("/api/registrations", {"event": self.event.pk, "full_name": "علی رضایی",
                                                           "mobile": "09123334455", "consent": True},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Registration.objects.exists())


class SignInSheetTests(TestCase):
    """A printable sign-in sheet: the event, the Jalali date, the confirmed people's names and
    a blank signature column, as a page to print and as an A4 PDF."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, capacity=1, title="کارگاه خواب آرام")
        cls.session = cls.event.sessions.get()
        cls.confirmed = make_registration(event=cls.event, full_name="فاطمه نوری")
        cls.waiting = make_registration(event=cls.event, full_name="علی کاظمی")

    def test_the_page_and_the_pdf(self):
        from core import jalali
        from core.testing import pdf_text, squash

        sign_in(self.client, self.coordinator)
        self.assertContains(self.client.get(f"/events/sessions/{self.session.pk}/"),
                            f"/events/sessions/{self.session.pk}/sign-in-sheet/")
        page = self.client.get(f"/events/sessions/{self.session.pk}/sign-in-sheet/")
        self.assertContains(page, "فاطمه نوری")
        self.assertNotContains(page, "علی کاظمی")  # on the waiting list
        self.assertContains(page, "امضا")
        self.assertContains(page, jalali.format_date_long(self.session.local_date))
        self.assertContains(page, "data-print")
        response = self.client.get(f"/events/sessions/{self.session.pk}/sign-in-sheet/", {"format": "pdf"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = squash(pdf_text(response.content))
        for expected in ("فاطمه نوری", "کارگاه خواب آرام", "امضا", jalali.format_date_long(self.session.local_date)):
            self.assertIn(squash(expected), text)

    def test_only_for_those_who_see_registrations_in_scope(self):
        board = make_user(Role.BOARD_MEMBER, self.province)
        sign_in(self.client, board)
        self.assertEqual(self.client.get(f"/events/sessions/{self.session.pk}/sign-in-sheet/").status_code, 403)
        sign_in(self.client, make_user(Role.COORDINATOR, make_province("10")))
        self.assertEqual(self.client.get(f"/events/sessions/{self.session.pk}/sign-in-sheet/").status_code, 404)
