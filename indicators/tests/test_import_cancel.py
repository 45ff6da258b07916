"""Cancelling an Excel import of values (the roster import's cancel, smaller): a queued one ends at
once and the worker skips it; a running one is rolled back whole — nothing from the file is
saved either way; an ended one offers no cancel. Page (with its confirmation) and API alike,
audited."""
from unittest import mock

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from geo.testing import make_province
from indicators import importer, services
from indicators.choices import PeriodType, ValueImportStatus
from indicators.models import IndicatorValue, ValueImport
from indicators.testing import make_indicator, make_source

from .test_import import workbook


class ImportCancelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        make_indicator(None, name="تصادفات سالمندان", period_type=PeriodType.MONTH)
        make_source(cls.province, name="استانداری تهران")

    def row(self, period="1404-07"):
        values = {"indicator": "تصادفات سالمندان", "province": self.province.name, "county": "", "period": period,
                  "value": 120, "not_available_reason": "", "organization": "استانداری تهران", "letter_number": "۱۲/۴",
                  "letter_date": "1404/08/10", "url": "", "retrieved_on": "", "comment": ""}
        return [values[name] for name in importer.COLUMNS]

    def rows(self, count):
        return workbook([self.row(period=f"{1390 + index // 12}-{index % 12 + 1:02d}") for index in range(count)])

    def queued(self, content) -> tuple[ValueImport, list]:
        """Upload through the page without running the worker: the import and its queued task."""
        sign_in(self.client, self.coordinator)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = self.client.post("/statistics/values/import/", {"file": SimpleUploadedFile("v.xlsx", content)})
        self.assertEqual(response.status_code, 302)
        return ValueImport.objects.latest("pk"), callbacks

    def cancelled_on_row(self, number):
        """The row hook: a person cancels while the worker is saving row `number` (the flag is set
        as the page's cancel sets it on a running import)."""
        real, calls = services.value_record, []

        def recording(*args, **kwargs):
            calls.append(1)
            if len(calls) == number:
                ValueImport.objects.filter(status=ValueImportStatus.RUNNING).update(cancel_requested=True)
            return real(*args, **kwargs)

        return mock.patch.object(services, "value_record", recording), calls

    def assert_cancelled_and_nothing_written(self, record):
        record.refresh_from_db()
        self.assertEqual(record.status, ValueImportStatus.CANCELLED)
        self.assertIsNotNone(record.finished_at)
        self.assertEqual((record.lease_owner, record.lease_until, record.cancel_requested), ("", None, False))
        self.assertEqual((record.created_rows, record.updated_rows), (0, 0))
        self.assertFalse(record.file)  # the upload is not kept once the import ends
        self.assertFalse(IndicatorValue.objects.exists())

    def test_a_queued_import_cancelled_on_its_page_ends_at_once_and_the_worker_skips_it(self):
        record, queued = self.queued(workbook([self.row()]))
        page = self.client.get(record.get_absolute_url())
        cancel_url = f"/statistics/values/import/{record.pk}/cancel/"
        self.assertContains(page, cancel_url)
        # The button leads to a confirmation first (the roster's way); a GET changes nothing.
        self.assertEqual(self.client.get(cancel_url).status_code, 200)
        self.assertEqual(ValueImport.objects.get(pk=record.pk).status, ValueImportStatus.QUEUED)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(cancel_url)
        self.assertRedirects(response, record.get_absolute_url(), fetch_redirect_response=False)
        for callback in queued:  # the worker's task comes round
            callback()
        self.assertEqual(services.valueimport_run(record.pk), ValueImportStatus.CANCELLED)
        self.assert_cancelled_and_nothing_written(record)
        page = self.client.get(record.get_absolute_url())
        self.assertContains(page, "لغو شد")
        self.assertNotContains(page, cancel_url)  # ended: no cancel offered
        self.assertNotContains(page, "hx-trigger")
        # One audit row names the step and the person.
        entry = LogEntry.objects.get(additional_data__event="valueimport_cancel")
        self.assertEqual((entry.object_pk, entry.actor), (str(record.pk), self.coordinator))
        self.assertEqual(entry.changes["status"], ["queued", "cancelled"])

    def test_a_cancel_asked_while_running_rolls_every_row_back_before_the_commit(self):
        record, queued = self.queued(workbook([self.row(), self.row(period="1404-08"), self.row(period="1404-09")]))
        patch, calls = self.cancelled_on_row(3)  # after the last row: only the check before the commit sees it
        with patch:
            for callback in queued:
                callback()
        self.assertEqual(len(calls), 3)
        self.assert_cancelled_and_nothing_written(record)
        self.assertTrue(LogEntry.objects.filter(additional_data__event="valueimport_stop", object_pk=str(record.pk)).exists())

    def test_a_cancel_asked_while_running_stops_between_rows(self):
        record, queued = self.queued(self.rows(importer.CANCEL_CHECK_ROWS * 2))
        patch, calls = self.cancelled_on_row(2)
        with patch:
            for callback in queued:
                callback()
        self.assertLess(len(calls), importer.CANCEL_CHECK_ROWS)  # stopped at the next check, not at the end
        self.assert_cancelled_and_nothing_written(record)

    def test_cancelling_a_running_import_asks_the_worker_to_stop(self):
        record = ValueImport.objects.create(original_name="v.xlsx", province=self.province, created_by=self.coordinator,
                                            status=ValueImportStatus.RUNNING, lease_owner="host:1:1")
        services.valueimport_cancel(record, self.coordinator)
        record.refresh_from_db()
        self.assertEqual((record.status, record.cancel_requested), (ValueImportStatus.RUNNING, True))
        sign_in(self.client, self.coordinator)
        part = self.client.get(record.get_absolute_url() + "?part=progress", headers={"HX-Request": "true"})
        self.assertContains(part, "در حال لغو")
        self.assertNotContains(part, f"/statistics/values/import/{record.pk}/cancel/")  # asked once
        self.assertEqual(LogEntry.objects.get(additional_data__event="valueimport_cancel").changes["cancel_requested"],
                         ["False", "True"])

    def test_an_ended_import_offers_no_cancel_and_says_why(self):
        headers = bearer(self.coordinator)
        sign_in(self.client, self.coordinator)
        for status in (ValueImportStatus.DONE, ValueImportStatus.FAILED, ValueImportStatus.CANCELLED):
            with self.subTest(status=status):
                record = ValueImport.objects.create(original_name="v.xlsx", province=self.province,
                                                    created_by=self.coordinator, status=status)
                with self.assertRaisesMessage(services.WorkflowError, "تمام شده"):
                    services.valueimport_cancel(record, self.coordinator)
                self.assertNotContains(self.client.get(record.get_absolute_url()), "/cancel/")
                response = self.client.post(f"/api/indicator-imports/{record.pk}/cancel", headers=headers)
                self.assertEqual(response.status_code, 409)
                self.assertIn("تمام شده", response.json()["detail"])
                self.assertEqual(ValueImport.objects.get(pk=record.pk).status, status)
        self.assertFalse(LogEntry.objects.filter(additional_data__event="valueimport_cancel").exists())

    def test_the_api_cancels_lists_the_action_and_filters_by_the_new_status(self):
        headers = bearer(self.coordinator)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            response = self.client.post("/api/indicator-imports", {"file": SimpleUploadedFile("v.xlsx", workbook([self.row()]))},
                                        headers=headers)
        pk = response.json()["id"]
        body = self.client.get(f"/api/indicator-imports/{pk}", headers=headers).json()
        self.assertEqual((body["status"], body["actions"], body["cancel_requested"]), ("queued", ["cancel"], False))
        # Another province's coordinator cannot see it, so cannot cancel it; an ambassador may not cancel.
        away = bearer(make_user(Role.COORDINATOR, make_province("10")))
        self.assertEqual(self.client.post(f"/api/indicator-imports/{pk}/cancel", headers=away).status_code, 404)
        ambassador = bearer(make_user(Role.AMBASSADOR, self.province))
        self.assertEqual(self.client.post(f"/api/indicator-imports/{pk}/cancel", headers=ambassador).status_code, 403)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/api/indicator-imports/{pk}/cancel", headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["actions"]), ("cancelled", []))
        for callback in queued:
            callback()
        self.assert_cancelled_and_nothing_written(ValueImport.objects.get(pk=pk))
        self.assertEqual(LogEntry.objects.get(additional_data__event="valueimport_cancel").actor, self.coordinator)
        listed = self.client.get("/api/indicator-imports?status=cancelled", headers=headers).json()["items"]
        self.assertEqual([item["id"] for item in listed], [pk])
        self.assertEqual(self.client.get("/api/indicator-imports?status=done", headers=headers).json()["items"], [])
        # The step is in the OpenAPI schema like the roster import's cancel.
        schema = self.client.get("/api/openapi.json").json()
        operations = {operation["operationId"] for item in schema["paths"].values() for operation in item.values()}
        self.assertIn("valueimport_cancel", operations)
        self.assertIn("/api/indicator-imports/{pk}/cancel", schema["paths"])

    def test_the_list_filter_offers_the_new_status(self):
        from django.utils import translation

        from indicators.filters import ValueImportFilterSet

        choices = dict(ValueImportFilterSet().filters["status"].extra["choices"])
        with translation.override("fa"):
            self.assertEqual(str(choices["cancelled"]), "لغو شد")

    def test_a_run_whose_worker_died_after_a_cancel_ends_cancelled_not_run_again(self):
        import datetime

        from django.utils import timezone

        from core.leases import recover_lost_work

        record = ValueImport.objects.create(original_name="v.xlsx", province=self.province, created_by=self.coordinator,
                                            status=ValueImportStatus.RUNNING, cancel_requested=True,
                                            lease_owner="gone-host:1:1",
                                            lease_until=timezone.now() - datetime.timedelta(minutes=1))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_lost_work()["indicators"], 0)
        self.assert_cancelled_and_nothing_written(record)
