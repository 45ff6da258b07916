"""Excel import of values: the roster's convention — each rejected row with its line and
reason (page and workbook), nothing half-written, declared sizes checked before reading."""
import io
import re
import zipfile
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook

from accounts.testing import make_user, sign_in
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_county, make_province
from indicators import importer, services
from indicators.choices import PeriodType
from indicators.models import IndicatorValue
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

    def post(self, content, name="values.xlsx"):
        sign_in(self.client, self.coordinator)
        return self.client.post("/statistics/values/import/", {"file": SimpleUploadedFile(name, content)})

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
        response = self.post(workbook(rows))
        self.assertEqual(response.status_code, 200)
        result = response.context["result"]
        self.assertEqual((result.created, result.updated), (4, 0))
        self.assertEqual([item.line for item in result.rejected], [5, 6, 7, 8, 9, 10])
        reasons = {item.line: item.reason for item in result.rejected}
        self.assertIn("نامعلوم", reasons[5])
        self.assertIn("1404-07", reasons[6])
        self.assertIn("صفر", reasons[7])
        self.assertIn("منبع", reasons[8])
        self.assertIn("سطر 2", reasons[9])
        self.assertIn("بازهٔ", reasons[10])
        self.assertContains(response, "rejected-rows")
        saved = IndicatorValue.objects.order_by("pk")
        self.assertEqual(saved.count(), 4)
        self.assertTrue(saved[1].not_available)
        self.assertEqual((saved[2].website, saved[2].value), (self.site, Decimal("61.5")))
        self.assertEqual(saved[3].county, self.county)
        # The rejected rows as a workbook: line, reason, then the file's own cells.
        cells = xlsx_cells(self.client.get("/statistics/values/import/rejected.xlsx").content)
        self.assertEqual(cells[0][:3], ["خط", "دلیل", "شاخص"])
        self.assertEqual([row[0] for row in cells[1:]], [5, 6, 7, 8, 9, 10])

    def test_importing_the_same_file_again_changes_nothing_and_a_new_figure_updates(self):
        self.post(workbook([self.row()]))
        response = self.post(workbook([self.row()]))
        self.assertEqual((response.context["result"].created, response.context["result"].unchanged), (0, 1))
        response = self.post(workbook([self.row(value=125)]))
        self.assertEqual(response.context["result"].updated, 1)
        self.assertEqual(IndicatorValue.objects.get().value, Decimal(125))

    def test_an_unexpected_error_writes_nothing(self):
        real = services.value_record
        calls = []

        def failing(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real(*args, **kwargs)

        sign_in(self.client, self.coordinator)
        with mock.patch.object(services, "value_record", failing), self.assertRaises(RuntimeError):
            importer.import_values(SimpleUploadedFile("v.xlsx", workbook([self.row(), self.row(period="1404-08")])),
                                   self.coordinator)
        self.assertFalse(IndicatorValue.objects.exists())

    def test_hostile_and_wrong_files_are_refused_before_reading(self):
        content = workbook([self.row()])
        for data, name, expected in ((declaring(content, "A1:L1000000"), "values.xlsx", "سطر"),
                                     (declaring(content, "A1:ZZ1000000"), "values.xlsx", "ستون"),
                                     (b"not a zip", "values.xlsx", "اکسل"),
                                     (content, "values.csv", ".xlsx"),
                                     (workbook([self.row()], header=["a", "b"]), "values.xlsx", "شاخص")):
            with self.subTest(expected=expected):
                response = self.post(data, name)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(response.context.get("result"))
                self.assertIn(expected, " ".join(response.context["form"].errors["file"]))
        self.assertFalse(IndicatorValue.objects.exists())

    def test_an_ambassador_may_not_import(self):
        sign_in(self.client, make_user(Role.AMBASSADOR, self.province))
        self.assertEqual(self.client.get("/statistics/values/import/").status_code, 403)
        self.assertEqual(self.client.get("/statistics/values/import/template.xlsx").status_code, 403)

    def test_the_template_has_the_columns(self):
        sign_in(self.client, self.coordinator)
        cells = xlsx_cells(self.client.get("/statistics/values/import/template.xlsx").content)
        self.assertEqual(cells[0], importer.TEMPLATE_HEADER)
