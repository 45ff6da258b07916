"""A coordinator imports the fund's roster, explores its demographics, finds talent for an
area and takes one person through the pipeline to a new ambassador."""
import csv
import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from ambassadors.models import Ambassador
from areas.models import Area
from core.normalize import search_key
from core.roles import Role
from geo.models import County, Province
from geo.reference import load_divisions
from geo.testing import make_province
from recruitment.models import TalentKeyword
from retirees.generator import HEADERS, RosterStats, generate_rows
from retirees.models import Retiree

from .conftest import check_accessibility, duplicate_ids, sign_in


def write_roster(path):
    stats = RosterStats()
    rows = [values + ["بله"] for values in generate_rows(60, seed=11, defect_rate=0.0, province_codes=("23",), stats=stats)]
    for values in rows[:6]:
        values[9] = "پرستاری"
    rows[7][0] = rows[7][0][:9] + str((int(rows[7][0][9]) + 1) % 10)  # a wrong check digit
    rows[8][4] = "1340/13/40"  # an impossible date
    rows[9][12] = "0912"  # a broken mobile
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS + ["رضایت تماس"])
        writer.writerows(rows)
    return rows


def test_coordinator_imports_explores_recruits_and_onboards(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_divisions(Province, County)  # the roster names real counties; earlier live tests flush them
    tehran = make_province("23")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="مینا", last_name="صادقی")
    health, _ = Area.objects.get_or_create(slug="health", defaults={"name": "سلامت"})  # flushed by earlier live tests
    TalentKeyword.objects.create(area=health, keyword="پرستار", key=search_key("پرستار"), weight=3)
    roster = tmp_path / "roster.csv"
    rows = write_roster(roster)

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.get_by_role("link", name="بارگذاری فایل فهرست بازنشستگان").click()
    expect(page.get_by_label("فایل فهرست")).to_be_visible()
    check_accessibility(page, "upload")
    page.get_by_label("فایل فهرست").set_input_files(str(roster))
    page.get_by_role("button", name="بارگذاری و بررسی ستون‌ها").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("تطبیق ستون‌ها")
    expect(page.get_by_label("کد ملی", exact=True)).to_have_value("national_code")
    check_accessibility(page, "mapping")
    page.get_by_role("button", name="شروع بارگذاری").click()

    progress = page.locator("#import-progress")
    expect(progress.locator(".import-status")).to_have_text("پایان یافته", timeout=20_000)
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    # Status, times and buttons are redrawn together: no "queued" or live cancel button left beside "finished".
    expect(page.locator(".import-status")).to_have_count(1)
    expect(page.get_by_role("link", name="لغو بارگذاری")).to_have_count(0)
    expect(progress.locator(".import-started")).not_to_have_text("—")
    expect(progress.locator(".import-finished")).not_to_have_text("—")
    expect(progress.locator(".rows-rejected")).to_have_text("۲")
    expect(progress.locator(".rows-warned")).to_have_text("۱")  # the broken mobile: kept, mobile left empty
    expect(progress.locator(".import-warned")).to_contain_text("۱ نفر بدون شماره همراه نامعتبر ذخیره شدند")
    expect(progress.locator(".import-rejected")).to_contain_text("۱ ردیف رد شد: کد ملی معتبر نیست")
    check_accessibility(page, "progress")
    with page.expect_download() as download_info:
        progress.get_by_role("link", name="دریافت ردیف‌های ردشده و هشداردار (اکسل)").click()
    workbook = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()), read_only=True)
    summary, rejected, warned = ([list(line) for line in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets)
    assert "ردیف‌های ردشده، به تفکیک دلیل" in [line[0] for line in summary if line]
    assert sorted(line[1] for line in rejected[1:]) == [9, 10]
    assert [line[1] for line in warned[1:]] == [11]
    assert Retiree.objects.count() == len(rows) - 2

    page.locator("#main-nav").get_by_role("button", name="بازنشستگان").click()
    page.locator("#main-nav").get_by_role("link", name="آمار بازنشستگان").click()
    page.get_by_label("ردیف‌ها").select_option("gender")
    page.get_by_label("ستون‌ها").select_option("education")
    page.get_by_role("button", name="نمایش", exact=True).click()
    table = page.locator("table.demographics-table")
    expect(table).to_be_visible()
    assert table.locator("td.suppressed").count() > 0
    expect(table.locator("td.suppressed").first).to_contain_text("*")
    expect(page.locator(".demographics-note")).to_contain_text("اندکی جابه‌جا شده‌اند")
    # The chart is drawn (it used to be an empty box): Chart.js holds a chart on the canvas
    # with one series per column of the table, hidden cells null.
    chart = page.locator("#demographics-chart")
    expect(chart).to_have_attribute("data-drawn", re.compile(r"^[1-9]"))
    series = page.evaluate("() => Chart.getChart('demographics-chart').data.datasets.map(d => d.data)")
    assert len(series) == table.locator("thead th").count() - 2  # minus the row label and the total
    assert None in [value for values in series for value in values]
    check_accessibility(page, "demographics")

    page.locator("#main-nav").get_by_role("button", name="بازنشستگان").click()
    page.locator("#main-nav").get_by_role("link", name="جذب نیرو").click()
    page.get_by_role("link", name="یافتن نیروی مستعد").first.click()
    page.get_by_label("حوزه").select_option(str(health.pk))
    page.get_by_role("button", name="جست‌وجو").click()
    results = page.locator("table.talent-results")
    expect(results).to_contain_text("پرستاری")
    assert duplicate_ids(page) == []  # the search's and the selection's area once each
    check_accessibility(page, "talent search")
    first = results.locator("tbody tr").first
    name = first.locator("label").inner_text()
    first.get_by_role("checkbox").check()
    page.get_by_role("button", name="افزودن افراد انتخاب‌شده به جریان جذب").first.click()  # above the list

    expect(page.get_by_role("heading", level=1)).to_contain_text("تابلوی جذب نیرو")
    check_accessibility(page, "board")
    page.get_by_role("link", name=name).click()
    for step in ("ثبت تماس", "ثبت علاقه", "پیوستن به سفیران"):
        page.get_by_role("link", name=step).click()
        page.get_by_role("button", name=step).click()
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".detail-list")).to_contain_text("پیوسته")
    check_accessibility(page, "candidate")

    page.get_by_role("link", name="باز کردن صفحهٔ سفیر").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.locator("#main-nav").get_by_role("link", name="سفیران", exact=True).click()
    search = page.locator("main").get_by_role("searchbox")
    search.fill(name)
    search.press("Enter")
    expect(page.locator("#results table")).to_contain_text(name)
    expect(page).to_have_url(re.compile(r"q="))
    ambassador = Ambassador.objects.get()
    assert ambassador.retiree is not None and ambassador.areas.get() == health
