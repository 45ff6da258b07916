"""An ambassador enters a figure from the governorate's letter: an out-of-range figure first
(the page asks for a comment and keeps what was typed), then the right one. The value shows
with its source, and on the indicator's chart beside last months' zero and "not available" —
a zero drawn as zero, "not available" as a gap and written «ناموجود», never as zero."""
import datetime
import re
from decimal import Decimal

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.testing import PASSWORD, current_code, make_user
from core.roles import Role
from geo.testing import make_province
from indicators.choices import PeriodType
from indicators.models import IndicatorSettings, IndicatorValue
from indicators.testing import make_indicator, make_source, make_value
from indicators.tests.test_import import workbook

from .conftest import check_accessibility, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NAME = "تصادفات رانندگی منجر به جرح سالمندان"


def test_a_value_with_its_source_is_charted_and_not_available_stays_apart_from_zero(live_server, page):
    tehran = make_province("23")
    indicator = make_indicator(None, name=NAME, unit="مورد", period_type=PeriodType.MONTH, min_value=Decimal(0),
                               max_value=Decimal(1000))
    governorate = make_source(tehran, name="استانداری تهران")
    make_value(tehran, indicator, "1404-05", Decimal(0), organization=governorate)
    make_value(tehran, indicator, "1404-06", None, organization=governorate)
    make_user(Role.AMBASSADOR, tehran, username="tehran.amb", first_name="رضا", last_name="امینی")

    sign_in(page, live_server, "tehran.amb", PASSWORD)
    page.goto(f"{live_server.url}/statistics/")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="ثبت رقم").click()
    expect(page.get_by_label("شاخص", exact=True)).to_have_value(str(indicator.pk))
    page.get_by_label("سال شمسی").fill("۱۴۰۴")
    page.get_by_label("ماه یا فصل").select_option(label="مهر")
    page.get_by_label("رقم", exact=True).fill("۵۰۰۰")
    page.get_by_role("group", name="منبع").get_by_label("نامهٔ یک سازمان").check()
    page.get_by_label("سازمان منبع").select_option(label="استانداری تهران")
    page.get_by_label("شمارهٔ نامه").fill("۴۵/۱۲۳۴")
    letter_date = page.get_by_label("تاریخ نامه")
    letter_date.fill("۱۴۰۴/۰۸/۱۰")
    letter_date.press("Escape")
    check_accessibility(page, "indicator value form")
    page.get_by_role("button", name="ذخیره").click()

    # Out of the plausible range: a comment is asked for, next to the field; nothing is saved.
    comment_error = page.locator("#id_comment_error")
    expect(comment_error).to_contain_text("بیرون از بازهٔ پذیرفتنی")
    expect(page.get_by_label("رقم", exact=True)).to_have_value("۵۰۰۰")
    assert not IndicatorValue.objects.filter(period_key="1404-07").exists()
    check_accessibility(page, "indicator value form with an error")
    page.get_by_label("رقم", exact=True).fill("۱۲۰")
    page.get_by_role("button", name="ذخیره").click()

    details = page.locator(".detail-list")
    expect(details).to_contain_text("۱۲۰ مورد")
    expect(details).to_contain_text("مهر ۱۴۰۴")
    expect(details.get_by_role("link", name="استانداری تهران")).to_be_visible()
    expect(details).to_contain_text("۴۵/۱۲۳۴")
    value = IndicatorValue.objects.get(period_key="1404-07")
    assert (value.value, value.organization, value.letter_number) == (Decimal(120), governorate, "۴۵/۱۲۳۴")

    # The list says «ناموجود» for the missing month and ۰ for the zero one.
    page.goto(f"{live_server.url}/statistics/values/?indicator={indicator.pk}")
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="شهریور ۱۴۰۴").locator(".not-available")).to_have_text("ناموجود")
    expect(rows.filter(has_text="مرداد ۱۴۰۴")).to_contain_text("۰ مورد")

    # On the chart: zero, a gap, then the new figure.
    page.goto(f"{live_server.url}{indicator.get_absolute_url()}")
    line = page.locator("figure[data-chart] canvas").first
    expect(line).to_have_attribute("data-drawn", re.compile(r"^[1-9]"))
    data = page.evaluate("() => Chart.getChart(document.querySelector('figure[data-chart] canvas')).data.datasets[0].data")
    assert data == [0, None, 120]
    page.locator("figure[data-chart] summary").first.click()
    table = page.locator("figure[data-chart] table").first
    expect(table.get_by_role("row").filter(has_text="شهریور ۱۴۰۴")).to_contain_text("ناموجود")
    expect(table.get_by_role("row").filter(has_text="مرداد ۱۴۰۴")).to_contain_text("۰")
    expect(table.get_by_role("row").filter(has_text="مهر ۱۴۰۴")).to_contain_text("۱۲۰")
    check_accessibility(page, "indicator page with its charts")


