"""A national admin keeps the reference data: renames an area, adds a county, finds both in the
audit log by record type and Jalali date; then loosens the demographics' privacy threshold and
sees the explorer follow it."""
import datetime
import re

from auditlog.models import LogEntry
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.testing import PASSWORD, current_code, make_user
from areas.models import Area
from core import jalali
from core.roles import Role
from geo.models import County
from geo.testing import make_province
from retirees.demographics import refresh_summary
from retirees.models import RosterSettings
from retirees.testing import make_retiree

from .conftest import check_accessibility, choose, sign_in


def sign_in_as_admin(page, live_server):
    admin = make_user(Role.NATIONAL_ADMIN, username="admin", first_name="سارا", last_name="محمدی")
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(page, live_server, "admin", PASSWORD)
    page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    page.get_by_role("button", name="ادامه").click()
    expect(page).to_have_url(live_server.url + "/")
    return admin


def open_menu(page, group, item):
    menu = page.locator("#main-nav")
    menu.get_by_role("button", name=group).click()
    menu.get_by_role("link", name=item, exact=True).click()


def test_admin_edits_reference_data_and_finds_it_in_the_audit_log(live_server, page):
    health, _ = Area.objects.get_or_create(slug="health", defaults={"name": "سلامت"})  # flushed by earlier live tests
    khorasan = make_province("09")
    make_province("23")
    LogEntry.objects.all().delete()  # whether set-up created the area or found it, the log starts empty
    # An older change, outside the dates searched below.
    old = LogEntry.objects.log_create(health, action=LogEntry.Action.UPDATE, changes={"order": ["0", "1"]})
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    LogEntry.objects.filter(pk=old.pk).update(timestamp=ten_days_ago)
    sign_in_as_admin(page, live_server)

    # Rename an area.
    open_menu(page, "مدیریت سامانه", "حوزه‌ها")
    page.get_by_role("link", name="سلامت", exact=True).click()
    page.get_by_role("link", name="ویرایش", exact=True).click()
    name = page.get_by_label("نام", exact=True)
    expect(name).to_have_value("سلامت")
    name.fill("سلامت و بهداشت روان")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("سلامت و بهداشت روان")
    expect(page.get_by_role("heading", level=1)).to_have_text("سلامت و بهداشت روان")
    health.refresh_from_db()
    assert health.name == "سلامت و بهداشت روان"

    # Add a county to Khorasan Razavi, from the province's page.
    open_menu(page, "مدیریت سامانه", "استان‌ها")
    page.get_by_role("link", name="خراسان رضوی", exact=True).click()
    page.get_by_role("link", name="شهرستان جدید در این استان").click()
    expect(page.locator("select[name=province]")).to_have_value(str(khorasan.pk))  # 31 provinces: a searchable box
    expect(page.get_by_role("combobox", name="استان")).to_be_visible()
    check_accessibility(page, "new county form")
    page.get_by_label("نام", exact=True).fill("بینالود شمالی")
    page.get_by_label("کد رسمی").fill("۰۹۹۹")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("بینالود شمالی")
    county = County.objects.get(name="بینالود شمالی")
    assert (county.province, county.code) == (khorasan, "0999")
    open_menu(page, "مدیریت سامانه", "استان‌ها")
    page.get_by_role("link", name="خراسان رضوی", exact=True).click()
    expect(page.get_by_role("region", name=re.compile("شهرستان‌ها"))).to_contain_text("بینالود شمالی")

    # Both changes are in the audit log, under today's date, with who made them.
    open_menu(page, "مدیریت سامانه", "گزارش رویدادها")
    check_accessibility(page, "audit log")
    filters = page.get_by_role("search", name="جست‌وجو و فیلترها")
    today = jalali.format_date(timezone.localdate())
    since = filters.get_by_label("از تاریخ")
    since.fill(today)
    since.press("Escape")
    until = filters.get_by_label("تا تاریخ")
    until.fill(today)
    until.press("Escape")
    choose(filters, "نوع رکورد", "حوزه")
    results = page.locator("#results")
    rows = results.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("سارا محمدی")
    expect(rows.first).to_contain_text("ویرایش")
    expect(rows.first).to_contain_text("نام: سلامت ← سلامت و بهداشت روان")
    expect(page).to_have_url(re.compile(r"content_type=\d+"))

    choose(filters, "نوع رکورد", "شهرستان")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("سارا محمدی")
    expect(rows.first).to_contain_text("ایجاد")
    expect(rows.first).to_contain_text("استان: خراسان رضوی")
    expect(rows.first).to_contain_text("نام: بینالود شمالی")
    expect(rows.first).not_to_contain_text("None")  # no empty reverse relations, no raw values
    check_accessibility(page, "audit log, filtered")

    # The older change shows only when its date is searched.
    choose(filters, "نوع رکورد", "حوزه")
    ten_days_ago_jalali = jalali.format_date(timezone.localdate(ten_days_ago))
    since.fill(ten_days_ago_jalali)
    since.press("Escape")
    until.fill(ten_days_ago_jalali)
    until.press("Escape")
    filters.get_by_role("button", name="جست‌وجو").click()
    expect(rows).to_have_count(1)
    expect(rows.first).not_to_contain_text("سارا محمدی")

    # The entry's page lists the field changed, before and after.
    since.fill(today)
    since.press("Escape")
    until.fill(today)
    until.press("Escape")
    filters.get_by_role("button", name="جست‌وجو").click()
    expect(rows).to_have_count(1)
    # The results are swapped in place: wait for today's row, not the ten-day-old one still shown.
    expect(rows.first).to_contain_text("سارا محمدی")
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ویرایش حوزه «سلامت و بهداشت روان»")
    expect(page.locator(".detail-list")).to_contain_text("سارا محمدی")
    changes = page.get_by_role("region", name="تغییرات")
    name_row = changes.get_by_role("row", name=re.compile("^نام"))
    expect(name_row.get_by_role("cell")).to_have_text(["سلامت", "سلامت و بهداشت روان"])
    check_accessibility(page, "audit entry")


