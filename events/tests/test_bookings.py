"""Bookings (D6, D8): no two active bookings of one space, and no two sessions of one instructor,
overlap — with a message that names the clash, on pages and API alike, and under a race."""
import contextlib
import datetime
import sqlite3
import tempfile
import threading
from pathlib import Path

from django.db import connection, connections, transaction
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from events import booking, services
from events.booking import BookingClash
from events.models import Booking, Session
from events.testing import make_event, make_facility, make_session
from geo.testing import make_province


def at(days, hour, minute=0):
    local = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
    return local + datetime.timedelta(days=days)


class BookingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.hall = make_facility(cls.province, name="سالن هلال احمر", seats=50)
        cls.teacher = make_ambassador(cls.province, first_name="پروین", last_name="صالحی", status="active")
        cls.first = make_event(cls.province, title="آشنایی با بیمه", sessions=0, instructors=[cls.teacher])
        make_session(cls.first, facility=cls.hall, starts_at=at(3, 10), hours=2)

    def session_form(self, event, **overrides):
        data = {"event": event.pk, "date": f"{at(3, 10).date():%Y-%m-%d}", "start": "۱۱:۰۰", "end": "۱۳:۰۰",
                "facility": self.hall.pk}
        return {**data, **overrides}

    def test_an_overlapping_session_in_the_same_space_is_refused_naming_the_clash(self):
        other = make_event(self.province, title="کارگاه خواب خوب", sessions=0)
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/sessions/new/", self.session_form(other))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "سالن هلال احمر")
        self.assertContains(response, "از ۱۰:۰۰ تا ۱۲:۰۰ برای کارگاه «آشنایی با بیمه» رزرو است")
        self.assertFalse(Session.objects.filter(event=other).exists())

    def test_half_open_ranges_touching_at_the_hour_do_not_clash(self):
        other = make_event(self.province, sessions=0)
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/sessions/new/", self.session_form(other, start="12:00", end="14:00"))
        self.assertRedirects(response, other.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(Booking.objects.filter(facility=self.hall, active=True).count(), 2)

    def test_an_instructor_cannot_teach_two_overlapping_sessions(self):
        elsewhere = make_facility(self.province)
        other = make_event(self.province, sessions=0)
        make_session(other, facility=elsewhere, starts_at=at(3, 11))
        sign_in(self.client, self.coordinator)
        data = {"title": other.title, "kind": other.kind, "province": self.province.pk, "area": other.area_id,
                "audience": other.audience, "capacity": 20, "offer_hours": 48, "instructors": [self.teacher.pk]}
        response = self.client.post(f"/events/{other.pk}/edit/", data)
        self.assertContains(response, "پروین صالحی در")
        self.assertContains(response, "تدریس دارد")
        self.assertFalse(other.instructors.exists())

    def test_the_api_refuses_the_clash_with_the_same_message(self):
        other = make_event(self.province, sessions=0)
        payload = {"event": other.pk, "date": f"{at(3, 10).date():%Y-%m-%d}", "start": "09:00", "end": "10:30",
                   "facility": self.hall.pk}
        response = self.client.post("/api/sessions", payload, content_type="application/json",
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 422)
        self.assertIn("رزرو است", response.json()["detail"][0]["msg"])

    def test_the_service_refuses_a_clash_the_form_did_not_see(self):
        other = make_event(self.province, sessions=0)
        with self.assertRaisesMessage(BookingClash, "سالن هلال احمر"):
            make_session(other, facility=self.hall, starts_at=at(3, 11, 30))

    def test_a_cancelled_event_frees_its_space_and_instructor(self):
        services.event_cancel(self.first, self.coordinator, reason="سالن در تعمیر است")
        self.assertFalse(Booking.objects.filter(active=True).exists())
        other = make_event(self.province, sessions=0, instructors=[self.teacher])
        make_session(other, facility=self.hall, starts_at=at(3, 10))
        self.assertEqual(Booking.objects.filter(active=True).count(), 2)

    def test_a_booked_space_shows_as_in_use(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get(self.hall.get_absolute_url())
        self.assertContains(page, "در حال استفاده")
        self.assertContains(page, "۱۰:۰۰ تا ۱۲:۰۰: آشنایی با بیمه")
        listing = self.client.get("/events/spaces/")
        self.assertContains(listing, "۱۰:۰۰ تا ۱۲:۰۰: آشنایی با بیمه")
        free = make_facility(self.province, name="سالن خالی")
        self.assertNotContains(self.client.get(free.get_absolute_url()), "در حال استفاده")

    def test_capacity_never_above_the_seats(self):
        small = make_facility(self.province, seats=10)
        other = make_event(self.province, sessions=0, capacity=20)
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/sessions/new/", self.session_form(other, facility=small.pk, start="16:00",
                                                                                end="17:00"))
        self.assertContains(response, "کمتر از ظرفیت")
        self.assertFalse(other.sessions.exists())

    def test_only_a_space_open_for_booking_can_be_booked(self):
        reported = make_facility(self.province, status="reported")
        other = make_event(self.province, sessions=0)
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/sessions/new/", self.session_form(other, facility=reported.pk))
        self.assertFalse(other.sessions.exists())
        self.assertEqual(response.status_code, 200)


