"""Issue 8, part 1: every person who can be identified is kept; names as rosters write them."""
from pathlib import Path

from django.test import TestCase, override_settings

from accounts.testing import make_user, sign_in
from core.roles import Role
from core.validators import generate_national_code
from geo.matching import place_key
from geo.models import County, CountyAlias
from geo.testing import make_province
from retirees.education import education_table
from retirees.importer import run_import, start_import
from retirees.models import EducationAlias, Retiree, RosterSettings, education_key
from retirees.tests.test_importer import MEDIA, roster_csv, row, sheets, snapshot


def code(n: int) -> str:
    return generate_national_code(610_000_000 + n)


@override_settings(MEDIA_ROOT=MEDIA)
class KeepEveryoneTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")

    def run_file(self, path, province=None):
        return run_import(start_import(path, Path(path).name, province=province))

    def county_of(self, n):
        retiree = Retiree.objects.with_national_code(code(n)).select_related("county", "province").get()
        return retiree.province.name, retiree.county.name if retiree.county else None

    def test_counties_as_rosters_write_them(self):
        written = [
            ("خوزستان", "ماهشهر", ("خوزستان", "بندر ماهشهر")),
            ("گیلان", "تالش", ("گیلان", "طوالش")),
            ("اصفهان", "شاهین‌شهر", ("اصفهان", "شاهین‌شهر و میمه")),
            ("اصفهان", "شاهین شهر", ("اصفهان", "شاهین‌شهر و میمه")),
            ("گلستان", "بندر ترکمن", ("گلستان", "ترکمن")),
            ("خراسان رضوی", "بینالود", ("خراسان رضوی", "طرقبه شاندیز")),
            ("آذربایجان شرقی", "بستان آباد", ("آذربایجان شرقی", "بستان‌آباد")),  # a space for the half-space
            ("آذربایجان شرقی", "بستانآباد", ("آذربایجان شرقی", "بستان‌آباد")),  # none at all
            ("اصفهان", "نایین", ("اصفهان", "نائین")),  # ی for ئ
            ("گلستان", "اق قلا", ("گلستان", "آق‌قلا")),
            ("خراسان شمالی", "مانه و سملقان", ("خراسان شمالی", "سملقان")),  # split: kept, warned
            ("یزد", "طبس", ("خراسان جنوبی", "طبس")),  # moved province: a national import follows it
            ("تهران", "شهرستان ری", ("تهران", "ری")),
        ]
        path = roster_csv([row(code(n), **{"استان": province, "شهرستان": county})
                           for n, (province, county, _expected) in enumerate(written)])
        result = self.run_file(path)
        self.assertEqual((result.saved_rows, result.rejected_rows), (len(written), 0))
        for n, (_province, _county, expected) in enumerate(written):
            self.assertEqual(self.county_of(n), expected, written[n])
        self.assertEqual(result.warned_rows, 2)  # the split county and the moved one say so
        self.assertEqual(result.reasons["warned"], {"county_split": 1, "county_moved": 1})

    def test_a_moved_county_in_a_provincial_import_keeps_the_person_in_that_province(self):
        yazd = make_province("21")
        result = self.run_file(roster_csv([row(code(1), **{"استان": "یزد", "شهرستان": "طبس"})]), province=yazd)
        self.assertEqual((result.saved_rows, result.warned_rows), (1, 1))
        self.assertEqual(self.county_of(1), ("یزد", None))

    def test_education_as_rosters_write_it(self):
        written = {"بی‌سواد": "illiterate", "بیسواد": "illiterate", "نهضت": "literacy", "ابتدایی": "primary",
                   "سیکل": "middle_school", "راهنمایی": "middle_school", "زیر دیپلم": "below_diploma",
                   "دیپلم": "diploma", "فوق دیپلم": "associate", "لیسانس": "bachelor", "فوق‌لیسانس": "master",
                   "دکترا": "doctorate", "حوزوی": "seminary", "۱": "illiterate", "2": "primary", "3": "middle_school",
                   "4": "diploma", "5": "associate", "6": "bachelor", "7": "master"}
        # Numbers are codes of a list a national admin chose (after checking the file's legend).
        RosterSettings.objects.update_or_create(pk=1, defaults={"education_codes": "hr7"})
        path = roster_csv([row(code(n), **{"مدرک تحصیلی": text}) for n, text in enumerate(written)])
        result = self.run_file(path)
        self.assertEqual((result.saved_rows, result.rejected_rows, result.warned_rows), (len(written), 0, 0))
        for n, expected in enumerate(written.values()):
            self.assertEqual(Retiree.objects.with_national_code(code(n)).get().education, expected)

    def test_education_spellings_meet_after_persian_normalisation(self):
        # half-space, space or none; Arabic ي and ك; hamza and madda; diacritics
        written = {"بی سواد": "illiterate", "بيسواد": "illiterate", "فوق ليسانس": "master", "فوقلیسانس": "master",
                   "كارشناسي ارشد": "master", "پیش دانشگاهی": "diploma", "دکترای  تخصصی": "doctorate",
                   "حوزوي": "seminary", "سوادآموزی": "literacy", "سواد اموزی": "literacy"}
        table = education_table("")
        for text, level in written.items():
            self.assertEqual(table.get(education_key(text)), level, text)

    def test_codes_are_read_only_through_the_chosen_code_list(self):
        self.assertEqual(RosterSettings.current().education_codes, "")  # nothing assumed
        self.assertNotIn(education_key("4"), education_table())
        self.assertEqual(education_table("hr7")[education_key("۴")], "diploma")
        self.assertTrue(EducationAlias.objects.filter(kind="code", code_list="hr7", key="4", level="diploma").exists())
        result = self.run_file(roster_csv([row(code(1), **{"مدرک تحصیلی": "4"}), row(code(2), **{"مدرک تحصیلی": "دیپلم"})]))
        self.assertEqual((result.saved_rows, result.warned_rows), (2, 1))  # kept, with a warning
        self.assertEqual(Retiree.objects.with_national_code(code(1)).get().education, "")
        self.assertEqual(result.unknown_values, [{"field": "education", "province": None, "value": "4", "rows": 1}])

    def test_a_bad_optional_value_is_left_empty_with_a_warning_and_the_person_kept(self):
        path = roster_csv([
            row(code(1), **{"تلفن همراه": "00989121234567"}),
            row(code(2), **{"تلفن همراه": "912123456"}),
            row(code(3), **{"مدرک تحصیلی": "نامعلوم"}),
            row(code(4), **{"شهرستان": "ناکجاآباد"}),
            row(code(5), **{"تاریخ بازنشستگی": "1390/14/40"}),
            row(code(6), **{"رشته تحصیلی": "ب" * 500}),
            row("0013542418"),  # the person cannot be identified: rejected
            row(code(7), **{"نام خانوادگی": ""}),  # a required identity field is missing: rejected
        ])
        result = self.run_file(path)
        self.assertEqual((result.saved_rows, result.warned_rows, result.rejected_rows), (6, 5, 2))
        self.assertEqual(Retiree.objects.with_national_code(code(2)).get().mobile, "")
        self.assertEqual(Retiree.objects.with_national_code(code(1)).get().mobile, "09121234567")  # repaired
        self.assertEqual(Retiree.objects.with_national_code(code(3)).get().education, "")
        self.assertIsNone(Retiree.objects.with_national_code(code(4)).get().county)
        self.assertIsNone(Retiree.objects.with_national_code(code(5)).get().retirement_date)
        self.assertEqual(Retiree.objects.with_national_code(code(6)).get().field_of_study, "")
        self.assertEqual(result.reasons["warned"],
                         {"mobile": 1, "education": 1, "county": 1, "retirement_date": 1, "too_long": 1})
        self.assertEqual(result.reasons["rejected"], {"national_code": 1, "required": 1})
        summary, rejected, warned = sheets(result.rejects_file.read())
        self.assertEqual(len(rejected) - 1, 2)
        self.assertEqual(len(warned) - 1, 5)
        text = " ".join(str(cell) for line in summary for cell in line if cell)
        self.assertIn("۱ نفر با شهرستان ناشناخته ذخیره شدند", text)
        self.assertEqual(result.unknown_values, [{"field": "county", "province": self.tehran.pk, "value": "ناکجاآباد", "rows": 1},
                                                 {"field": "education", "province": None, "value": "نامعلوم", "rows": 1}])

    def test_rows_of_other_provinces_are_skipped_once_not_rejected(self):
        path = roster_csv([row(code(1)), row(code(2), **{"استان": "اصفهان", "شهرستان": "اصفهان"}),
                           row(code(3), **{"استان": "فارس", "کد ملی": "123"})])
        result = self.run_file(path, province=self.tehran)
        self.assertEqual((result.saved_rows, result.rejected_rows, result.skipped_rows), (1, 0, 2))
        _summary, rejected, _warned = sheets(result.rejects_file.read())
        self.assertEqual(len(rejected), 1)  # the header only

    def test_a_national_admin_maps_an_unknown_county_once_and_the_import_runs_again(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        coordinator = make_user(Role.COORDINATOR, self.tehran)
        path = roster_csv([row(code(n), **{"شهرستان": "شهر ری"}) for n in range(3)] + [row(code(9))])
        roster_import = start_import(path, "roster.csv", province=self.tehran)
        result = run_import(roster_import)
        self.assertEqual((result.saved_rows, result.warned_rows), (4, 3))
        ray = County.objects.get(province=self.tehran, name="ری")

        page = f"/retirees/imports/{result.pk}/"
        sign_in(self.client, coordinator)
        self.assertNotContains(self.client.get(page), "/values/")
        self.assertEqual(self.client.get(page + "values/").status_code, 403)
        sign_in(self.client, admin)
        detail = self.client.get(page).content.decode()
        self.assertIn("۳ نفر با شهرستان ناشناخته ذخیره شدند", detail)
        self.assertIn(f"/retirees/imports/{result.pk}/values/", detail)
        form = self.client.get(page + "values/")
        self.assertContains(form, "شهر ری")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(page + "values/", {"value_0": ray.pk})
        self.assertRedirects(response, page, fetch_redirect_response=False)
        result.refresh_from_db()
        self.assertEqual((result.status, result.warned_rows, result.changed_rows), ("done", 0, 3))
        self.assertEqual({self.county_of(n) for n in range(3)}, {("تهران", "ری")})
        alias = CountyAlias.objects.get(key=place_key("شهر ری"))
        self.assertEqual((alias.kind, alias.created_by, alias.county), ("mapped", admin, ray))
        # The same file again changes nothing.
        before = snapshot()
        again = run_import(start_import(path, "roster.csv", province=self.tehran))
        self.assertEqual((again.changed_rows, again.warned_rows), (0, 0))
        self.assertEqual(snapshot(), before)

    def test_a_national_admin_maps_an_unknown_education_value_once_and_the_warnings_go(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        path = roster_csv([row(code(n), **{"مدرک تحصیلی": "سطح خارج"}) for n in range(2)]
                          + [row(code(5), **{"مدرک تحصیلی": "۸"})] + [row(code(9))])
        result = run_import(start_import(path, "roster.csv", province=self.tehran))
        self.assertEqual((result.saved_rows, result.warned_rows, result.reasons["warned"]), (4, 3, {"education": 3}))
        page = f"/retirees/imports/{result.pk}/"
        sign_in(self.client, admin)
        self.assertIn("۳ نفر با مقطع تحصیلی ناشناخته ذخیره شدند", self.client.get(page).content.decode())
        form = self.client.get(page + "values/")
        self.assertContains(form, "سطح خارج")
        self.assertContains(form, "۲")  # how many people, in Persian digits
        values = [item["value"] for item in form.context["form"].unknown_education]
        answers = {f"education_{values.index('سطح خارج')}": "seminary", f"education_{values.index('۸')}": "doctorate"}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(page + "values/", answers)
        self.assertRedirects(response, page, fetch_redirect_response=False)
        result.refresh_from_db()
        self.assertEqual((result.status, result.warned_rows, result.changed_rows), ("done", 0, 3))
        self.assertEqual(Retiree.objects.with_national_code(code(0)).get().education, "seminary")
        self.assertEqual(Retiree.objects.with_national_code(code(5)).get().education, "doctorate")
        alias = EducationAlias.objects.get(key=education_key("سطح خارج"))
        self.assertEqual((alias.kind, alias.created_by, alias.level), ("mapped", admin, "seminary"))
        # The next file with the same values is recognised; the same file again changes nothing.
        before = snapshot()
        again = run_import(start_import(path, "roster.csv", province=self.tehran))
        self.assertEqual((again.changed_rows, again.warned_rows), (0, 0))
        self.assertEqual(snapshot(), before)

    def test_a_national_admin_chooses_the_code_list_in_the_settings(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        form = self.client.get("/retirees/demographics/settings/")
        self.assertContains(form, "هفت پله‌ای")
        response = self.client.post("/retirees/demographics/settings/", {
            "suppression_threshold": "5", "perturbation": "d2", "age_bands": "50,60", "retirement_bands": "10",
            "education_codes": "hr7"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(RosterSettings.current().education_codes, "hr7")
        result = self.run_file(roster_csv([row(code(1), **{"مدرک تحصیلی": "۴"})]))
        self.assertEqual((result.warned_rows, Retiree.objects.get().education), (0, "diploma"))

    def test_an_installation_with_a_roster_keeps_reading_codes_as_before(self):
        from importlib import import_module

        from django.apps import apps

        migration = import_module("retirees.migrations.0004_education_aliases")
        migration.keep_codes_for_existing_rosters(apps, None)
        self.assertEqual(RosterSettings.current().education_codes, "")  # no roster yet: nothing assumed
        self.run_file(roster_csv([row(code(1))]))
        migration.keep_codes_for_existing_rosters(apps, None)
        self.assertEqual(RosterSettings.current().education_codes, "hr7")
