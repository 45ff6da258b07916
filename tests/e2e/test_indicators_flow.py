"""An ambassador enters a figure from the governorate's letter: an out-of-range figure first
(the page asks for a comment and keeps what was typed), then the right one. The value shows
with its source, and on the indicator's chart beside last months' zero and "not available" —
a zero drawn as zero, "not available" as a gap and written «ناموجود», never as zero."""
import re
from decimal import Decimal

from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from core.roles import Role
from geo.testing import make_province
from indicators.choices import PeriodType
from indicators.models import IndicatorValue
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
