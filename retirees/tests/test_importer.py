import csv
import datetime
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import Workbook, load_workbook

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.validators import generate_national_code
from geo.testing import make_province
from retirees import crypto
from retirees.choices import ImportStatus
from retirees.generator import HEADERS, write_csv
from retirees.importer import Loader, RowChecker, run_import, start_import
from retirees.models import Agency, DemographicCell, Retiree, RosterImport
from retirees.roster_files import guess_mapping

MEDIA = tempfile.mkdtemp(prefix="safiran-test-media-")
TEHRAN_COUNTY = "تهران"


def roster_csv(rows, headers=HEADERS, delimiter=",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    path = Path(tempfile.mkdtemp(dir=MEDIA)) / "roster.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


def row(code, **overrides):
    values = {
        "کد ملی": code, "نام": "مریم", "نام خانوادگی": "احمدی", "جنسیت": "زن", "تاریخ تولد": "1340/05/12",
        "تاریخ بازنشستگی": "1395/01/15", "استان": "تهران", "شهرستان": TEHRAN_COUNTY, "مدرک تحصیلی": "کارشناسی",
        "رشته تحصیلی": "پرستاری", "عنوان شغل": "پرستار", "دستگاه محل خدمت": "وزارت بهداشت", "تلفن همراه": "09121234567",
    }
    values.update(overrides)
    return [values[header] for header in HEADERS]


def sheets(content: bytes) -> list[list[list]]:
    """Every sheet of a workbook: the summary, the rejected rows, the rows saved with warnings."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [[list(line) for line in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets]


def snapshot():
    """The roster's content, independent of row ids, timestamps and which import wrote a row."""
    return sorted(Retiree.objects.values_list(
        "national_code_index", "first_name", "last_name", "gender", "birth_date", "retirement_date", "province_id",
        "county_id", "education", "field_of_study", "specialty", "agency__name", "mobile_encrypted",
        "consent_contact", "consent_children",
    ))


@override_settings(MEDIA_ROOT=MEDIA)
class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")

    def run_file(self, path, province=None):
        return run_import(start_import(path, Path(path).name, province=province))

    def test_normalises_digits_letters_dates_and_spaces(self):
        code = "0013542419"
        path = roster_csv([
            row("۰۰۱۳۵۴۲۴۱۹", **{"نام": " علي\u200b ", "نام خانوادگی": "نيك\u200c\u200cپور", "تلفن همراه": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
                              "تاریخ تولد": "١٣٤٠/٥/١٢", "دستگاه محل خدمت": "وزارت  بهداشت"}),
        ])
        result = self.run_file(path)
        self.assertEqual((result.saved_rows, result.rejected_rows), (1, 0))
        retiree = Retiree.objects.with_national_code(code).get()
        self.assertEqual((retiree.first_name, retiree.last_name), ("علی", "نیک\u200cپور"))
        self.assertEqual(retiree.national_code, code)
        self.assertEqual(retiree.mobile, "09121234567")
        self.assertEqual(retiree.birth_date, datetime.date(1961, 8, 3))
        self.assertEqual(retiree.retirement_date, datetime.date(2016, 4, 3))
        self.assertEqual(retiree.education, "bachelor")
        self.assertEqual(retiree.agency.name, "وزارت بهداشت")
        # Encrypted at rest: neither value appears in the stored bytes.
        self.assertNotIn(code.encode(), bytes(retiree.national_code_encrypted))
        self.assertNotIn(b"0912", bytes(retiree.mobile_encrypted))

    def test_english_headers_gregorian_dates_and_a_lost_leading_zero(self):
        headers = ["National Code", "First Name", "Last Name", "Sex", "Date of Birth", "Province", "County"]
        path = roster_csv([["13542419", "Reza", "Karimi", "M", "1961-08-03", "Tehran", TEHRAN_COUNTY]], headers, ";")
        result = self.run_file(path)
        self.assertEqual(result.rejected_rows, 0, result.error)
        retiree = Retiree.objects.with_national_code("0013542419").get()
        self.assertEqual((retiree.gender, retiree.birth_date, retiree.province), ("male", datetime.date(1961, 8, 3), self.tehran))

    def test_every_rejected_row_comes_back_with_line_column_and_reason(self):
        good = generate_national_code(123456789)
        path = roster_csv([
            row(good),
            row("0013542418"),  # bad check digit
            row(good),  # duplicate
            row(generate_national_code(222333444), **{"تاریخ تولد": "1340/13/40"}),
            row(generate_national_code(333444555), **{"تلفن همراه": "0912345"}),
            row(generate_national_code(444555666), **{"استان": "اصفهان"}),
        ])
        result = self.run_file(path, province=self.tehran)
        self.assertEqual((result.processed_rows, result.saved_rows, result.rejected_rows), (6, 2, 3))
        self.assertEqual((result.warned_rows, result.skipped_rows), (1, 1))
        workbook = sheets(result.rejects_file.read())
        rejected, warned = workbook[1], workbook[2]
        body = {(line, column): reason for _sheet, line, column, reason, *_rest in rejected[1:]}
        self.assertIn("رقم کنترل", body[(3, "کد ملی")])
        self.assertIn((4, "کد ملی"), body)
        self.assertIn((5, "تاریخ تولد"), body)
        self.assertEqual(len(body), 3)  # the other province's row is skipped, not listed
        self.assertEqual(rejected[0][:5], ["برگه", "خط", "ستون", "دلیل", "مقدار"])
        self.assertEqual([(line, column) for _sheet, line, column, *_rest in warned[1:]], [(6, "تلفن همراه")])
        summary = " ".join(str(cell) for line in workbook[0] for cell in line if cell)
        self.assertIn("۱ ردیف رد شد: کد ملی معتبر نیست", summary)
        self.assertIn("۱ نفر بدون شماره همراه نامعتبر ذخیره شدند", summary)
        kept = Retiree.objects.with_national_code(generate_national_code(333444555)).get()
        self.assertEqual(kept.mobile, "")

    def test_reimporting_the_same_file_changes_nothing(self):
        path = roster_csv([row(generate_national_code(n)) for n in range(100_000_000, 100_000_040)])
        first = self.run_file(path)
        before, stamps = snapshot(), list(Retiree.objects.order_by("pk").values_list("pk", "updated_at", "source_import"))
        second = self.run_file(path)
        self.assertEqual((first.changed_rows, second.changed_rows), (40, 0))
        self.assertEqual(snapshot(), before)
        self.assertEqual(list(Retiree.objects.order_by("pk").values_list("pk", "updated_at", "source_import")), stamps)

    def test_a_changed_row_is_updated_and_columns_the_file_lacks_are_kept(self):
        code = generate_national_code(555000111)
        self.run_file(roster_csv([row(code)]))
        Retiree.objects.update(consent_contact=True)
        self.run_file(roster_csv([row(code, **{"نام خانوادگی": "محمدی"})]))
        retiree = Retiree.objects.get()
        self.assertEqual(retiree.last_name, "محمدی")
        self.assertTrue(retiree.consent_contact)  # not in the fund's file: never overwritten

    def test_xlsx_is_read_with_numbers_and_dates_as_excel_stores_them(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["کد ملی", "نام", "نام خانوادگی", "جنسیت", "تاریخ تولد", "استان"])
        sheet.append([13542419, "زهرا", "موسوی", "زن", datetime.datetime(1961, 8, 3), "تهران"])
        path = Path(tempfile.mkdtemp(dir=MEDIA)) / "roster.xlsx"
        workbook.save(path)
        result = self.run_file(str(path))
        self.assertEqual((result.saved_rows, result.rejected_rows), (1, 0), result.error)
        self.assertEqual(Retiree.objects.with_national_code("0013542419").get().birth_date, datetime.date(1961, 8, 3))

    def test_unknown_agencies_join_the_managed_list_once(self):
        path = roster_csv([row(generate_national_code(n), **{"دستگاه محل خدمت": "اداره كل ثبت"}) for n in range(777000001, 777000004)])
        self.run_file(path)
        self.assertEqual(list(Agency.objects.values_list("name", flat=True)), ["اداره کل ثبت"])

    def test_the_summary_is_refreshed_after_an_import(self):
        self.run_file(roster_csv([row(generate_national_code(n)) for n in range(888000001, 888000011)]))
        self.assertTrue(DemographicCell.objects.filter(province=self.tehran).exists())
        self.assertEqual(sum(DemographicCell.objects.filter(grain=1).values_list("count", flat=True)), 10)


@override_settings(MEDIA_ROOT=MEDIA)
class ImportCommandTests(TestCase):
    """`manage.py import_retirees`: twice on one file, and killed midway then run again."""

    @classmethod
    def setUpTestData(cls):
        make_province("23")
        cls.path = str(Path(tempfile.mkdtemp(dir=MEDIA)) / "generated.csv")
        cls.stats = write_csv(cls.path, 1200, seed=7, province_codes=("23", "10"))

    def command(self, **options):
        out = io.StringIO()
        call_command("import_retirees", self.path, "--chunk", "250", "--no-progress", stdout=out, **options)
        return out.getvalue()

    def test_twice_on_the_same_file_leaves_the_same_rows(self):
        self.command()
        first = snapshot()
        self.assertEqual(len(first), 1200 - self.stats.expected_rejected)
        output = self.command()
        self.assertIn("(0 new or changed)", output)
        self.assertEqual(snapshot(), first)

    def test_cancelled_midway_keeps_what_was_saved_and_can_run_again(self):
        from retirees.importer import run_import, start_import
        from retirees.services import rosterimport_retry

        roster_import = start_import(self.path, "roster.csv")

        def cancel_after_first_chunk(current):
            RosterImport.objects.filter(pk=current.pk).update(cancel_requested=True)

        roster_import = run_import(roster_import, progress=cancel_after_first_chunk, chunk_rows=250)
        self.assertEqual(roster_import.status, ImportStatus.CANCELLED)
        # Asked during the second chunk, it stops once that chunk is saved.
        self.assertEqual(roster_import.processed_rows, 500)
        self.assertEqual(Retiree.objects.count(), roster_import.saved_rows)
        self.assertTrue(roster_import.rejects_file)
        with self.captureOnCommitCallbacks(execute=True):
            rosterimport_retry(roster_import, None)
        roster_import.refresh_from_db()
        self.assertEqual((roster_import.status, roster_import.processed_rows), (ImportStatus.DONE, 1200))
        self.assertEqual(Retiree.objects.count(), 1200 - self.stats.expected_rejected)

    def test_killed_midway_then_run_again_reaches_the_clean_end_state(self):
        chunks = {"written": 0}
        original = Loader.write

        def write_then_die(loader, rows):
            if chunks["written"] == 2:
                raise KeyboardInterrupt  # as when the process is killed: no clean-up runs
            chunks["written"] += 1
            return original(loader, rows)

        Loader.write = write_then_die
        try:
            with self.assertRaises(KeyboardInterrupt):
                self.command()
        finally:
            Loader.write = original
        interrupted = RosterImport.objects.get()
        self.assertEqual(interrupted.status, ImportStatus.RUNNING)  # never finished
        self.assertEqual(Retiree.objects.count(), interrupted.saved_rows)  # what was committed stayed
        self.assertGreater(interrupted.saved_rows, 0)
        self.command()
        resumed = snapshot()
        Retiree.objects.all().delete()
        self.command()
        self.assertEqual(resumed, snapshot())
        self.assertEqual(len(resumed), 1200 - self.stats.expected_rejected)


class NormalisationProperties(HypothesisTestCase):
    """Whatever script the digits and letters arrive in, the importer stores one value."""

    @classmethod
    def setUpTestData(cls):
        make_province("23")

    def checker(self):
        headers = ["کد ملی", "نام", "نام خانوادگی", "جنسیت", "تاریخ تولد", "استان", "تلفن همراه"]
        return RowChecker(headers, guess_mapping(headers), None)

    @settings(max_examples=60, deadline=None)
    @given(prefix=st.integers(min_value=1, max_value=10**9 - 1), script=st.sampled_from(["ascii", "persian", "arabic"]),
           drop_zeros=st.booleans())
    def test_national_codes_in_any_script_reach_the_same_blind_index(self, prefix, script, drop_zeros):
        code = generate_national_code(prefix)
        typed = code.lstrip("0") if drop_zeros and len(code.lstrip("0")) >= 8 else code
        typed = typed.translate(str.maketrans("0123456789", {"ascii": "0123456789", "persian": "۰۱۲۳۴۵۶۷۸۹",
                                                                "arabic": "٠١٢٣٤٥٦٧٨٩"}[script]))
        stored, errors = self.checker().check([typed, "علی", "رضایی", "مرد", "1340/05/12", "تهران", ""])
        self.assertEqual(errors, [])
        self.assertEqual(stored[1], crypto.blind_index(code))
        self.assertEqual(crypto.decrypt(stored[0]), code)

    @settings(max_examples=60, deadline=None)
    @given(prefix=st.integers(min_value=1, max_value=10**9 - 1), shift=st.integers(min_value=1, max_value=9))
    def test_a_wrong_check_digit_is_always_rejected(self, prefix, shift):
        code = generate_national_code(prefix)
        wrong = code[:9] + str((int(code[9]) + shift) % 10)
        _stored, errors = self.checker().check([wrong, "علی", "رضایی", "مرد", "1340/05/12", "تهران", ""])
        self.assertEqual([column for column, *_ in errors], ["کد ملی"])

    @settings(max_examples=60, deadline=None)
    @given(name=st.text(alphabet="ابپتسجچحخدرزژشصطعغفقلمنوهیکیگ", min_size=2, max_size=12),
           arabic=st.booleans(), junk=st.sampled_from(["", " ", "\u200b", "\u200f", "  \u200c"]))
    def test_names_in_arabic_letters_or_with_invisible_marks_are_stored_persian(self, name, arabic, junk):
        typed = junk + (name.replace("ی", "ي").replace("ک", "ك") if arabic else name) + junk
        stored, errors = self.checker().check(["0013542419", typed, "رضایی", "مرد", "1340/05/12", "تهران", "۰۹۱۲۱۲۳۴۵۶۷"])
        self.assertEqual(errors, [])
        self.assertEqual(stored[2], name)
        self.assertEqual(crypto.decrypt(stored[13]), "09121234567")


@override_settings(MEDIA_ROOT=MEDIA)
class ImportPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def test_upload_map_run_and_download_the_rejects(self):
        sign_in(self.client, self.coordinator)
        headers = HEADERS[:-1] + ["شماره تماس عجیب"]
        path = roster_csv([row(generate_national_code(4242)), row("1111111111")], headers=headers)
        with open(path, "rb") as handle:
            response = self.client.post("/retirees/imports/new/", {"file": handle, "province": self.tehran.pk})
        roster_import = RosterImport.objects.get()
        self.assertRedirects(response, f"/retirees/imports/{roster_import.pk}/mapping/")
        page = self.client.get(response["Location"]).content.decode()
        self.assertIn("شماره تماس عجیب", page)  # the unrecognised column is named
        self.assertIn("برای نمونه: ۱۳۴۰/۰۵/۱۲", page)  # sample values, in Persian digits
        self.assertNotIn(generate_national_code(4242), page)  # national codes masked
        mapping = {f"column_{index}": roster_import.mapping.get(header, "") for index, header in enumerate(headers)}
        mapping[f"column_{len(headers) - 1}"] = "mobile"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(response["Location"], mapping)
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.DONE)
        self.assertEqual((roster_import.saved_rows, roster_import.rejected_rows), (1, 1))
        progress = self.client.get(f"/retirees/imports/{roster_import.pk}/", {"part": "progress"}, headers={"HX-Request": "true"})
        self.assertContains(progress, 'aria-valuenow="100"')
        download = self.client.get(f"/retirees/imports/{roster_import.pk}/rejected.xlsx")
        self.assertEqual(download.status_code, 200)
        cells = sheets(b"".join(download.streaming_content))[1]
        self.assertEqual(cells[1][1], 3)

    def test_a_required_column_left_out_is_refused_next_to_the_form(self):
        sign_in(self.client, self.coordinator)
        roster_import = RosterImport.objects.create(original_name="x.csv", province=self.tehran, headers=["a", "b"])
        response = self.client.post(f"/retirees/imports/{roster_import.pk}/mapping/", {"column_0": "first_name"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("کد ملی", " ".join(response.context["form"].non_field_errors()))
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.MAPPING)

    def test_cancel_before_start_and_after_end(self):
        sign_in(self.client, self.coordinator)
        roster_import = RosterImport.objects.create(original_name="x.csv", province=self.tehran, headers=["a"])
        self.client.post(f"/retirees/imports/{roster_import.pk}/cancel/", {})
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.CANCELLED)
        response = self.client.post(f"/api/roster-imports/{roster_import.pk}/cancel", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)

    def test_api_upload_and_start(self):
        path = roster_csv([row(generate_national_code(5151))])
        headers = bearer(self.coordinator)
        with open(path, "rb") as handle:
            response = self.client.post("/api/roster-imports", {"file": handle, "province": self.tehran.pk}, headers=headers)
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        self.assertEqual(response.json()["mapping"]["کد ملی"], "national_code")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/api/roster-imports/{pk}/start", {}, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(RosterImport.objects.get(pk=pk).status, ImportStatus.DONE)
        self.assertEqual(Retiree.objects.count(), 1)
        result = self.client.get(f"/api/roster-imports/{pk}", headers=headers).json()
        self.assertEqual((result["saved_rows"], result["warned_rows"], result["skipped_rows"]), (1, 0, 0))
        self.assertEqual(result["reasons"], {"rejected": {}, "warned": {}})


@given(code=st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_the_importers_fast_checksum_agrees_with_the_validator(code):
    from core.validators import national_code_is_valid
    from retirees.importer import _checksum_ok

    assert _checksum_ok(code) == national_code_is_valid(code)


class UploadPageTests(TestCase):
    def test_the_file_box_speaks_persian(self):
        """The browser's own "Choose File / No file chosen" cannot be translated: the page draws its own."""
        sign_in(self.client, make_user(Role.COORDINATOR, make_province("23")))
        page = self.client.get("/retirees/imports/new/").content.decode()
        self.assertIn('class="file-picker"', page)
        self.assertIn("انتخاب فایل", page)
        self.assertIn("هنوز فایلی انتخاب نشده است", page)
        self.assertRegex(page, r'<input type="file" name="file"[^>]*accept="\.csv,\.xlsx,text/csv"')