def test_a_letters_figures_are_copied_beside_last_periods(live_server, page):
    tehran = make_province("23")
    governorate = make_source(tehran, name="استانداری تهران")
    accidents = make_indicator(None, name="الف تصادفات سالمندان", unit="مورد", period_type=PeriodType.MONTH)
    water = make_indicator(None, name="ب مصرف سرانهٔ آب", unit="لیتر", period_type=PeriodType.MONTH,
                           min_value=Decimal(80), max_value=Decimal(400))
    make_value(tehran, accidents, "1404-06", Decimal(140), organization=governorate)
    make_value(tehran, water, "1404-06", Decimal(170), organization=governorate)
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="مریم", last_name="احمدی")

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.locator("main").get_by_role("link", name="ثبت ارقام یک نامه").click()
    page.get_by_label("سازمان منبع").select_option(label="استانداری تهران")
    page.get_by_label("شمارهٔ نامه").fill("۴۲۰۰/۰۵")
    letter_date = page.get_by_label("تاریخ نامه")
    letter_date.fill("۱۴۰۴/۰۸/۰۵")
    letter_date.press("Escape")
    page.get_by_label("سال شمسی").fill("۱۴۰۴")
    page.get_by_label("ماه یا فصل").select_option(label="مهر")
    page.get_by_role("button", name="بعدی").click()

    # Laid out like the letter: its number and date on top, last period's figures beside the boxes.
    expect(page.locator(".letter-head")).to_contain_text("۴۲۰۰/۰۵")
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="الف تصادفات سالمندان")).to_contain_text("۱۴۰ مورد")
    expect(rows.filter(has_text="ب مصرف سرانهٔ آب")).to_contain_text("۱۷۰ لیتر")
    check_accessibility(page, "a letter's figures")
    page.get_by_label("الف تصادفات سالمندان").fill("۱۳۲")
    page.get_by_label("ب مصرف سرانهٔ آب").fill("۹۰۰")  # out of range: the whole letter waits
    page.get_by_role("button", name="ذخیرهٔ ارقام نامه").click()
    expect(rows.filter(has_text="ب مصرف سرانهٔ آب")).to_contain_text("بیرون از بازهٔ پذیرفتنی")
    assert not IndicatorValue.objects.filter(period_key="1404-07").exists()
    page.get_by_label("ب مصرف سرانهٔ آب").fill("۱۶۵")
    page.get_by_label("تصویر نامه").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 the letter"})
    page.get_by_role("button", name="ذخیرهٔ ارقام نامه").click()
    expect(page.locator(".messages")).to_contain_text("۲ رقم نامه ذخیره شد")
    saved = IndicatorValue.objects.filter(period_key="1404-07").order_by("indicator__name")
    assert [(value.value, value.letter_number) for value in saved] == [(Decimal(132), "۴۲۰۰/۰۵"),
                                                                       (Decimal(165), "۴۲۰۰/۰۵")]
    assert saved[0].letter_scan.name == saved[1].letter_scan.name != ""

    # An Excel import runs in the task worker; its page tells the result and each rejected line.
    page.goto(f"{live_server.url}/statistics/values/import/")
    check_accessibility(page, "import page")
    row = ["الف تصادفات سالمندان", "تهران", "", "1404-08", 128, "", "استانداری تهران", "۴۳۰۰/۰۶", "1404/09/05",
           "", "", ""]
    page.get_by_label("فایل اکسل ارقام").set_input_files(
        {"name": "values.xlsx", "mimeType": XLSX, "buffer": workbook([row, [*row[:3], "1404", *row[4:]]])})
    page.get_by_role("button", name="ورود").click()
    progress = page.locator("#import-progress")
    expect(progress.locator(".import-status")).to_have_text("پایان یافته")
    expect(progress.locator(".rows-created")).to_have_text("۱")
    expect(progress.locator("#rejected-rows tbody tr")).to_contain_text("۳")
    check_accessibility(page, "an import's result")


