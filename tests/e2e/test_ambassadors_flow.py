"""A coordinator registers an ambassador, finds them, exports the list; another province cannot see them."""
import re

from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from ambassadors.models import Ambassador
from ambassadors.testing import make_ambassador
from areas.models import Area
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_county, make_province

from .conftest import check_accessibility, choose, sign_in


def test_coordinator_registers_finds_and_exports_an_ambassador(live_server, page, browser):
    tehran = make_province("23")
    county = make_county(tehran)
    Area.objects.get_or_create(slug="health", defaults={"name": "سلامت"})
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="مینا", last_name="صادقی")
    make_user(Role.AMBASSADOR, make_province("10"), username="isfahan.amb")
    make_ambassador(tehran, first_name="کامران", last_name="شریفی")  # must not match the search

    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_accessibility(page, "login")
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("مینا")
    check_accessibility(page, "dashboard")

    page.get_by_role("link", name="ثبت سفیر جدید").click()
    page.get_by_label("نام", exact=True).fill("حسين")  # Arabic yeh, as typed on a Windows keyboard
    page.get_by_label("نام خانوادگی").fill("رضايي")
    page.get_by_label("کد ملی").fill("۰۰۱۳۵۴۲۴۱۹")
    page.get_by_label("تلفن همراه").fill("۰۹۱۲۳۴۵۶۷۸۹")
    page.get_by_label("مرد").check()
    birth = page.get_by_label("تاریخ تولد")
    birth.fill("۱۳۴۰/۰۵/۱۲")
    birth.press("Escape")
    choose(page, "شهرستان", county.name)  # a province's long county list is searchable
    page.get_by_label("سلامت").check()
    check_accessibility(page, "ambassador form")
    page.get_by_role("button", name="ذخیره").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("حسین رضایی")
    expect(page.locator(".detail-list")).to_contain_text("۱۳۴۰/۰۵/۱۲")
    check_accessibility(page, "ambassador page")
    ambassador = Ambassador.objects.with_national_code("0013542419").get()
    detail_url = page.url

    page.locator("#main-nav").get_by_role("link", name="سفیران", exact=True).click()
    expect(page.locator("#results table")).to_contain_text("کامران شریفی")
    search = page.locator("main").get_by_role("searchbox")
    search.fill("حسين رضايي")  # Arabic yeh again
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q="))
    expect(page.locator("#results table")).not_to_contain_text("کامران شریفی")
    expect(page.locator("#results table")).to_contain_text("حسین رضایی")
    check_accessibility(page, "ambassador list")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="دریافت فایل اکسل").click()
    rows = xlsx_cells(open(download_info.value.path(), "rb").read())
    assert any("حسین رضایی" in str(cell) for row in rows for cell in row)
    # The search narrowed the list in place; the file holds what was found, not everyone.
    assert not any("کامران شریفی" in str(cell) for row in rows for cell in row)

    other = browser.new_context(locale="fa-IR")
    other_page = other.new_page()
    sign_in(other_page, live_server, "isfahan.amb", PASSWORD)
    response = other_page.goto(detail_url)
    assert response.status == 404
    expect(other_page.get_by_role("heading", level=1)).to_contain_text("پیدا نشد")
    other.close()
    assert ambassador.pk