@contextlib.contextmanager
def threads_on_a_real_database():
    """Where the threads below write. PostgreSQL: the test database itself. SQLite: the test
    database lives in memory with a shared cache, whose table locks fail at once instead of
    waiting like a file's; so the threads get a file copy of it, as production has (WAL,
    IMMEDIATE transactions, busy timeout from settings), and the main thread is left alone."""
    if connection.vendor != "sqlite":
        yield lambda query: query()
        return
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "race.sqlite3")
        copy = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(copy)
        # WAL before any thread connects, as production's file is from its first migrate: two
        # connections switching a file to WAL at once fail at once ("database is locked"),
        # without waiting out the busy timeout.
        copy.execute("PRAGMA journal_mode=WAL")
        copy.close()
        settings = connections.settings["default"]
        memory = settings["NAME"]
        settings["NAME"] = path

        def read(query):
            result = {}

            def run():
                try:
                    result["value"] = query()
                finally:
                    connections["default"].close()

            reader = threading.Thread(target=run)
            reader.start()
            reader.join()
            return result["value"]

        try:
            yield read
        finally:
            settings["NAME"] = memory


class BookingRaceTests(TransactionTestCase):
    """Two people book the same hall for overlapping times at the same moment: one must lose.

    Both threads pass the check before either inserts, where the database lets them (PostgreSQL:
    READ COMMITTED; the exclusion constraint stops the second insert). On SQLite the second
    writer cannot even begin until the first commits (IMMEDIATE transactions), so it waits and
    then sees the booking. Either way: one booking, and one BookingClash naming the other."""

    def test_two_racing_bookings_one_loses(self):
        province = make_province("23")
        hall = make_facility(province, name="سالن فرهنگسرا", seats=50)
        events = [make_event(province, title=f"کارگاه {index}", sessions=0) for index in range(2)]
        barrier = threading.Barrier(2, timeout=3)
        real_find = booking.find_clash
        local = threading.local()

        def find_then_wait(**kwargs):
            found = real_find(**kwargs)
            if not getattr(local, "waited", False):
                local.waited = True
                try:
                    barrier.wait()  # both have checked: now both insert
                except threading.BrokenBarrierError:
                    pass  # SQLite: the other writer is blocked at BEGIN until this one commits
            return found

        results = {}

        def book(index):
            try:
                with transaction.atomic():
                    make_session(events[index], facility=hall, starts_at=at(5, 10 + index), hours=2)
                results[index] = "booked"
            except BookingClash as error:
                results[index] = str(error)
            finally:
                connection.close()

        booking.find_clash = find_then_wait
        try:
            with threads_on_a_real_database() as read:
                threads = [threading.Thread(target=book, args=(index,)) for index in range(2)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=30)
                counts = read(lambda: (Booking.objects.filter(facility=hall, active=True).count(),
                                       Session.objects.count()))
        finally:
            booking.find_clash = real_find
        self.assertEqual(sorted(results), [0, 1])
        self.assertEqual(list(results.values()).count("booked"), 1, results)
        loser = next(message for message in results.values() if message != "booked")
        self.assertIn("سالن فرهنگسرا", loser)
        self.assertEqual(counts, (1, 1))
