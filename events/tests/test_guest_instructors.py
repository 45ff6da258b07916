"""Guest instructors (issue 9): skilled retirees of the province's roster who agreed to be
contacted teach like ambassadors — chosen by a search that shows name and county only, and
never booked for two overlapping sessions."""
import datetime

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from events.booking import BookingClash
from events.models import Booking, Event
from events.testing import make_event, make_facility, make_session
from geo.testing import make_county, make_province
from retirees.testing import make_retiree


def at(days, hour, minute=0):
    local = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
    return local + datetime.timedelta(days=days)


class GuestInstructorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.elsewhere = make_province("24")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.county = make_county(cls.province)
        cls.guest = make_retiree(cls.province, code=None, mobile="09121112233", first_name="منیژه", last_name="کریمی",
                                 county=cls.county, specialty="خیاطی", consent_contact=True)
        cls.silent = make_retiree(cls.province, first_name="بهرام", last_name="نادری", consent_contact=False)
        cls.far = make_retiree(cls.elsewhere, first_name="ژاله", last_name="امینی", consent_contact=True)
        cls.first = make_event(cls.province, title="کارگاه خیاطی", sessions=0, guest_instructors=[cls.guest])
        make_session(cls.first, facility=make_facility(cls.province), starts_at=at(3, 10), hours=2)

    def event_data(self, event, **overrides):
        data = {"title": event.title, "kind": event.kind, "province": self.province.pk, "area": event.area_id,
                "audience": event.audience, "capacity": 20, "offer_hours": 48, "certificate_sessions": 1}
        return {**data, **overrides}

    def test_a_consenting_retiree_of_the_province_can_teach_and_is_booked(self):
        other = make_event(self.province, sessions=0)
        make_session(other, facility=make_facility(self.province), starts_at=at(5, 10))
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/events/{other.pk}/edit/", self.event_data(other, guest_instructors=[self.guest.pk]))
        self.assertRedirects(response, other.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(list(other.guest_instructors.all()), [self.guest])
        self.assertEqual(Booking.objects.filter(guest_instructor=self.guest, active=True).count(), 2)
        page = self.client.get(other.get_absolute_url())
        self.assertContains(page, f"منیژه کریمی ({self.county.name})")
        self.assertNotContains(page, "09121112233")
        self.assertNotContains(page, self.guest.national_code)
        # The retiree's own page (for those who see the roster) lists what they teach.
        self.assertContains(self.client.get(self.guest.get_absolute_url()), other.title)

    def test_a_retiree_who_did_not_consent_or_of_another_province_cannot_teach(self):
        other = make_event(self.province, sessions=0)
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/events/{other.pk}/edit/", self.event_data(other, guest_instructors=[self.silent.pk]))
        self.assertContains(response, "بهرام نادری")
        self.assertContains(response, "موافقت نکرده")
        # Another province's retiree is not even a choice for a provincial coordinator.
        response = self.client.post(f"/events/{other.pk}/edit/", self.event_data(other, guest_instructors=[self.far.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(other.guest_instructors.exists())
        # A national admin may see every province, and is told the retiree is of another one.
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        response = self.client.post(f"/events/{other.pk}/edit/", self.event_data(other, guest_instructors=[self.far.pk]))
        self.assertContains(response, "فهرست بازنشستگان استان رویداد نیست")
        self.assertFalse(other.guest_instructors.exists())

    def test_the_api_takes_a_consenting_guest_and_refuses_the_others(self):
        other = make_event(self.province, sessions=0)
        payload = self.event_data(other, guest_instructors=[self.guest.pk], area=other.area_id)
        response = self.client.patch(f"/api/events/{other.pk}", payload, content_type="application/json",
                                   headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["guest_instructors"], [self.guest.pk])
        for refused in (self.silent, self.far):
            payload["guest_instructors"] = [refused.pk]
            response = self.client.patch(f"/api/events/{other.pk}", payload, content_type="application/json",
                                       headers=bearer(self.coordinator))
            self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("موافقت نکرده", str(self.client.patch(
            f"/api/events/{other.pk}", {**payload, "guest_instructors": [self.silent.pk]}, content_type="application/json",
            headers=bearer(self.coordinator)).json()))
        self.assertEqual(list(Event.objects.get(pk=other.pk).guest_instructors.all()), [self.guest])

    def test_a_guest_instructor_cannot_teach_two_overlapping_sessions(self):
        other = make_event(self.province, sessions=0)
        make_session(other, facility=make_facility(self.province), starts_at=at(3, 11))
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/events/{other.pk}/edit/", self.event_data(other, guest_instructors=[self.guest.pk]))
        self.assertContains(response, f"منیژه کریمی ({self.county.name}) در")
        self.assertContains(response, "از ۱۰:۰۰ تا ۱۲:۰۰ در کارگاه «کارگاه خیاطی» تدریس دارد")
        self.assertFalse(other.guest_instructors.exists())
        # The service refuses it too (what the form did not see), with the same message.
        other.guest_instructors.set([self.guest])
        with self.assertRaisesMessage(BookingClash, f"منیژه کریمی ({self.county.name})"):
            make_session(other, facility=make_facility(self.province), starts_at=at(3, 11, 30))
        # Touching at the hour is no clash (half-open ranges).
        make_session(other, facility=make_facility(self.province), starts_at=at(3, 12))

    def test_postgresql_refuses_an_overlapping_guest_booking_itself(self):
        if connection.vendor != "postgresql":
            self.skipTest("the exclusion constraint is PostgreSQL's")
        from django.db import IntegrityError, transaction

        session = self.first.sessions.get()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Booking.objects.create(session=session, guest_instructor=self.guest, starts_at=at(3, 11), ends_at=at(3, 13))

    def test_the_search_finds_consenting_retirees_of_the_province_by_name_or_skill_only(self):
        sign_in(self.client, self.coordinator)
        url = "/events/guest-instructors/"
        self.assertEqual(self.client.get(url, {"q": "خیاطی"}).json(),
                         {"results": [{"value": str(self.guest.pk), "text": f"منیژه کریمی ({self.county.name})"}]})
        self.assertEqual(self.client.get(url, {"q": "كريمي"}).json()["results"][0]["value"], str(self.guest.pk))
        self.assertEqual(self.client.get(url, {"q": "نادری"}).json(), {"results": []})  # did not consent
        self.assertEqual(self.client.get(url, {"q": "امینی"}).json(), {"results": []})  # another province
        self.assertEqual(self.client.get(url, {"q": "م"}).json(), {"results": []})  # too short
        self.assertEqual(self.client.get(url, {"q": "کریمی", "province": self.elsewhere.pk}).json(), {"results": []})
        # A national admin searches the province chosen in the form, never the whole national roster.
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        self.assertEqual(self.client.get(url, {"q": "کریمی"}).json(), {"results": []})
        self.assertEqual(len(self.client.get(url, {"q": "کریمی", "province": self.province.pk}).json()["results"]), 1)
        # Ambassadors draft events but do not see the roster: no search, and no such field.
        ambassador = make_user(Role.AMBASSADOR, self.province)
        sign_in(self.client, ambassador)
        self.assertEqual(self.client.get(url, {"q": "کریمی"}).status_code, 403)
        self.assertNotContains(self.client.get("/events/new/"), "guest_instructors")

    def test_the_form_holds_only_the_chosen_retirees(self):
        for number in range(30):
            make_retiree(self.province, first_name=f"نفر{number}", consent_contact=True)
        sign_in(self.client, self.coordinator)
        page = self.client.get(f"/events/{self.first.pk}/edit/").content.decode()
        self.assertIn(f"منیژه کریمی ({self.county.name})", page)
        self.assertIn('data-search-url="/events/guest-instructors/"', page)
        self.assertNotIn("نفر1", page)
