import datetime
import json
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.testing import bearer, make_user, sign_in
from core import jalali
from core.roles import Role
from core.testing import pdf_text, squash, xlsx_cells
from geo.testing import make_province
from media.testing import make_coverage
from notifications.models import Notification
from reports import deadlines, selectors, services
from reports.choices import ReportStatus, SuggestionStatus, Timeliness
from reports.models import MonthlyReport, snapshot_hash
from reports.testing import MONTH, YEAR, make_report, make_suggestion

FIRST, LAST = jalali.month_bounds(YEAR, MONTH)


class ReportWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.tehran)
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.coverage = make_coverage(cls.tehran, published_on=FIRST, estimated_reach=4000)

    def figure(self, sections, section_key, figure_key):
        section = next(s for s in sections if s["key"] == section_key)
        return next(f for f in section["figures"] if f["key"] == figure_key)["value"]

    def test_pages_take_a_month_from_draft_to_locked_and_reopened(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post(reverse("reports:monthlyreport_create"), {
            "province": self.tehran.pk, "jalali_year": "۱۴۰۵", "jalali_month": str(MONTH),
            "narrative": "دو برنامهٔ رادیویی پخش شد."})
        report = MonthlyReport.objects.get()
        self.assertRedirects(response, report.get_absolute_url())
        self.assertEqual((report.status, report.due_on), (ReportStatus.DRAFT, deadlines.due_date(YEAR, MONTH)))
        page = self.client.get(report.get_absolute_url()).content.decode()
        self.assertIn("۴٬۰۰۰", page)  # live reach
        self.assertIn(reverse("media:mediacoverage_list"), page)  # figures link to their records

        self.client.post(reverse("reports:monthlyreport_submit", args=[report.pk]), {})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.SUBMITTED)
        self.assertEqual(report.snapshot_hash, snapshot_hash(report.snapshot))
        self.assertTrue(Notification.objects.filter(recipient=self.manager).exists())
        # Logged later: the frozen figures do not move.
        make_coverage(self.tehran, published_on=FIRST, estimated_reach=1000)
        self.assertEqual(self.figure(selectors.report_sections(report), "media", "reach"), 4000)
        first_submitted = report.first_submitted_at

        # The coordinator cannot accept; the manager returns it with a reason.
        self.assertEqual(self.client.post(reverse("reports:monthlyreport_accept", args=[report.pk]), {}).status_code, 403)
        sign_in(self.client, self.manager)
        response = self.client.post(reverse("reports:monthlyreport_return", args=[report.pk]), {"reason": ""})
        self.assertEqual(response.status_code, 200)  # the reason is required
        self.client.post(reverse("reports:monthlyreport_return", args=[report.pk]), {"reason": "نتیجهٔ جلسه‌ها را بنویسید."})
        report.refresh_from_db()
        self.assertEqual((report.status, report.return_reason), (ReportStatus.RETURNED, "نتیجهٔ جلسه‌ها را بنویسید."))

        # Revised and resubmitted: the figures are frozen again, now with the later coverage.
        sign_in(self.client, self.coordinator)
        self.client.post(reverse("reports:monthlyreport_update", args=[report.pk]),
                         {"narrative": "دو برنامهٔ رادیویی و یک گزارش خبری.", "no_activity_statement": ""})
        self.client.post(reverse("reports:monthlyreport_submit", args=[report.pk]), {})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.RESUBMITTED)
        self.assertEqual(report.first_submitted_at, first_submitted)  # timeliness keeps the first submission
        self.assertEqual(report.snapshot["narrative"], "دو برنامهٔ رادیویی و یک گزارش خبری.")
        self.assertEqual(self.figure(report.snapshot["sections"], "media", "reach"), 5000)

        sign_in(self.client, self.manager)
        self.client.post(reverse("reports:monthlyreport_accept", args=[report.pk]), {})
        self.client.post(reverse("reports:monthlyreport_lock", args=[report.pk]), {})
        report.refresh_from_db()
        self.assertEqual((report.status, report.accepted_by), (ReportStatus.LOCKED, self.manager))
        # Locked: no editing, and only a national admin reopens.
        self.assertEqual(self.client.get(reverse("reports:monthlyreport_reopen", args=[report.pk])).status_code, 403)
        sign_in(self.client, self.coordinator)
        self.assertRedirects(self.client.get(reverse("reports:monthlyreport_update", args=[report.pk])),
                             report.get_absolute_url())

        sign_in(self.client, self.admin)
        response = self.client.post(reverse("reports:monthlyreport_reopen", args=[report.pk]), {"reason": "اصلاح ارقام"})
        version_2 = MonthlyReport.objects.get(version=2)
        self.assertRedirects(response, version_2.get_absolute_url())
        self.assertEqual((version_2.status, version_2.previous, version_2.reopen_reason),
                         (ReportStatus.DRAFT, report, "اصلاح ارقام"))
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.LOCKED)
        self.assertTrue(report.snapshot_intact)
        self.assertContains(self.client.get(report.get_absolute_url()), version_2.get_absolute_url())

    def test_the_author_never_accepts_the_report(self):
        report = make_report(self.tehran, coordinator=self.admin, status=ReportStatus.SUBMITTED)
        response = self.client.post(f"/api/monthly-reports/{report.pk}/accept", {}, content_type="application/json",
                                    headers=bearer(self.admin))
        self.assertEqual(response.status_code, 409)
        self.assertIn("کس دیگری", response.json()["detail"])
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.SUBMITTED)

    def test_an_empty_month_needs_a_no_activity_statement(self):
        report = make_report(self.tehran, month=5, no_activity_statement="")
        self.assertEqual(selectors.has_activity(selectors.report_sections(report)), False)
        sign_in(self.client, self.coordinator)
        response = self.client.post(reverse("reports:monthlyreport_submit", args=[report.pk]), {})
        self.assertContains(response, "فعالیتی")  # the refusal says what to write
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DRAFT)
        report.no_activity_statement = "سفیران در این ماه در دورهٔ آموزشی بودند."
        report.save()
        self.client.post(reverse("reports:monthlyreport_submit", args=[report.pk]), {})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.SUBMITTED)

    def test_a_month_is_submitted_only_once_it_is_over(self):
        year, month = jalali.month_of(datetime.date.today())
        report = make_report(self.tehran, year=year, month=month)
        response = self.client.post(f"/api/monthly-reports/{report.pk}/submit", {}, content_type="application/json",
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)

    def test_one_report_per_province_and_month(self):
        make_report(self.tehran)
        sign_in(self.client, self.coordinator)
        response = self.client.post(reverse("reports:monthlyreport_create"), {
            "province": self.tehran.pk, "jalali_year": YEAR, "jalali_month": MONTH})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(MonthlyReport.objects.count(), 1)

    def test_api_serves_the_snapshot_and_its_hash(self):
        report = make_report(self.tehran, status=ReportStatus.ACCEPTED)
        data = self.client.get(f"/api/monthly-reports/{report.pk}", headers=bearer(self.manager)).json()
        self.assertEqual(data["snapshot_hash"], snapshot_hash(data["snapshot"]))
        self.assertEqual(data["sections"], data["snapshot"]["sections"])
        self.assertEqual(data["period"], "1405-07")

    def test_pdf_and_xlsx_show_the_frozen_figures(self):
        report = make_report(self.tehran, status=ReportStatus.SUBMITTED)
        make_coverage(self.tehran, published_on=FIRST, estimated_reach=1)  # after submission: not in the report
        sign_in(self.client, self.manager)
        pdf = self.client.get(reverse("reports:monthlyreport_pdf", args=[report.pk]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        text = pdf_text(pdf.content)
        self.assertIn(squash("مخاطبان تخمینی"), text)
        self.assertIn(squash("۴٬۰۰۰"), text)
        self.assertIn(squash(self.tehran.name), text)
        rows = xlsx_cells(self.client.get(reverse("reports:monthlyreport_xlsx", args=[report.pk])).content)
        reach = [row for row in rows if row[1] == "مخاطبان تخمینی"]
        self.assertEqual(reach[0][2], 4000)
        self.assertIn(report.snapshot_hash, json.dumps(rows, ensure_ascii=False))


class FollowingMonthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.tehran)
        make_coverage(cls.tehran, published_on=FIRST, estimated_reach=4000)
        cls.last_month = make_report(cls.tehran, coordinator=cls.coordinator, manager=cls.manager)
        cls.suggestion = make_suggestion(report=cls.last_month, what="کارگاه در شهرستان‌ها")
        services.report_submit(cls.last_month, cls.coordinator)
        services.report_accept(cls.last_month, cls.manager)
        cls.next_month = make_report(cls.tehran, month=MONTH + 1, coordinator=cls.coordinator)

    def test_last_months_suggestions_and_their_progress_are_listed(self):
        services.suggestion_progress(self.suggestion, self.manager, status=SuggestionStatus.IN_PROGRESS, note="دو کارگاه")
        sign_in(self.client, self.coordinator)
        page = self.client.get(self.next_month.get_absolute_url())
        self.assertContains(page, "کارگاه در شهرستان‌ها")
        self.assertContains(page, "دو کارگاه")

    def test_records_changed_after_acceptance_show_in_the_next_report(self):
        sign_in(self.client, self.coordinator)
        self.assertNotContains(self.client.get(self.next_month.get_absolute_url()), "changes-heading")
        make_coverage(self.tehran, published_on=LAST, estimated_reach=500)
        _previous, changes = selectors.changed_since_accepted(self.next_month)
        self.assertEqual({(c.accepted, c.now) for c in changes}, {(1, 2), (4000, 4500)})
        self.assertContains(self.client.get(self.next_month.get_absolute_url()), "changes-heading")

    def test_progress_is_recorded_only_after_submission(self):
        draft_suggestion = make_suggestion(report=self.next_month)
        response = self.client.post(f"/api/suggestions/{draft_suggestion.pk}/progress", {"status": "done"},
                                    content_type="application/json", headers=bearer(self.manager))
        self.assertEqual(response.status_code, 409)


class DeadlineTests(TestCase):
    @override_settings(REPORT_DEADLINE_DAYS=10)
    def test_deadline_moves_past_fridays_and_public_holidays(self):
        # Bahman 1404 ends 2026-02-19; +10 days is 2026-03-01, a public holiday in the calendar.
        due = deadlines.due_date(1404, 11)
        self.assertGreater(due, datetime.date(2026, 3, 1))
        self.assertFalse(deadlines.is_day_off(due))
        # Mehr 1405 ends 2026-10-22; +10 is Sunday 2026-11-01, a working day: unchanged.
        self.assertEqual(deadlines.due_date(1405, 7), datetime.date(2026, 11, 1))
        # Esfand 1404 ends 2026-03-20; +10 (2026-03-30) is in Nowruz or after: never a day off.
        self.assertFalse(deadlines.is_day_off(deadlines.due_date(1404, 12)))
        self.assertTrue(deadlines.is_day_off(datetime.date(2026, 3, 21)))  # Nowruz
        self.assertTrue(deadlines.is_day_off(datetime.date(2026, 11, 27)))  # a Friday


class TimelinessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan, cls.qom = make_province("23"), make_province("10"), make_province("25")
        # Both coordinators took office before the year (their history starts when they joined).
        joined = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran, date_joined=joined)
        cls.isfahan_coordinator = make_user(Role.COORDINATOR, cls.isfahan, date_joined=joined)
        cls.admin = make_user(Role.NATIONAL_ADMIN)

    def stamp(self, report, day):
        moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
        MonthlyReport.objects.filter(pk=report.pk).update(first_submitted_at=moment)

    def test_cells_and_rates(self):
        today = datetime.date(2026, 11, 30)  # Azar 9, 1405
        on_time = make_report(self.tehran, month=6, coordinator=self.coordinator, status=ReportStatus.RESUBMITTED)
        self.stamp(on_time, on_time.due_on)  # first submission on the deadline: on time, whatever came after
        late = make_report(self.tehran, month=5, coordinator=self.coordinator, status=ReportStatus.SUBMITTED)
        self.stamp(late, late.due_on + datetime.timedelta(days=1))
        make_report(self.isfahan, month=6, coordinator=self.isfahan_coordinator, status=ReportStatus.ACCEPTED)
        make_report(self.isfahan, month=5, coordinator=self.isfahan_coordinator, status=ReportStatus.RETURNED)
        # Qom has no coordinator, yet someone submitted: shown, but never counted.
        make_report(self.qom, month=6, coordinator=self.admin, status=ReportStatus.SUBMITTED)
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            grid = selectors.timeliness(self.admin, 1405, today=today)
        cells = {province.code: [cell.state for cell in row] for province, row in grid.rows}
        self.assertEqual(cells["23"][4:9], [Timeliness.LATE, Timeliness.ON_TIME, Timeliness.MISSING, Timeliness.OPEN,
                                            Timeliness.NOT_DUE])
        self.assertEqual(cells["10"][4:6], [Timeliness.RETURNED, Timeliness.ACCEPTED])
        self.assertEqual(cells["25"][6], Timeliness.NOT_EXPECTED)
        self.assertEqual(len(grid.rows), 31)
        # Shahrivar (6): expected Tehran and Isfahan only (not Qom); both submitted, only Tehran on time
        # (Isfahan's first submission is today, long after its deadline).
        self.assertEqual(grid.rates[5], (2, 2, 1))
        for expected, submitted, in_time in grid.rates:
            self.assertLessEqual(submitted, expected)
            self.assertLessEqual(in_time, submitted)

    def backdate_last_change(self, user, moment):
        from auditlog.models import LogEntry

        entry = LogEntry.objects.get_for_object(user).order_by("-timestamp", "-pk").first()
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)

    def test_expected_follows_who_was_coordinator_in_each_month(self):
        """Tehran's coordinator moves to Qom at the start of Azar (month 9); Isfahan's is
        deactivated in Mordad (5); a coordinator for Fars is appointed (joins) in Mehr (7)."""
        fars = make_province("07")
        self.coordinator.province = self.qom
        self.coordinator.save()
        self.backdate_last_change(self.coordinator, datetime.datetime(2026, 11, 22, 8, tzinfo=datetime.UTC))  # 1 Azar
        self.isfahan_coordinator.is_active = False
        self.isfahan_coordinator.save()
        self.backdate_last_change(self.isfahan_coordinator, datetime.datetime(2026, 8, 1, 8, tzinfo=datetime.UTC))
        make_user(Role.COORDINATOR, fars, date_joined=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC))
        expected = selectors.expected_by_month(1405)
        by_code = {code: [month + 1 for month in range(12) if pk in expected[month]]
                   for code, pk in (("23", self.tehran.pk), ("10", self.isfahan.pk), ("25", self.qom.pk),
                                    ("07", fars.pk))}
        self.assertEqual(by_code["23"], list(range(1, 10)))  # until Azar, when they left
        self.assertEqual(by_code["25"], [9, 10, 11, 12])      # from Azar on (the future is open)
        self.assertEqual(by_code["10"], [1, 2, 3, 4, 5])      # until deactivated in Mordad
        self.assertEqual(by_code["07"], list(range(7, 13)))   # appointed in Mehr
        today = datetime.date(2026, 11, 30)
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            grid = selectors.timeliness(self.admin, 1405, today=today)
        cells = {province.code: [cell.state for cell in row] for province, row in grid.rows}
        self.assertEqual(cells["10"][6], Timeliness.NOT_EXPECTED)  # no coordinator in Mehr any more
        self.assertEqual(cells["23"][6], Timeliness.MISSING)       # Tehran still had one in Mehr
        self.assertEqual(cells["07"][5], Timeliness.NOT_EXPECTED)  # Fars had none yet in Shahrivar
        for expected_count, submitted, _in_time in grid.rates:
            self.assertLessEqual(submitted, expected_count)

    def test_coordinators_see_their_own_province_only(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get(reverse("reports:timeliness"), {"year": 1405}).content.decode()
        self.assertIn(self.tehran.name, page)
        self.assertNotIn(self.isfahan.name, page)
        rows = self.client.get("/api/monthly-reports/timeliness", {"year": 1405}, headers=bearer(self.coordinator)).json()
        self.assertEqual([row["province"] for row in rows["rows"]], [self.tehran.pk])


class ReminderTests(TestCase):
    def test_coordinators_are_reminded_once_before_the_deadline_and_once_when_missing(self):
        tehran, isfahan = make_province("23"), make_province("10")
        coordinator = make_user(Role.COORDINATOR, tehran)
        done = make_user(Role.COORDINATOR, isfahan)
        make_report(isfahan, coordinator=done, status=ReportStatus.SUBMITTED)
        due = deadlines.due_date(YEAR, MONTH)
        with mock.patch("django.utils.timezone.localdate", return_value=due - datetime.timedelta(days=1)):
            call_command("send_report_reminders", stdout=StringIO())
            call_command("send_report_reminders", stdout=StringIO())
        with mock.patch("django.utils.timezone.localdate", return_value=due + datetime.timedelta(days=2)):
            call_command("send_report_reminders", stdout=StringIO())
        self.assertEqual(Notification.objects.filter(recipient=coordinator).count(), 2)
        self.assertFalse(Notification.objects.filter(recipient=done).exists())
