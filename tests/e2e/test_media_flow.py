"""An ambassador logs an interview on the provincial radio (Jalali date and reach typed with
Persian digits), finds it in the list, and sees it counted on the totals page under the outlet,
each of its areas and its Jalali month; filtering the list carries over to the totals."""
import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from areas.models import Area
from core import jalali
from core.roles import Role
from geo.testing import make_province
from media.models import MediaCoverage
from media.testing import make_coverage
from partners.choices import OrganizationKind
from partners.testing import make_organization

from .conftest import check_accessibility, sign_in

TITLE = "گفت‌وگوی رادیویی دربارهٔ کارگاه‌های سفیران در سراهای محله"


def totals_cells(page, group: str, label: str):
    """The figures of one row of a totals table, as shown."""
    section = page.get_by_role("region", name=group)
    row = section.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    return row.get_by_role("cell")


def test_ambassador_logs_coverage_and_sees_it_in_the_totals(live_server, page):
    tehran = make_province("23")
    culture, _ = Area.objects.get_or_create(slug="culture", defaults={"name": "فرهنگی"})
    health, _ = Area.objects.get_or_create(slug="health", defaults={"name": "سلامت"})
    radio = make_organization(tehran, kind=OrganizationKind.MEDIA_OUTLET, name="رادیو تهران")
    paper = make_organization(tehran, kind=OrganizationKind.MEDIA_OUTLET, name="روزنامه همشهری", media_kind="newspaper")
    make_organization(tehran, kind=OrganizationKind.BUSINESS, name="شرکت نان سحر")  # not an outlet
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=40)  # always another Jalali month
    older = make_coverage(tehran, outlet=radio, title="خبر آغاز طرح سفیران", published_on=earlier, estimated_reach=3000)
    older.areas.set([health])
    other = make_coverage(
        tehran, outlet=paper, title="گزارش نشست سفیران با کانون", published_on=today, estimated_reach=5000
    )
    other.areas.set([culture])
    make_user(Role.AMBASSADOR, tehran, username="tehran.amb", first_name="رضا", last_name="امینی")

    # The ambassador logs the interview from the dashboard.
    sign_in(page, live_server, "tehran.amb", PASSWORD)
    page.locator("main").get_by_role("link", name="ثبت پوشش رسانه‌ای").click()
    outlet = page.get_by_label("رسانه", exact=True)
    expect(outlet.locator("option")).to_have_text(["— انتخاب کنید —", "رادیو تهران", "روزنامه همشهری"])
    outlet.select_option(label="رادیو تهران")
    published = page.get_by_label("تاریخ", exact=True)
    published.fill(jalali.format_date(today))  # Persian digits, as typed on a Persian keyboard
    published.press("Escape")
    page.get_by_label("عنوان").fill(TITLE)
    page.get_by_role("group", name="نوع").get_by_label("مصاحبه").check()
    areas = page.get_by_role("group", name="حوزه‌ها")
    areas.get_by_label("فرهنگی").check()
    areas.get_by_label("سلامت").check()
    page.get_by_label("مخاطبان تخمینی").fill("۱۲٬۰۰۰")  # with the Persian thousands separator
    check_accessibility(page, "media coverage form")
    page.get_by_role("button", name="ذخیره").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    details = page.locator(".detail-list")
    expect(details).to_contain_text(jalali.format_date(today))
    expect(details).to_contain_text("مصاحبه")
    expect(details).to_contain_text("۱۲٬۰۰۰")
    expect(details.get_by_role("link", name="رادیو تهران")).to_be_visible()
    check_accessibility(page, "media coverage page")
    coverage = MediaCoverage.objects.get(title=TITLE)
    assert (coverage.outlet, coverage.published_on, coverage.kind, coverage.estimated_reach) == (
        radio, today, "interview", 12000
    )
    assert set(coverage.areas.all()) == {culture, health}

    # It is in the list, and a search finds it.
    menu = page.locator("#main-nav")
    menu.get_by_role("button", name="ارتباطات").click()
    menu.get_by_role("link", name="پوشش رسانه‌ای", exact=True).click()
    results = page.locator("#results table")
    expect(results).to_contain_text("گزارش نشست سفیران با کانون")
    search = page.locator("main").get_by_role("searchbox")
    search.fill("كارگاه‌هاي سفيران")  # Arabic kaf and yeh
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q="))
    expect(results).not_to_contain_text("گزارش نشست سفیران با کانون")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    check_accessibility(page, "media coverage list")

    # The totals: the new item under its outlet, both of its areas and this month.
    page.get_by_role("link", name="پاک کردن").click()
    page.get_by_role("link", name="جمع‌ها").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("جمع پوشش رسانه‌ای")
    expect(totals_cells(page, "به تفکیک رسانه", "رادیو تهران")).to_have_text(["۲", "۱۵٬۰۰۰"])
    expect(totals_cells(page, "به تفکیک رسانه", "روزنامه همشهری")).to_have_text(["۱", "۵٬۰۰۰"])
    expect(totals_cells(page, "به تفکیک حوزه", "فرهنگی")).to_have_text(["۲", "۱۷٬۰۰۰"])
    expect(totals_cells(page, "به تفکیک حوزه", "سلامت")).to_have_text(["۲", "۱۵٬۰۰۰"])
    this_month, last_month = (jalali.format_month(*jalali.month_of(day)) for day in (today, earlier))
    expect(totals_cells(page, "به تفکیک ماه", this_month)).to_have_text(["۲", "۱۷٬۰۰۰"])
    expect(totals_cells(page, "به تفکیک ماه", last_month)).to_have_text(["۱", "۳٬۰۰۰"])
    # Three items in all, the one in two areas counted once.
    expect(page.get_by_role("region", name="به تفکیک حوزه").locator("tfoot td")).to_have_text(["۳", "۲۰٬۰۰۰"])
    # Each group is drawn as a chart too (the months as a line), the table staying beside it.
    expect(page.locator("figure[data-chart] canvas[data-drawn]")).to_have_count(3)
    expect(page.get_by_role("img", name=re.compile("به تفکیک ماه"))).to_be_visible()
    check_accessibility(page, "media coverage totals")

    # Filtering the list by outlet, then asking for totals, totals that outlet only.
    page.go_back()
    page.get_by_label("رسانه", exact=True).select_option(label="رادیو تهران")
    expect(results).not_to_contain_text("گزارش نشست سفیران با کانون")
    expect(page).to_have_url(re.compile(rf"outlet={radio.pk}"))
    page.get_by_role("link", name="جمع‌ها").click()
    expect(page).to_have_url(re.compile(rf"/media-coverage/totals/\?.*outlet={radio.pk}"))
    by_outlet = page.get_by_role("region", name="به تفکیک رسانه")
    expect(by_outlet.locator("tbody tr")).to_have_count(1)
    expect(totals_cells(page, "به تفکیک رسانه", "رادیو تهران")).to_have_text(["۲", "۱۵٬۰۰۰"])
    expect(totals_cells(page, "به تفکیک حوزه", "فرهنگی")).to_have_text(["۱", "۱۲٬۰۰۰"])
