"""Actions (D13): a coordinator turns a monthly report's corrective suggestion into an action
with two weighted parts; an ambassador records dated progress on a part; the parent's progress
follows as the weighted mean and both timelines show it; the suggestion's page lists the action."""
from django.utils import timezone
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from challenges.models import Action
from core import jalali
from core.roles import Role
from geo.testing import make_province
from reports.testing import make_suggestion

from .conftest import check_accessibility, sign_in


def test_action_from_a_suggestion_with_weighted_parts(live_server, page, browser):
    tehran = make_province("23")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="علی", last_name="رضایی")
    ambassador = make_user(Role.AMBASSADOR, tehran, username="amb.one", first_name="مریم", last_name="احمدی")
    suggestion = make_suggestion(tehran, report=None, what="کارگاه‌ها در شهرستان‌ها هم برگزار شود")
    due = jalali.format_date(timezone.localdate().replace(year=timezone.localdate().year + 1), False)

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(live_server.url + suggestion.get_absolute_url())
    page.get_by_role("link", name="اقدام تازه از این پیشنهاد").click()
    expect(page.get_by_role("textbox", name="عنوان")).to_have_value(str(suggestion))
    page.get_by_role("textbox", name="عنوان").fill("برگزاری کارگاه در سه شهرستان")
    check_accessibility(page, "new action")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("اقدام ثبت شد")
    parent_url = page.url
    parent = Action.objects.get(title="برگزاری کارگاه در سه شهرستان")
    assert parent.suggestion == suggestion

    for title, weight in (("هماهنگی با فرمانداری‌ها", "۱"), ("برگزاری کارگاه‌ها", "۳")):
        page.goto(parent_url)
        page.get_by_role("link", name="افزودن بخش").click()
        page.get_by_role("textbox", name="عنوان").fill(title)
        page.get_by_label("وزن").fill(weight)
        page.get_by_label("مسئول").select_option(str(ambassador.pk))
        page.get_by_label("مهلت").fill(due)
        page.get_by_role("button", name="ذخیره").click()
        expect(page.locator(".messages")).to_contain_text("اقدام ثبت شد")

    # The ambassador records progress on the light part: the parent shows the weighted mean.
    other = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    sign_in(other, live_server, "amb.one", PASSWORD)
    part = Action.objects.get(title="هماهنگی با فرمانداری‌ها")
    other.goto(live_server.url + part.get_absolute_url())
    other.get_by_role("link", name="ثبت پیشرفت", exact=True).click()
    other.get_by_label("پیشرفت کنونی (درصد)").fill("۱۰۰")
    other.get_by_label("چه کاری انجام شد").fill("با هر سه فرمانداری جلسه گذاشتیم.")
    other.get_by_role("button", name="ثبت پیشرفت اقدام").click()
    expect(other.locator(".action-timeline")).to_contain_text("با هر سه فرمانداری جلسه گذاشتیم.")
    check_accessibility(other, "action page")

    page.goto(parent_url)
    expect(page.locator("#action-progress")).to_have_attribute("value", "25")  # (1 × 100 + 3 × 0) / 4
    expect(page.locator(".action-parts")).to_contain_text("برگزاری کارگاه‌ها")
    expect(page.locator(".action-timeline")).to_contain_text("۲۵٪")
    # The parent's own progress comes from its parts: no button for it.
    expect(page.get_by_role("link", name="ثبت پیشرفت", exact=True)).to_have_count(0)
    page.goto(live_server.url + suggestion.get_absolute_url())
    expect(page.get_by_role("link", name="برگزاری کارگاه در سه شهرستان")).to_be_visible()
