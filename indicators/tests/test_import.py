"""Excel import of values, run by the task worker: the roster's convention — each rejected row
with its line and reason (page, API and workbook), nothing half-written even when the task
fails or is killed, declared sizes checked at the upload."""
import datetime
import io
import re
import zipfile
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from openpyxl import Workbook

from accounts.testing import bearer, make_user, sign_in
from core.leases import recover_lost_work
from core.roles import Role
from core.testing import ScopeChecks, xlsx_cells
from geo.testing import make_county, make_province
from indicators import importer, services
from indicators.choices import PeriodType, ValueImportStatus
from indicators.models import IndicatorValue, ValueImport
from indicators.testing import make_indicator, make_source, make_website


def workbook(rows, header=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or importer.TEMPLATE_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def declaring(content: bytes, ref: str) -> bytes:
    """The same workbook with its sheet claiming another size (a hostile file)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
            out.writestr(item, data)
    return target.getvalue()


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.county = make_county(cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.monthly = make_indicator(None, name="تصادفات سالمندان", period_type=PeriodType.MONTH)
        cls.yearly = make_indicator(None, name="پوشش بیمه تکمیلی", unit="درصد", period_type=PeriodType.YEAR,
                                    max_value=Decimal(100))
        cls.source = make_source(cls.province, name="استانداری تهران")
        cls.site = make_website(cls.province, url="https://amar.tehran.example.ir")

    def row(self, **cells):
        values = {"indicator": "تصادفات سالمندان", "province": self.province.name, "county": "", "period": "1404-07",
                  "value": 120, "not_available_reason": "", "organization": "استانداری تهران", "letter_number": "۱۲/۴",
                  "letter_date": "1404/08/10", "url": "", "retrieved_on": "", "comment": "", **cells}
        return [values[name] for name in importer.COLUMNS]

    def post(self, content, name="values.xlsx", user=None):
        """Upload through the page; the queued task runs when the upload commits."""
        sign_in(self.client, user or self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/statistics/values/import/", {"file": SimpleUploadedFile(name, content)})

    def imported(self, content, **kwargs) -> ValueImport:
        response = self.post(content, **kwargs)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors)
        record = ValueImport.objects.latest("pk")
        self.assertEqual(response["Location"], record.get_absolute_url())
        return record

    def test_good_rows_are_saved_and_each_bad_row_comes_back_with_its_line_and_reason(self):
        rows = [
            self.row(),                                                          # 2 saved
            self.row(period="1404-08", value="", not_available_reason="آمار ندارند"),  # 3 saved, not available
            self.row(indicator="پوشش بیمه تکمیلی", period="1403", organization="", letter_number="", letter_date="",
                     url="https://amar.tehran.example.ir/1403", retrieved_on="1404/02/01", value="۶۱٫۵"),  # 4 saved
            self.row(indicator="نامعلوم"),                                         # 5 unknown indicator
            self.row(period="1404"),                                             # 6 wrong period kind
            self.row(value=""),                                                  # 7 neither value nor reason
            self.row(organization="", letter_number="", letter_date=""),         # 8 no source
            self.row(),                                                          # 9 same as line 2
            self.row(period="1404-09", value=5000),                              # 10 out of range, no comment
            self.row(period="1404-09", county=self.county.name, value=90),       # 11 saved, county level
        ]
        record = self.imported(workbook(rows))
        self.assertEqual(record.status, ValueImportStatus.DONE)
        self.assertEqual((record.created_rows, record.updated_rows, record.rejected_rows), (4, 0, 6))
        self.assertFalse(record.file)  # the upload is not kept once its figures are in
        self.assertEqual([item["line"] for item in record.rejects], [5, 6, 7, 8, 9, 10])
        reasons = {item["line"]: item["reason"] for item in record.rejects}
        self.assertIn("نامعلوم", reasons[5])
        self.assertIn("1404-07", reasons[6])
        self.assertIn("صفر", reasons[7])
        self.assertIn("منبع", reasons[8])
        self.assertIn("سطر 2", reasons[9])
        self.assertIn("بازهٔ", reasons[10])
        page = self.client.get(record.get_absolute_url())
        self.assertContains(page, "rejected-rows")
        self.assertContains(page, "پایان")  # done
        self.assertContains(page, reasons[5])
        saved = IndicatorValue.objects.order_by("pk")
        self.assertEqual(saved.count(), 4)
        self.assertTrue(saved[1].not_available)
        self.assertEqual((saved[2].website, saved[2].value), (self.site, Decimal("61.5")))
        self.assertEqual(saved[3].county, self.county)
        # The rejected rows as a workbook: line, reason, then the file's own cells.
        cells = xlsx_cells(self.client.get(f"/statistics/values/import/{record.pk}/rejected.xlsx").content)
        self.assertEqual(cells[0][:3], ["خط", "دلیل", "شاخص"])
        self.assertEqual([row[0] for row in cells[1:]], [5, 6, 7, 8, 9, 10])
        self.assertEqual(cells[1][2], "نامعلوم")

    def test_the_page_shows_queued_then_running_while_the_worker_has_not_finished(self):
        sign_in(self.client, self.coordinator)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post("/statistics/values/import/", {"file": SimpleUploadedFile("v.xlsx", workbook([self.row()]))})
        record = ValueImport.objects.get()
        self.assertEqual(record.status, ValueImportStatus.QUEUED)
        page = self.client.get(record.get_absolute_url())
        self.assertContains(page, "hx-trigger")  # redrawn until it ends
        part = self.client.get(record.get_absolute_url() + "?part=progress", headers={"HX-Request": "true"})
        self.assertContains(part, "import-status")
        self.assertNotContains(part, "<html")
        for callback in queued:
            callback()
        record.refresh_from_db()
        self.assertEqual(record.status, ValueImportStatus.DONE)
        self.assertNotContains(self.client.get(record.get_absolute_url()), "hx-trigger")

    def test_importing_the_same_file_again_changes_nothing_and_a_new_figure_updates(self):
        self.imported(workbook([self.row()]))
        record = self.imported(workbook([self.row()]))
        self.assertEqual((record.created_rows, record.unchanged_rows), (0, 1))
        record = self.imported(workbook([self.row(value=125)]))
        self.assertEqual(record.updated_rows, 1)
        self.assertEqual(IndicatorValue.objects.get().value, Decimal(125))

    def failing_on_second_row(self, exception):
        real = services.value_record
        calls = []

        def failing(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise exception
            return real(*args, **kwargs)

        return mock.patch.object(services, "value_record", failing)

    def test_a_failed_task_writes_nothing_and_says_why(self):
        with self.failing_on_second_row(RuntimeError("disk full")), self.assertLogs("indicators.services", "ERROR"):
            record = self.imported(workbook([self.row(), self.row(period="1404-08")]))
        self.assertEqual(record.status, ValueImportStatus.FAILED)
        self.assertIn("هیچ", record.error)  # "nothing from this file was saved"
        self.assertFalse(IndicatorValue.objects.exists())
        self.assertContains(self.client.get(record.get_absolute_url()), record.error)

    def test_a_killed_task_writes_nothing_and_is_run_again(self):
        # The worker dies midway (SystemExit stands for SIGKILL): its transaction never commits.
        with self.failing_on_second_row(SystemExit(137)):
            record = self.imported(workbook([self.row(), self.row(period="1404-08")]))
        record.refresh_from_db()
        self.assertEqual(record.status, ValueImportStatus.RUNNING)
        self.assertFalse(IndicatorValue.objects.exists())
        # Recovery finds the dead owner and queues it again; the next run imports it whole.
        ValueImport.objects.filter(pk=record.pk).update(lease_owner="gone-host:1:1", lease_until=timezone.now() - datetime.timedelta(minutes=1))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_lost_work()["indicators"], 1)
        record.refresh_from_db()
        self.assertEqual((record.status, record.created_rows, record.interrupted_runs), (ValueImportStatus.DONE, 2, 1))
        self.assertEqual(IndicatorValue.objects.count(), 2)

    def test_a_task_killed_every_time_fails_with_a_reason(self):
        record = ValueImport.objects.create(original_name="v.xlsx", province=self.province, created_by=self.coordinator,
                                            status=ValueImportStatus.RUNNING, interrupted_runs=1,
                                            lease_owner="gone-host:1:1", lease_until=timezone.now() - datetime.timedelta(minutes=1))
        with self.captureOnCommitCallbacks(execute=True):
            recover_lost_work()
        record.refresh_from_db()
        self.assertEqual(record.status, ValueImportStatus.FAILED)
        self.assertIn("هیچ", record.error)

    def test_hostile_and_wrong_files_are_refused_before_reading(self):
        content = workbook([self.row()])
        for data, name, expected in ((declaring(content, "A1:L1000000"), "values.xlsx", "سطر"),
                                     (declaring(content, "A1:ZZ1000000"), "values.xlsx", "ستون"),
                                     (b"not a zip", "values.xlsx", "اکسل"),
                                     (content, "values.csv", ".xlsx")):
            with self.subTest(expected=expected):
                response = self.post(data, name)
                self.assertEqual(response.status_code, 200)
                self.assertIn(expected, " ".join(response.context["form"].errors["file"]))
        self.assertFalse(ValueImport.objects.exists())
        # Columns are judged by the worker: the import fails with the reason.
        record = self.imported(workbook([self.row()], header=["a", "b"]))
        self.assertEqual(record.status, ValueImportStatus.FAILED)
        self.assertIn("شاخص", record.error)
        self.assertFalse(IndicatorValue.objects.exists())

    def test_an_ambassador_may_not_import(self):
        ambassador = make_user(Role.AMBASSADOR, self.province)
        sign_in(self.client, ambassador)
        self.assertEqual(self.client.get("/statistics/values/import/").status_code, 403)
        self.assertEqual(self.client.get("/statistics/values/import/template.xlsx").status_code, 403)
        response = self.client.post("/api/indicator-imports", {"file": SimpleUploadedFile("v.xlsx", workbook([]))},
                                    headers=bearer(ambassador))
        self.assertEqual(response.status_code, 403)

    def test_the_template_has_the_columns(self):
        sign_in(self.client, self.coordinator)
        cells = xlsx_cells(self.client.get("/statistics/values/import/template.xlsx").content)
        self.assertEqual(cells[0], importer.TEMPLATE_HEADER)

    def test_the_api_uploads_reports_status_and_rejects(self):
        headers = bearer(self.coordinator)
        content = workbook([self.row(), self.row(indicator="نامعلوم")])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/api/indicator-imports", {"file": SimpleUploadedFile("v.xlsx", content)},
                                        headers=headers)
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        body = self.client.get(f"/api/indicator-imports/{pk}", headers=headers).json()
        self.assertEqual((body["status"], body["created_rows"], body["rejected_rows"]), ("done", 1, 1))
        self.assertEqual(body["rejected"][0]["line"], 3)
        self.assertIn("نامعلوم", body["rejected"][0]["reason"])
        cells = xlsx_cells(self.client.get(f"/api/indicator-imports/{pk}/rejected", headers=headers).content)
        self.assertEqual(cells[1][:3], [3, body["rejected"][0]["reason"], "نامعلوم"])
        # A refused file is a 422 with the reason; another province's coordinator sees nothing.
        response = self.client.post("/api/indicator-imports", {"file": SimpleUploadedFile("v.xlsx", b"not a zip")},
                                    headers=headers)
        self.assertEqual(response.status_code, 422)
        away = bearer(make_user(Role.COORDINATOR, make_province("10")))
        self.assertEqual(self.client.get(f"/api/indicator-imports/{pk}", headers=away).status_code, 404)
        self.assertEqual(self.client.get(f"/api/indicator-imports/{pk}/rejected", headers=away).status_code, 404)
        self.assertEqual(self.client.get("/api/indicator-imports", headers=away).json()["items"], [])
        schema = self.client.get("/api/openapi.json").json()
        operations = {operation["operationId"] for item in schema["paths"].values() for operation in item.values()}
        self.assertTrue({"valueimport_create", "valueimport_detail", "valueimport_rejects"} <= operations)


class ValueImportScopeTests(ScopeChecks, TestCase):
    model = ValueImport
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.AMBASSADOR
    object_actions = ("detail",)
    collection_actions = ()
    api_path = "/api/indicator-imports"
    api_actions = {"cancel": {}}  # another province's import cannot be cancelled (404)

    @classmethod
    def make_object(cls, province):
        return ValueImport.objects.create(original_name="v.xlsx", province=province, status=ValueImportStatus.DONE,
                                          rejects=[{"line": 2, "reason": "x", "values": ["a"]}], header=["h"])

    def test_lists_and_exports_hold_only_the_users_province(self):
        # The imports are listed under the upload form (no list page of their own).
        sign_in(self.client, self.home_user)
        page = self.client.get("/statistics/values/import/").content.decode()
        self.assertIn(self.obj.get_absolute_url(), page)
        self.assertNotIn(self.away_obj.get_absolute_url(), page)
        response = self.client.get(self.api_path, headers=bearer(self.home_user))
        self.assertEqual({item["id"] for item in response.json()["items"]}, {self.obj.pk})
        sign_in(self.client, self.away_user)
        self.assertEqual(self.client.get(f"/statistics/values/import/{self.obj.pk}/rejected.xlsx").status_code, 404)