def test_admin_lowers_the_suppression_threshold_and_the_explorer_follows(live_server, page):
    tehran = make_province("23")
    # Record keys chosen so the shown counts are the true ones (cell keys 70, 90 and 160 fall
    # where the perturbation table adds nothing: retirees/perturbation.py).
    for index in range(7):
        make_retiree(tehran, gender="male", last_name=f"رضایی {index}", record_key=10)
    for index in range(3):
        make_retiree(tehran, gender="female", last_name=f"کاظمی {index}", record_key=30)
    refresh_summary()
    RosterSettings.objects.update(suppression_threshold=5)
    sign_in_as_admin(page, live_server)

    open_menu(page, "بازنشستگان", "آمار بازنشستگان")
    table = page.locator("table.demographics-table")
    tehran_row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="تهران"))
    expect(tehran_row.locator("td.suppressed")).to_have_count(2)  # 3 women, and the 7 men that would give them away
    expect(page.get_by_text("شمارش‌های کمتر از ۵")).to_be_visible()

    page.get_by_role("link", name="تنظیمات").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("تنظیمات آمار بازنشستگان")
    threshold = page.get_by_label("کمترین شمارش قابل نمایش")
    expect(threshold).to_have_value("5")
    check_accessibility(page, "demographics settings")
    threshold.fill("1")
    page.get_by_role("button", name="ذخیره").click()
    expect(threshold).to_have_attribute("aria-invalid", "true")  # at least 2
    threshold.fill("3")
    page.get_by_role("button", name="ذخیره").click()

    expect(page.locator(".messages")).to_contain_text("ذخیره شد")
    expect(page.get_by_text("شمارش‌های کمتر از ۳")).to_be_visible()
    expect(tehran_row.locator("td.suppressed")).to_have_count(0)
    expect(tehran_row).to_contain_text("۳")
    expect(tehran_row).to_contain_text("۷")
    expect(tehran_row).to_contain_text("۱۰")
    assert RosterSettings.current().suppression_threshold == 3
