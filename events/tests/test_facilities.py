"""Spaces (D8): reported → verified after a visit → available; unsuitable or retired kept;
likely duplicates in the same county warned about; pages and API alike."""
from auditlog.models import LogEntry
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from events.choices import FacilityStatus
from events.models import Facility
from events.testing import make_facility
from geo.testing import make_county, make_province


def events_of(obj) -> list[str]:
    return list(LogEntry.objects.get_for_object(obj).filter(additional_data__has_key="event")
                .order_by("timestamp").values_list("additional_data__event", flat=True))


class FacilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.county = make_county(cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)

    def report(self, **overrides):
        data = {"name": "سالن كتابخانه مركزي", "province": self.province.pk, "county": self.county.pk,
                "address": "خیابان انقلاب", "seats": "۴۵", "free_times": "عصرها", "step_free": "on"}
        return self.client.post("/events/spaces/report/", {**data, **overrides})

    def test_ambassador_reports_a_space_with_persian_digits_and_arabic_letters(self):
        sign_in(self.client, self.ambassador)
        response = self.report()
        facility = Facility.objects.get()
        self.assertRedirects(response, facility.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((facility.name, facility.seats, facility.status, facility.created_by),
                         ("سالن کتابخانه مرکزی", 45, FacilityStatus.REPORTED, self.ambassador))

    def test_address_and_phone_show_persian_digits_the_phone_as_one_ltr_token(self):
        facility = make_facility(self.province, address="خیابان ۱۶ آذر، پلاک 12", contact_phone="02166001122",
                                 free_times="شنبه تا چهارشنبه، 8 تا 14")
        sign_in(self.client, self.coordinator)
        page = self.client.get(facility.get_absolute_url())
        self.assertContains(page, "خیابان ۱۶ آذر، پلاک ۱۲")
        self.assertContains(page, '<span dir="ltr">۰۲۱۶۶۰۰۱۱۲۲</span>', html=True)
        self.assertContains(page, "شنبه تا چهارشنبه، ۸ تا ۱۴")
        self.assertNotContains(page, "02166001122")
        # In English the digits stay as typed.
        self.client.cookies.load({"django_language": "en"})
        self.assertContains(self.client.get(facility.get_absolute_url(), headers={"accept-language": "en"}),
                            "02166001122")

    def test_same_name_in_the_same_county_is_warned_about_until_confirmed(self):
        make_facility(self.province, name="سالن کتابخانه مرکزی", county=self.county)
        sign_in(self.client, self.ambassador)
        response = self.report(name="سالن  كتابخانه\u200cمركزي")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "این فضا شاید پیش‌تر ثبت شده باشد")
        self.assertEqual(Facility.objects.count(), 1)
        self.report(name="سالن  كتابخانه\u200cمركزي", allow_duplicate="on")
        self.assertEqual(Facility.objects.count(), 2)

    def test_same_name_in_another_county_is_no_duplicate(self):
        other = make_county(make_province("10"))
        make_facility(other.province, name="سالن کتابخانه مرکزی", county=other)
        sign_in(self.client, self.ambassador)
        self.report()
        self.assertEqual(Facility.objects.count(), 2)

    def test_verify_then_open_through_pages_audited(self):
        facility = make_facility(self.province, status=FacilityStatus.REPORTED, seats=80)
        sign_in(self.client, self.coordinator)
        refused = self.client.get(f"/events/spaces/{facility.pk}/open/")
        self.assertContains(refused, "ابتدا از فضا بازدید")
        self.client.post(f"/events/spaces/{facility.pk}/verify/", {"visited_on": "1405/08/01", "seats": "۶۰"})
        facility.refresh_from_db()
        self.assertEqual((facility.status, facility.seats, facility.verified_by), (FacilityStatus.VERIFIED, 60, self.coordinator))
        self.client.post(f"/events/spaces/{facility.pk}/open/")
        facility.refresh_from_db()
        self.assertEqual(facility.status, FacilityStatus.AVAILABLE)
        self.assertEqual(events_of(facility), ["facility_verify", "facility_open"])

    def test_ambassador_cannot_verify(self):
        facility = make_facility(self.province, status=FacilityStatus.REPORTED)
        sign_in(self.client, self.ambassador)
        self.assertEqual(self.client.get(f"/events/spaces/{facility.pk}/verify/").status_code, 403)

    def test_api_refuses_opening_an_unvisited_space_and_a_retired_space_is_kept(self):
        facility = make_facility(self.province, status=FacilityStatus.REPORTED)
        headers = bearer(self.coordinator)
        response = self.client.post(f"/api/facilities/{facility.pk}/open", content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 409)
        response = self.client.post(f"/api/facilities/{facility.pk}/mark_unsuitable", {"reason": "نمور و بی‌نور"},
                                    content_type="application/json", headers=headers)
        self.assertEqual(response.json()["status"], "unsuitable")
        response = self.client.patch(f"/api/facilities/{facility.pk}", {"seats": 10}, content_type="application/json",
                                     headers=headers)
        self.assertEqual(response.status_code, 409)
        self.assertTrue(Facility.objects.filter(pk=facility.pk, status_reason="نمور و بی‌نور").exists())
