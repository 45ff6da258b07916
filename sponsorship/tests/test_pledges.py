"""Pledges (D9): money in the user's unit, the receive/close/cancel workflow with its refusals,
the Persian acknowledgement letter, and totals."""
import datetime

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from accounts.choices import MoneyUnit
from accounts.testing import bearer, make_user, sign_in
from core import jalali
from core.roles import Role
from core.testing import pdf_text, squash
from geo.testing import make_province
from partners.choices import OrganizationKind
from partners.testing import make_organization
from sponsorship.choices import PledgeStatus
from sponsorship.models import Pledge, Receipt
from sponsorship.testing import make_pledge

TODAY = timezone.localdate
MILLION = 1_000_000


class PledgeTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.sponsor = make_organization(cls.province, kind=OrganizationKind.BUSINESS, name="شرکت داروسازی نیک‌اندیشان")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province, first_name="مینا", last_name="صادقی",
                                    money_unit=MoneyUnit.TOMAN)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)

    def post_api(self, url, user, payload=None):
        return self.client.post(url, payload or {}, content_type="application/json", headers=bearer(user))


class MoneyTests(PledgeTestCase):
    def test_a_toman_user_types_tomans_and_the_database_holds_rials(self):
        sign_in(self.client, self.coordinator)
        form = self.client.get("/sponsorship/pledges/new/")
        self.assertContains(form, "ارزش (تومان)")
        response = self.client.post("/sponsorship/pledges/new/", {
            "sponsor": self.sponsor.pk, "kind": "cash", "value_rials": "۱۲٬۵۰۰٬۰۰۰", "purpose": "چاپ بروشور",
            "pledged_on": jalali.format_date(TODAY(), persian_digits=False),
        })
        self.assertEqual(response.status_code, 302)
        pledge = Pledge.objects.get()
        self.assertEqual(pledge.value_rials, 125_000_000)
        self.assertContains(self.client.get(pledge.get_absolute_url()), "۱۲٬۵۰۰٬۰۰۰ تومان")
        self.assertContains(self.client.get("/sponsorship/pledges/"), "۱۲٬۵۰۰٬۰۰۰ تومان")

    def test_a_rial_user_sees_rials_and_the_api_speaks_rials(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, value_rials=125_000_000)
        rial_user = make_user(Role.COORDINATOR, self.province, money_unit=MoneyUnit.RIAL)
        sign_in(self.client, rial_user)
        self.assertContains(self.client.get(pledge.get_absolute_url()), "۱۲۵٬۰۰۰٬۰۰۰ ریال")
        data = self.client.get(f"/api/pledges/{pledge.pk}", headers=bearer(self.coordinator)).json()
        self.assertEqual(data["value_rials"], 125_000_000)  # a toman user's API still answers in rials
        payload = {"sponsor": self.sponsor.pk, "kind": "cash", "value_rials": 5_000_000, "purpose": "x",
                   "pledged_on": "1405/08/01"}
        response = self.post_api("/api/pledges", self.coordinator, payload)
        self.assertEqual(Pledge.objects.get(pk=response.json()["id"]).value_rials, 5_000_000)

    def test_a_cash_pledge_needs_an_amount(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post("/sponsorship/pledges/new/", {
            "sponsor": self.sponsor.pk, "kind": "cash", "value_rials": "0", "purpose": "x",
            "pledged_on": jalali.format_date(TODAY(), persian_digits=False),
        })
        self.assertIn("value_rials", response.context["form"].errors)
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_pledge(self.province, sponsor=self.sponsor, value_rials=0)


class ReceiveTests(PledgeTestCase):
    def test_partial_then_full_receipt_moves_the_status_with_one_audit_row_each(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, value_rials=100 * MILLION)
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/sponsorship/pledges/{pledge.pk}/receive/", {
            "received_on": jalali.format_date(TODAY(), persian_digits=False), "value_rials": "4٬000٬000",
            "description": "واریز مرحله اول",
        }, follow=True)
        self.assertContains(response, "۶٬۰۰۰٬۰۰۰ تومان")  # still to come, in the user's unit
        pledge.refresh_from_db()
        self.assertEqual((pledge.status, pledge.received_rials), (PledgeStatus.PARTLY_RECEIVED, 40 * MILLION))
        response = self.post_api(f"/api/pledges/{pledge.pk}/receive", self.coordinator, {
            "received_on": TODAY().isoformat(), "value_rials": 60 * MILLION, "description": "واریز مرحله دوم"})
        self.assertEqual(response.json()["status"], "received")
        self.assertEqual(Receipt.objects.filter(pledge=pledge).count(), 2)
        events = LogEntry.objects.get_for_object(pledge).values_list("additional_data__event", flat=True)
        self.assertEqual(sorted(e for e in events if e), ["pledge_receive", "pledge_receive"])

    def test_nothing_more_is_received_once_received_and_nothing_changes(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, status=PledgeStatus.RECEIVED, received_rials=50 * MILLION)
        sign_in(self.client, self.coordinator)
        self.assertContains(self.client.get(f"/sponsorship/pledges/{pledge.pk}/receive/"), "دریافت دیگری برای آن ثبت نمی‌شود")
        response = self.post_api(f"/api/pledges/{pledge.pk}/receive", self.coordinator, {
            "received_on": TODAY().isoformat(), "value_rials": 1, "description": "x"})
        self.assertEqual(response.status_code, 409)
        pledge.refresh_from_db()
        self.assertEqual(
            (pledge.status, pledge.received_rials, pledge.receipts.count()), (PledgeStatus.RECEIVED, 50 * MILLION, 0)
        )

    def test_a_receipt_posted_after_the_pledge_closed_is_refused_with_the_reason_and_no_form(self):
        # E.g. from a tab left open while someone else closed the pledge.
        pledge = make_pledge(self.province, sponsor=self.sponsor, status=PledgeStatus.CLOSED, received_rials=50 * MILLION)
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/sponsorship/pledges/{pledge.pk}/receive/", {
            "received_on": jalali.format_date(TODAY()), "value_rials": "1000", "description": "واریز اضافه"})
        self.assertContains(response, "«بسته‌شده»")
        self.assertNotContains(response, 'name="value_rials"')
        self.assertContains(response, f'href="{pledge.get_absolute_url()}"')
        pledge.refresh_from_db()
        self.assertEqual((pledge.status, pledge.received_rials, pledge.receipts.count()), (PledgeStatus.CLOSED, 50 * MILLION, 0))

    def test_a_receipt_cannot_predate_the_pledge(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, pledged_on=TODAY())
        response = self.post_api(f"/api/pledges/{pledge.pk}/receive", self.coordinator, {
            "received_on": (TODAY() - datetime.timedelta(days=3)).isoformat(), "value_rials": 1, "description": "x"})
        self.assertEqual(response.status_code, 409)
        self.assertFalse(Receipt.objects.exists())

    def test_ambassadors_log_pledges_but_do_not_record_money(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor)
        sign_in(self.client, self.ambassador)
        self.assertEqual(self.client.get(f"/sponsorship/pledges/{pledge.pk}/receive/").status_code, 403)
        response = self.post_api(f"/api/pledges/{pledge.pk}/receive", self.ambassador, {
            "received_on": TODAY().isoformat(), "value_rials": 1, "description": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get("/sponsorship/pledges/new/").status_code, 200)


class CloseAndCancelTests(PledgeTestCase):
    def test_closing_a_partly_received_pledge_needs_a_note(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, status=PledgeStatus.PARTLY_RECEIVED, received_rials=MILLION)
        response = self.post_api(f"/api/pledges/{pledge.pk}/close", self.coordinator, {"note": ""})
        self.assertEqual(response.status_code, 409)
        response = self.post_api(f"/api/pledges/{pledge.pk}/close", self.coordinator, {"note": "بقیه پرداخت نمی‌شود"})
        self.assertEqual(response.json()["status"], "closed")

    def test_a_pledge_with_receipts_is_closed_not_cancelled(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, status=PledgeStatus.PARTLY_RECEIVED, received_rials=MILLION)
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/sponsorship/pledges/{pledge.pk}/cancel/", {"reason": "x"})
        self.assertContains(response, "به‌جای آن، تعهد را ببندید")
        self.assertEqual(self.post_api(f"/api/pledges/{pledge.pk}/cancel", self.coordinator, {"reason": "x"}).status_code, 409)
        pledge.refresh_from_db()
        self.assertEqual(pledge.status, PledgeStatus.PARTLY_RECEIVED)

    def test_cancel_then_nothing_can_be_received_or_acknowledged(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor)
        response = self.post_api(f"/api/pledges/{pledge.pk}/cancel", self.coordinator, {"reason": "لغو پویش"})
        self.assertEqual(response.status_code, 200)
        sign_in(self.client, self.coordinator)
        response = self.client.get(f"/sponsorship/pledges/{pledge.pk}/letter.pdf", follow=True)
        self.assertContains(response, "این تعهد لغو شده است")
        self.assertEqual(response["Content-Type"].split(";")[0], "text/html")

    def test_only_a_pledge_with_nothing_received_is_edited(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, status=PledgeStatus.PARTLY_RECEIVED, received_rials=MILLION)
        response = self.client.patch(f"/api/pledges/{pledge.pk}", {"value_rials": 1}, content_type="application/json",
                                     headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)
        sign_in(self.client, self.coordinator)
        self.assertRedirects(self.client.get(f"/sponsorship/pledges/{pledge.pk}/edit/"), pledge.get_absolute_url())
        pledge.refresh_from_db()
        self.assertEqual(pledge.value_rials, 50 * MILLION)


class AcknowledgementLetterTests(PledgeTestCase):
    def test_letter_is_a_persian_pdf_with_the_sponsor_and_a_jalali_date(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor, kind="in_kind", value_rials=80 * MILLION,
                             purpose="اقلام پذیرایی کارگاه‌ها", status=PledgeStatus.RECEIVED, received_rials=80 * MILLION)
        Receipt.objects.create(pledge=pledge, received_on=datetime.date(2026, 11, 26), value_rials=80 * MILLION,
                               description="بیست بسته پذیرایی")
        sign_in(self.client, self.coordinator)
        self.client.cookies["django_language"] = "en"  # the signer reads the site in English …
        self.assertContains(self.client.get(pledge.get_absolute_url()), 'lang="en"')
        response = self.client.get(f"/sponsorship/pledges/{pledge.pk}/letter.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = pdf_text(response.content)
        self.assertIn(squash("شرکت داروسازی نیک‌اندیشان"), text)
        self.assertIn(squash("تاریخ: " + jalali.format_date_long(TODAY())), text)  # today, e.g. ۵ آذر ۱۴۰۵
        self.assertIn(squash("۵ آذر ۱۴۰۵: بیست بسته پذیرایی"), text)  # the receipt's date
        self.assertIn("تقدیرنامه", text)  # … the letter is Persian
        self.assertIn(squash("۸۰٬۰۰۰٬۰۰۰ ریال"), text)  # official letters state rials
        self.assertIn(squash("مینا صادقی"), text)
        self.assertTrue(LogEntry.objects.filter(additional_data__event="pledge_acknowledge", actor=self.coordinator).exists())

    def test_ambassadors_cannot_issue_letters(self):
        pledge = make_pledge(self.province, sponsor=self.sponsor)
        sign_in(self.client, self.ambassador)
        self.assertEqual(self.client.get(f"/sponsorship/pledges/{pledge.pk}/letter.pdf").status_code, 403)


class TotalsTests(PledgeTestCase):
    def test_totals_by_province_area_and_sponsor_leave_out_cancelled_pledges(self):
        from areas.models import Area

        health = Area.objects.get(slug="health")
        other_sponsor = make_organization(self.province, kind=OrganizationKind.BUSINESS, name="هتل پارسیان")
        first = make_pledge(self.province, sponsor=self.sponsor, value_rials=100 * MILLION, status=PledgeStatus.PARTLY_RECEIVED,
                            received_rials=30 * MILLION)
        first.areas.set([health])
        make_pledge(self.province, sponsor=other_sponsor, value_rials=20 * MILLION)
        make_pledge(self.province, sponsor=other_sponsor, value_rials=999 * MILLION, status=PledgeStatus.CANCELLED,
                    cancel_reason="x")
        make_pledge(make_province("10"), value_rials=7 * MILLION)  # another province: not counted
        sign_in(self.client, self.coordinator)
        groups = {group.title: group for group in self.client.get("/sponsorship/pledges/totals/").context["groups"]}
        by_province = groups["به تفکیک استان"]
        self.assertEqual([(row.label, row.cells) for row in by_province.rows],
                         [("تهران", ["۲", "۱۲٬۰۰۰٬۰۰۰ تومان", "۳٬۰۰۰٬۰۰۰ تومان"])])
        by_area = {row.label: row.cells for row in groups["به تفکیک حوزه"].rows}
        self.assertEqual(by_area["سلامت"], ["۱", "۱۰٬۰۰۰٬۰۰۰ تومان", "۳٬۰۰۰٬۰۰۰ تومان"])
        self.assertEqual(by_area["بدون حوزه"], ["۱", "۲٬۰۰۰٬۰۰۰ تومان", "۰ تومان"])
        by_sponsor = {row.label: row.cells[1] for row in groups["به تفکیک حامی"].rows}
        self.assertEqual(by_sponsor, {"شرکت داروسازی نیک‌اندیشان": "۱۰٬۰۰۰٬۰۰۰ تومان", "هتل پارسیان": "۲٬۰۰۰٬۰۰۰ تومان"})
        response = self.client.get("/api/pledges/totals", {"sponsor": other_sponsor.pk}, headers=bearer(self.coordinator))
        self.assertEqual(response.json()[2]["rows"], [{"label": "هتل پارسیان", "cells": ["۱", "۲٬۰۰۰٬۰۰۰ تومان", "۰ تومان"]}])
