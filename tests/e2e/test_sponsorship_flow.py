"""A coordinator records a business's cash pledge in tomans, what arrives in two parts, prints
the acknowledgement letter and closes the pledge; a receipt typed on a page left open meanwhile
is refused with the reason, and nothing changes."""
import re

from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import MoneyUnit
from accounts.testing import PASSWORD, make_user
from areas.models import Area
from core import jalali
from core.roles import Role
from core.testing import pdf_text, squash
from geo.testing import make_province
from partners.choices import OrganizationKind
from partners.testing import make_organization
from sponsorship.choices import PledgeStatus
from sponsorship.models import Pledge, Receipt

from .conftest import check_accessibility, sign_in

SPONSOR = "شرکت فرش دستباف نگین ری"


def test_coordinator_records_a_pledge_receives_it_in_two_parts_prints_the_letter_and_closes_it(live_server, page):
    tehran = make_province("23")
    family, _ = Area.objects.get_or_create(slug="family", defaults={"name": "خانواده"})
    sponsor = make_organization(tehran, kind=OrganizationKind.BUSINESS, name=SPONSOR)
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="مینا", last_name="صادقی",
              money_unit=MoneyUnit.TOMAN)
    today = timezone.localdate()

    # The pledge: twenty-five million tomans, typed with Persian digits and separators.
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.locator("main").get_by_role("link", name="ثبت تعهد حامی").click()
    page.get_by_label("حامی").select_option(label=SPONSOR)
    page.get_by_role("group", name="نوع حمایت").get_by_label("نقدی", exact=True).check()
    page.get_by_label("ارزش (تومان)").fill("۲۵٬۰۰۰٬۰۰۰")
    page.get_by_label("هدف").fill("چاپ کتابچهٔ آموزشی کارگاه‌های خانواده")
    page.get_by_role("group", name="حوزه‌ها").get_by_label("خانواده").check()
    expect(page.get_by_label("تاریخ تعهد")).to_have_value(jalali.format_date(today, persian_digits=True))
    check_accessibility(page, "pledge form")
    page.get_by_role("button", name="ذخیره").click()

    details = page.locator(".detail-list")
    expect(details).to_contain_text("۲۵٬۰۰۰٬۰۰۰ تومان")
    expect(details).to_contain_text("تعهدشده")
    expect(details.get_by_role("link", name=SPONSOR)).to_be_visible()
    check_accessibility(page, "pledge page")
    pledge = Pledge.objects.get()
    assert (pledge.sponsor, pledge.value_rials, pledge.status) == (sponsor, 250_000_000, PledgeStatus.PLEDGED)
    assert list(pledge.areas.all()) == [family]
    pledge_url = page.url

    # Ten million arrives first.
    page.get_by_role("link", name="ثبت دریافتی").click()
    expect(page.get_by_label("تاریخ دریافت")).to_have_value(jalali.format_date(today, persian_digits=True))
    page.get_by_label("ارزش (تومان)").fill("۱۰٬۰۰۰٬۰۰۰")
    page.get_by_label("چه چیزی دریافت شد").fill("واریز نخست به حساب طرح")
    check_accessibility(page, "receipt form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("۱۵٬۰۰۰٬۰۰۰ تومان هنوز مانده است")
    expect(details).to_contain_text("بخشی دریافت شده")
    expect(details).to_contain_text("۱۰٬۰۰۰٬۰۰۰ تومان")
    received = page.get_by_role("region", name=re.compile("دریافت‌شده"))
    expect(received).to_contain_text("واریز نخست به حساب طرح")
    pledge.refresh_from_db()
    assert (pledge.status, pledge.received_rials) == (PledgeStatus.PARTLY_RECEIVED, 100_000_000)

    # A second tab opens the receipt form and is left open …
    stale = page.context.new_page()
    stale.goto(f"{pledge_url}receive/")
    expect(stale.get_by_label("ارزش (تومان)")).to_be_visible()

    # … while the rest arrives, the letter is printed and the pledge closed.
    page.get_by_role("link", name="ثبت دریافتی").click()
    page.get_by_label("ارزش (تومان)").fill("۱۵٬۰۰۰٬۰۰۰")
    page.get_by_label("چه چیزی دریافت شد").fill("واریز دوم و پایانی")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("کامل دریافت شده")
    expect(details).to_contain_text("دریافت‌شده")
    expect(details).not_to_contain_text("بخشی دریافت شده")
    expect(page.get_by_role("link", name="ثبت دریافتی")).to_have_count(0)
    expect(received.get_by_role("row")).to_have_count(3)  # the header and two receipts

    # The letter opens in the browser's PDF viewer, ready to print or save.
    with page.expect_response(re.compile(r"/letter\.pdf$")) as letter_response:
        page.get_by_role("link", name="تقدیرنامه (PDF)").click()
    response = letter_response.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # The viewer stands between the page and the file: read the file itself with the same session.
    letter = page.request.get(response.url).body()
    assert letter.startswith(b"%PDF-")
    text = pdf_text(letter)
    assert squash(SPONSOR) in text
    assert squash("۲۵۰٬۰۰۰٬۰۰۰ ریال") in text  # official letters speak rials
    assert squash("واریز دوم و پایانی") in text

    page.go_back()
    page.get_by_role("link", name="بستن تعهد").click()
    expect(page).to_have_url(re.compile(r"/close/$"))
    check_accessibility(page, "close pledge form")
    page.get_by_role("button", name="بستن تعهد").click()
    expect(page.locator(".messages")).to_contain_text("تعهد بسته شد")
    expect(details).to_contain_text("بسته‌شده")
    expect(page.get_by_role("link", name="بستن تعهد")).to_have_count(0)
    pledge.refresh_from_db()
    assert (pledge.status, pledge.received_rials) == (PledgeStatus.CLOSED, 250_000_000)

    # The tab left open cannot record anything against the closed pledge.
    stale.get_by_label("ارزش (تومان)").fill("۵٬۰۰۰٬۰۰۰")
    stale.get_by_label("چه چیزی دریافت شد").fill("واریز اضافه")
    stale.get_by_role("button", name="ذخیره").click()
    expect(stale.get_by_role("alert")).to_have_text("وضعیت این تعهد «بسته‌شده» است؛ دریافت دیگری برای آن ثبت نمی‌شود.")
    # It says why and leads back, rather than offering the same form again.
    expect(stale.get_by_label("ارزش (تومان)")).to_have_count(0)
    check_accessibility(stale, "refused receipt")
    pledge.refresh_from_db()
    assert (pledge.status, pledge.received_rials, Receipt.objects.count()) == (PledgeStatus.CLOSED, 250_000_000, 2)
    stale.get_by_role("link", name="بازگشت").click()
    expect(stale.locator(".detail-list")).to_contain_text("بسته‌شده")
    expect(stale.get_by_role("region", name=re.compile("دریافت‌شده")).get_by_role("row")).to_have_count(3)
    stale.close()
