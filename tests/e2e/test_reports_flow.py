"""The month's report (D11): the coordinator opens last month's report from the home page, sees
the figures compiled from what was logged (linked to the records), writes the narrative and a
corrective suggestion, and submits; the provincial manager (second sign-in step) returns it
with a reason; the coordinator revises and resubmits; the manager accepts and locks it."""
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.testing import PASSWORD, current_code, make_user
from core import jalali
from core.roles import Role
from geo.testing import make_province
from media.testing import make_coverage
from reports.models import MonthlyReport, snapshot_hash

from .conftest import check_accessibility, sign_in


def test_coordinator_submits_manager_returns_then_accepts_and_locks(live_server, page, browser):
    tehran = make_province("23")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="علی", last_name="نوری")
    manager = make_user(Role.PROVINCIAL_MANAGER, tehran, username="tehran.mgr", first_name="مریم", last_name="کریمی")
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    year, month = jalali.previous_month(*jalali.month_of(timezone.localdate()))
    first, _last = jalali.month_bounds(year, month)
    make_coverage(tehran, published_on=first, estimated_reach=12500, title="گفت‌وگوی رادیویی با سفیران")
    month_name = jalali.format_month(year, month)

    # The coordinator opens last month's report from the home page: the month is filled in.
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.get_by_role("link", name=f"نوشتن گزارش {month_name}").click()
    expect(page.get_by_label("ماه", exact=True)).to_have_value(str(month))
    page.get_by_label("شرح ماه").fill("یک گفت‌وگوی رادیویی پخش شد؛ جلسه‌ای برگزار نشد.")
    check_accessibility(page, "new monthly report")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("گزارش باز شد")
    figures = page.get_by_role("region", name="ارقام ماه")
    expect(figures).to_contain_text("زنده")
    expect(figures).to_contain_text("۱۲٬۵۰۰")
    check_accessibility(page, "draft monthly report")
    report_url = page.url

    # The figure links to the coverage behind it.
    figures.get_by_role("link", name="اقلام پوشش رسانه‌ای").click()
    expect(page.locator("#results")).to_contain_text("گفت‌وگوی رادیویی با سفیران")
    page.goto(report_url)

    # A corrective suggestion: what, to whom, by when.
    page.get_by_role("link", name="افزودن پیشنهاد").click()
    page.get_by_label("چه چیزی باید اصلاح شود").fill("برای جلسه‌ها با دستگاه‌ها زودتر وقت گرفته شود.")
    page.get_by_label("خطاب به").fill("مدیر استان")
    due = page.get_by_label("تا کی")
    due.fill(jalali.format_date(timezone.localdate() + timezone.timedelta(days=20)))
    due.press("Escape")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.get_by_role("region", name="پیشنهادهای اصلاحی")).to_contain_text("زودتر وقت گرفته شود")

    page.get_by_role("link", name="فرستادن برای مدیر استان").click()
    expect(page.get_by_role("button", name="فرستادن", exact=True)).to_be_visible()
    check_accessibility(page, "submit step")
    page.get_by_role("button", name="فرستادن", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("ارقام همان‌طور که اکنون هست ثابت شد")
    expect(page.locator(".detail-list")).to_contain_text("فرستاده‌شده")
    expect(page.get_by_role("region", name="ارقام ماه")).to_contain_text("دست‌نخورده")
    report = MonthlyReport.objects.get()
    assert report.snapshot_hash == snapshot_hash(report.snapshot)

    # The manager returns it with a reason.
    manager_context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    manager_page = manager_context.new_page()
    sign_in(manager_page, live_server, "tehran.mgr", PASSWORD)
    manager_page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    manager_page.get_by_role("button", name="ادامه").click()
    manager_page.locator(".stat-card").filter(has_text="گزارش‌های ماهانهٔ منتظر بررسی").get_by_role("link").click()
    manager_page.locator("#results").get_by_role("link", name=f"گزارش ماهانهٔ {tehran.name}، {month_name}").click()
    manager_page.get_by_role("link", name="برگرداندن برای اصلاح").click()
    manager_page.get_by_label("دلیل").fill("بنویسید چرا جلسه‌ای برگزار نشد.")
    check_accessibility(manager_page, "return step")
    manager_page.get_by_role("button", name="برگرداندن", exact=True).click()
    expect(manager_page.locator(".detail-list")).to_contain_text("برگشت‌خورده برای اصلاح")
    expect(manager_page.locator(".detail-list")).to_contain_text("بنویسید چرا جلسه‌ای برگزار نشد.")

    # The coordinator revises and resubmits.
    page.goto(report_url)
    expect(page.locator(".detail-list")).to_contain_text("بنویسید چرا جلسه‌ای برگزار نشد.")
    page.get_by_role("link", name="ویرایش", exact=True).click()
    page.get_by_label("شرح ماه").fill("یک گفت‌وگوی رادیویی پخش شد؛ دستگاه‌ها در این ماه وقت جلسه ندادند.")
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_role("link", name="فرستادن برای مدیر استان").click()
    page.get_by_role("button", name="فرستادن", exact=True).click()
    expect(page.locator(".detail-list")).to_contain_text("دوباره فرستاده‌شده")
    # The author has no accept button.
    expect(page.get_by_role("link", name="پذیرفتن", exact=True)).to_have_count(0)

    # The manager accepts, then locks.
    manager_page.goto(report_url)
    manager_page.get_by_role("link", name="پذیرفتن", exact=True).click()
    manager_page.get_by_role("button", name="پذیرفتن گزارش ماهانه").click()
    expect(manager_page.locator(".detail-list")).to_contain_text("پذیرفته‌شده")
    expect(manager_page.locator(".detail-list")).to_contain_text("مریم کریمی")
    manager_page.get_by_role("link", name="قفل کردن", exact=True).click()
    manager_page.get_by_role("button", name="قفل کردن گزارش ماهانه").click()
    expect(manager_page.locator(".messages")).to_contain_text("قفل شد")
    expect(manager_page.locator(".detail-list")).to_contain_text("قفل‌شده")
    check_accessibility(manager_page, "locked monthly report")
    manager_context.close()

    report.refresh_from_db()
    assert (report.status, report.accepted_by, report.version) == ("locked", manager, 1)
    assert "وقت جلسه ندادند" in report.snapshot["narrative"]
    # Locked: the coordinator can no longer edit it.
    page.goto(report_url)
    expect(page.get_by_role("link", name="ویرایش", exact=True)).to_have_count(0)
