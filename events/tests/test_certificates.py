"""Certificates (D6): issued to those who attended enough sessions, an A4 PDF with a serial
number and a QR code to a public page that shows only initials, event, dates and status."""
import datetime

from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import pdf_text, squash
from events import services
from events.choices import EventStatus
from events.models import Certificate
from events.testing import make_event, make_facility, make_registration, make_session
from geo.testing import make_province


class CertificateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        start = timezone.localtime() - datetime.timedelta(days=3)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, sessions=0, title="کارگاه خواب آرام",
                               certificate_sessions=2)
        hall = make_facility(cls.province)
        sessions = [make_session(cls.event, facility=hall, starts_at=start + datetime.timedelta(days=day)) for day in (0, 1)]
        cls.both = make_registration(event=cls.event, full_name="زهرا موسوی")
        cls.once = make_registration(event=cls.event, full_name="علی رضایی")
        services.event_hold(cls.event, cls.coordinator)
        services.session_record_attendance(sessions[0], cls.coordinator, marks={cls.both.pk: "present", cls.once.pk: "present"})
        services.session_record_attendance(sessions[1], cls.coordinator, marks={cls.both.pk: "late", cls.once.pk: "absent"})

    def test_issued_to_those_who_attended_enough_once_only(self):
        self.assertEqual(self.client.post(f"/api/events/{self.event.pk}/certificates", content_type="application/json",
                                          headers=bearer(self.coordinator)).status_code, 200)
        services.event_issue_certificates(self.event, self.coordinator)
        certificate = Certificate.objects.get()
        self.assertEqual((certificate.registration, certificate.sessions_attended), (self.both, 2))
        self.assertRegex(certificate.serial, r"^14\d\d-\d{6}$")

    def test_the_pdf_and_the_verification_page(self):
        services.event_issue_certificates(self.event, self.coordinator)
        certificate = Certificate.objects.get()
        sign_in(self.client, self.coordinator)
        response = self.client.get(f"/events/certificates/{certificate.pk}/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn(squash("زهرا موسوی"), text)
        self.assertIn(squash("کارگاه خواب آرام"), text)
        self.assertIn(squash(f"/events/certificates/verify/{certificate.public_code}/"), text)
        self.client.logout()
        page = self.client.get(f"/events/certificates/verify/{certificate.public_code}/")
        self.assertContains(page, "این گواهی معتبر است")
        self.assertContains(page, "ز. م.")
        self.assertNotContains(page, "زهرا موسوی")
        services.certificate_revoke(certificate, self.coordinator, reason="حضور نادرست ثبت شده بود")
        page = self.client.get(f"/events/certificates/verify/{certificate.public_code}/")
        self.assertContains(page, "باطل شده")
        self.assertEqual(self.client.get("/events/certificates/verify/wrong-code/").status_code, 404)

    def test_not_before_the_event_is_held(self):
        event = make_event(self.province, status=EventStatus.PUBLISHED)
        response = self.client.post(f"/api/events/{event.pk}/certificates", content_type="application/json",
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)
