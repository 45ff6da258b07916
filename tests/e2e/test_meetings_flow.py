"""Two people, one meeting (D5): an ambassador requests a meeting with an agency; the provincial
manager (with the second sign-in step) approves it and will accompany it; the ambassador records
it as held with a follow-up, which shows as overdue once its due date has passed."""
import datetime
import re
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.testing import PASSWORD, current_code, make_user
from ambassadors.testing import make_ambassador
from core import jalali
from core.roles import Role
from geo.testing import make_province
from meetings.models import FollowUp, Meeting
from partners.testing import make_organization

from .conftest import check_accessibility, sign_in


def test_ambassador_requests_manager_approves_follow_up_becomes_overdue(live_server, page, browser, monkeypatch):
    tehran = make_province("23")
    agency = make_organization(tehran, name="اداره کل بهزیستی استان تهران")
    ambassador = make_user(Role.AMBASSADOR, tehran, username="tehran.amb", first_name="رضا", last_name="امینی")
    make_ambassador(tehran, first_name="رضا", last_name="امینی", status="active", user=ambassador)
    manager = make_user(Role.PROVINCIAL_MANAGER, tehran, username="tehran.mgr", first_name="مریم", last_name="کریمی")
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    today = timezone.localdate()

    # The ambassador asks for the meeting.
    sign_in(page, live_server, "tehran.amb", PASSWORD)
    page.locator("main").get_by_role("link", name="درخواست جلسه", exact=True).click()
    page.get_by_label("سازمان").select_option(str(agency.pk))
    page.get_by_label("هدف").fill("معرفی طرح سفیران و درخواست همکاری در کارگاه‌های سالمندی")
    proposed = page.get_by_label("تاریخ پیشنهادی")
    proposed.fill(jalali.format_date(today))
    proposed.press("Escape")
    expect(page.get_by_label("رضا امینی")).to_be_checked()  # their own profile is ticked for them
    check_accessibility(page, "meeting request form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("برای تأیید به مدیر استان فرستاده شد")
    expect(page.locator(".detail-list")).to_contain_text("در انتظار تأیید")
    expect(page.get_by_role("link", name="تأیید", exact=True)).to_have_count(0)
    check_accessibility(page, "meeting page")
    meeting = Meeting.objects.get()
    meeting_url = page.url

    # Neither approving as an ambassador nor holding an unapproved meeting is possible.
    assert page.goto(f"{meeting_url}approve/").status == 403
    page.goto(f"{meeting_url}hold/")
    expect(page.get_by_role("alert")).to_contain_text("این جلسه هنوز تأیید نشده است")
    expect(page.get_by_label("صورت‌جلسه")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.status == "requested"

    # The provincial manager signs in with the second step and approves, accompanying it.
    manager_context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    manager_page = manager_context.new_page()
    sign_in(manager_page, live_server, "tehran.mgr", PASSWORD)
    manager_page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    manager_page.get_by_role("button", name="ادامه").click()
    pending = manager_page.get_by_role("region", name="درخواست‌های جلسه در انتظار تصمیم شما")
    expect(pending).to_contain_text("معرفی طرح سفیران و درخواست همکاری")  # what it is for, on the dashboard
    expect(pending.get_by_role("link", name=re.compile("^رد"))).to_be_visible()
    pending.get_by_role("link", name=re.compile("^تأیید")).click()  # approve straight from the dashboard
    manager_page.get_by_label("در این جلسه همراهی می‌کنم").check()
    manager_page.get_by_label("توضیح برای درخواست‌دهنده").fill("فهرست کارگاه‌ها را همراه ببرید.")
    check_accessibility(manager_page, "approval form")
    manager_page.get_by_role("button", name="تأیید درخواست جلسه").click()
    expect(manager_page.locator(".messages")).to_contain_text("جلسه تأیید شد")
    details = manager_page.locator(".detail-list")
    expect(details).to_contain_text("تأییدشده")
    expect(details).to_contain_text("مریم کریمی")
    manager_context.close()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.manager_accompanies, meeting.decided_by) == ("approved", True, manager)

    # The ambassador records it as held, with a follow-up due in three days.
    page.goto(meeting_url)
    expect(page.locator(".detail-list")).to_contain_text("همراهی مدیر استان")
    page.get_by_role("link", name="ثبت برگزاری").click()
    expect(page.get_by_label("تاریخ برگزاری")).to_have_value(jalali.format_date(today, persian_digits=True))
    page.get_by_label("صورت‌جلسه").fill("طرح معرفی شد؛ مدیرکل از برگزاری کارگاه‌ها در مراکز روزانه استقبال کرد.")
    page.get_by_label("نیاز به پیگیری").check()
    page.get_by_label("پیگیری: چه کاری").fill("ارسال فهرست کارگاه‌ها به دفتر مدیرکل")
    due = page.get_by_label("پیگیری: تا چه تاریخی")
    due.fill(jalali.format_date(today + datetime.timedelta(days=3)))
    due.press("Escape")
    check_accessibility(page, "meeting held form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".detail-list")).to_contain_text("برگزارشده")
    expect(page.get_by_role("region", name=re.compile("پیگیری‌ها"))).to_contain_text("ارسال فهرست کارگاه‌ها")
    followup = FollowUp.objects.get()
    assert (followup.owner, followup.due_date) == (ambassador, today + datetime.timedelta(days=3))

    # Not overdue yet …
    page.goto(live_server.url)
    expect(page.locator(".overdue-followups")).to_have_count(0)

    # … five days later it is, on the dashboard and in the day's reminder.
    real_localdate = timezone.localdate

    def five_days_later(value=None, timezone=None):
        # Only "today" moves; converting a given moment stays exact.
        return real_localdate(value, timezone) + datetime.timedelta(days=5 if value is None else 0)

    monkeypatch.setattr(timezone, "localdate", five_days_later)
    page.reload()
    overdue = page.locator(".overdue-followups")
    expect(overdue).to_contain_text("ارسال فهرست کارگاه‌ها به دفتر مدیرکل")
    expect(overdue).to_contain_text("۲ روز تأخیر")
    check_accessibility(page, "dashboard with an overdue follow-up")
    call_command("send_followup_reminders", stdout=StringIO())
    page.reload()  # the reminder is new: the menu counts it
    notifications = page.locator("#main-nav").get_by_role("link", name=re.compile("^اعلان‌ها"))
    expect(notifications.locator(".nav-count")).to_be_visible()
    notifications.click()
    expect(page.locator("#results table")).to_contain_text("پیگیری عقب‌افتاده: ارسال فهرست کارگاه‌ها")
    expect(page.locator("#results table")).to_contain_text("تازه")


def test_the_meetings_calendar_from_the_list_to_next_month_to_a_meeting(live_server, page):
    """The meetings list leads to a month of meetings (core.calendar); "next month" shows the
    meeting proposed for then, which opens. axe checks the calendar."""
    tehran = make_province("23")
    agency = make_organization(tehran, name="اداره کل بهزیستی استان تهران")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")
    year, month = jalali.month_of(timezone.localdate())
    next_first = jalali.jalali_to_date(year + (month == 12), month % 12 + 1, 1)
    meeting = Meeting.objects.create(organization=agency, purpose="معرفی طرح", proposed_date=next_first + datetime.timedelta(days=3))

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/meetings/")
    page.locator("main").get_by_role("link", name="تقویم", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("تقویم جلسه‌ها")
    check_accessibility(page, "the meetings calendar")
    expect(page.get_by_role("link", name="اداره کل بهزیستی استان تهران")).to_have_count(0)
    page.get_by_role("link", name="ماه بعد").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(jalali.format_month(*jalali.month_of(next_first)))
    page.get_by_role("link", name="اداره کل بهزیستی استان تهران").click()
    expect(page).to_have_url(re.compile(f"/meetings/{meeting.pk}/$"))
    expect(page.locator("main")).to_contain_text("معرفی طرح")