def test_a_closed_period_says_so_and_the_manager_reopens_it_for_the_province(live_server, page, monkeypatch):
    """Entry closes 15 days after the period: the letter form says so instead of the rows, and
    the provincial manager reopens the province's period until a chosen day, with a reason."""
    tehran = make_province("23")
    make_source(tehran, name="استانداری تهران")
    make_indicator(None, name="الف تصادفات سالمندان", unit="مورد", period_type=PeriodType.MONTH)
    manager = make_user(Role.PROVINCIAL_MANAGER, tehran, username="tehran.mgr")
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    IndicatorSettings.objects.update_or_create(pk=1, defaults={"entry_closes_after_days": 15})
    real_localdate = timezone.localdate

    def on_10_azar_1404(value=None, timezone=None):
        return datetime.date(2025, 12, 1) if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", on_10_azar_1404)

    sign_in(page, live_server, "tehran.mgr", PASSWORD)
    page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    page.get_by_role("button", name="ادامه").click()
    page.goto(f"{live_server.url}/statistics/values/letter/")
    expect(page.locator("#entry-window")).to_contain_text("ورود دادهٔ آبان ۱۴۰۴ تا ۱۵ آذر ۱۴۰۴ باز است.")
    page.get_by_label("سازمان منبع").select_option(label="استانداری تهران")
    page.get_by_label("شمارهٔ نامه").fill("۴۴۰۰/۰۷")
    letter_date = page.get_by_label("تاریخ نامه")
    letter_date.fill("۱۴۰۴/۰۹/۰۸")
    letter_date.press("Escape")
    page.get_by_label("سال شمسی").fill("۱۴۰۴")
    page.get_by_label("ماه یا فصل").select_option(label="مهر")
    page.get_by_role("button", name="بعدی").click()

    # Mehr closed on 15 Aban: the header comes back with the day and who reopens, no rows.
    expect(page.locator("main")).to_contain_text("در پایان ۱۵ آبان ۱۴۰۴ بسته شد")
    expect(page.locator("table")).to_have_count(0)
    check_accessibility(page, "a letter for a closed period")
    page.get_by_role("link", name="بازکردن دوبارهٔ ورود داده برای این استان").click()
    expect(page.get_by_label("ماه یا فصل")).to_have_value("7")
    until = page.get_by_label("باز تا")
    until.fill("۱۴۰۴/۰۹/۲۰")
    until.press("Escape")
    page.get_by_label("دلیل بازگشایی").fill("نامهٔ استانداری دیر رسید")
    check_accessibility(page, "reopening entry")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("تا پایان ۲۰ آذر ۱۴۰۴ دوباره باز شد")
    expect(page.locator(".detail-list")).to_contain_text("ورود داده تا ۲۰ آذر ۱۴۰۴ باز است.")

    page.go_back()
    page.go_back()
    page.get_by_role("button", name="بعدی").click()
    expect(page.locator("#entry-window")).to_contain_text("ورود داده تا ۲۰ آذر ۱۴۰۴ باز است.")
    expect(page.locator("table tbody tr").filter(has_text="الف تصادفات سالمندان")).to_have_count(1)
