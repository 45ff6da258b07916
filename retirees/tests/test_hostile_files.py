"""Issue 13 (2): a 1.5 KB workbook declaring A1:ZZ1000000 must not take the server down.

The upload request reads only declared sizes and the first row; the worker checks the cells'
actual extent before calamine would build its grid (22 GB for this file)."""
import codecs
import io
import tempfile
import zipfile
from pathlib import Path

from django.test import TestCase, override_settings

from accounts.testing import bearer, make_user, sign_in
from core.normalize import normalize_digits
from core.roles import Role
from geo.testing import make_province
from retirees.choices import ImportStatus
from retirees.importer import run_import
from retirees.models import RosterImport
from retirees.roster_files import RosterFileError, open_roster, probe_roster

MEDIA = tempfile.mkdtemp(prefix="safiran-test-media-")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def hostile_xlsx(dimension="A1:ZZ1000000", far_cell="ZZ1000000") -> bytes:
    row_number = far_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    sheet = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>کد ملی</t></is></c></row>
<row r="{row_number}"><c r="{far_cell}"><v>1</v></c></row></sheetData></worksheet>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def write(content: bytes) -> str:
    path = Path(tempfile.mkdtemp(dir=MEDIA)) / "roster.xlsx"
    path.write_bytes(content)
    return str(path)


@override_settings(MEDIA_ROOT=MEDIA)
class HostileWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def test_the_file_is_small(self):
        self.assertLess(len(hostile_xlsx()), 2048)

    def test_page_upload_is_refused_with_a_message_and_the_server_keeps_answering(self):
        sign_in(self.client, self.coordinator)
        upload = io.BytesIO(hostile_xlsx())
        upload.name = "roster.xlsx"
        response = self.client.post("/retirees/imports/new/", {"file": upload, "province": self.tehran.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ستون")  # "… rows by 702 columns …" in Persian
        self.assertFalse(RosterImport.objects.exists())
        self.assertEqual(self.client.get("/retirees/imports/").status_code, 200)

    def test_api_upload_is_refused_with_422(self):
        upload = io.BytesIO(hostile_xlsx())
        upload.name = "roster.xlsx"
        response = self.client.post("/api/roster-imports", {"file": upload, "province": self.tehran.pk},
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 422)
        message = response.json()["detail"][0]["msg"]
        self.assertIn("702", normalize_digits(message).replace("٬", "").replace(",", ""))
        self.assertNotIn("بازنشستگان", message)  # the guard serves every upload: it speaks of the file

    def test_a_lying_dimension_is_caught_by_the_worker_before_reading(self):
        path = write(hostile_xlsx(dimension="A1:A2"))
        self.assertEqual(probe_roster(path).headers, ["کد ملی"])  # the request sees a tiny sheet
        with self.assertRaises(RosterFileError):
            open_roster(path)  # the worker measures the cells before calamine would allocate
        roster_import = RosterImport.objects.create(original_name="roster.xlsx", province=self.tehran,
                                                    headers=["کد ملی"], mapping={"کد ملی": "national_code"},
                                                    status=ImportStatus.QUEUED)
        with open(path, "rb") as handle:
            from django.core.files import File

            roster_import.file.save("roster.xlsx", File(handle))
        roster_import = run_import(roster_import)
        self.assertEqual(roster_import.status, ImportStatus.FAILED)
        self.assertIn("702", normalize_digits(roster_import.refusal).replace(",", ""))
        sign_in(self.client, self.coordinator)
        self.assertContains(self.client.get(roster_import.get_absolute_url()), "۷۰۲")

    def test_a_sheet_without_a_dimension_is_measured_by_its_cells(self):
        path = write(hostile_xlsx(dimension="", far_cell="A2000000"))
        with self.assertRaises(RosterFileError):
            open_roster(path)

    def test_an_ordinary_workbook_still_probes_and_opens(self):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["کد ملی", "نام", 1405])
        sheet.append(["0013542419", "علی", 3])
        buffer = io.BytesIO()
        workbook.save(buffer)
        path = write(buffer.getvalue())
        probed, opened = probe_roster(path), open_roster(path)
        self.assertEqual(probed.headers, ["کد ملی", "نام", "1405"])
        self.assertEqual(opened.headers, probed.headers)
        self.assertEqual(probed.total_rows, 1)


def write_bytes(content: bytes, name="roster.csv") -> str:
    path = Path(tempfile.mkdtemp(dir=MEDIA)) / name
    path.write_bytes(content)
    return str(path)


@override_settings(MEDIA_ROOT=MEDIA)
class CsvEncodingTests(TestCase):
    """Issue 13 (7): the encoding is decided over the whole file; absurd lines are refused."""

    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def test_windows_1256_whose_first_persian_byte_comes_after_64_kb(self):
        ascii_rows = "".join(f"00{index:08d},Ali,Rezaei\n" for index in range(4000))  # > 64 KB of ASCII
        # Windows-1256 has Arabic ي (the importer makes it Persian ی), not Persian ی.
        text = "national code,first name,last name\n" + ascii_rows + "0013542419,علي,رضايي\n"
        path = write_bytes(text.encode("cp1256"))
        roster = open_roster(path)
        self.assertEqual(roster.encoding, "cp1256")
        rows = list(roster.rows())
        self.assertEqual(rows[-1][2], ["0013542419", "علي", "رضايي"])

    def test_utf16_from_excel_unicode_text(self):
        text = "کد ملی\tنام\tنام خانوادگی\n0013542419\tعلی\tرضایی\n"
        path = write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        roster = probe_roster(path)
        self.assertEqual(roster.headers, ["کد ملی", "نام", "نام خانوادگی"])
        self.assertEqual(roster.total_rows, 1)
        self.assertEqual(list(open_roster(path).rows())[0][2], ["0013542419", "علی", "رضایی"])

    def test_a_10_mb_single_line_is_refused_with_a_message(self):
        upload = io.BytesIO(b"a," * (5 * 1024 * 1024))
        upload.name = "roster.csv"
        sign_in(self.client, self.coordinator)
        response = self.client.post("/retirees/imports/new/", {"file": upload, "province": self.tehran.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "نخست")  # "the file's first line …"
        self.assertFalse(RosterImport.objects.exists())

    def test_a_giant_field_fails_the_import_with_a_message_not_a_crash(self):
        text = "کد ملی,نام,نام خانوادگی\n0013542419,علی," + "x" * 200_000 + "\n"
        path = write_bytes(text.encode("utf-8"))
        with self.assertRaises(RosterFileError):
            list(open_roster(path).rows())
