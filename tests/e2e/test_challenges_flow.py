"""Challenges (D13): an ambassador files a challenge, the coordinator accepts it; a second
ambassador starts filing the same problem in other words, is shown the similar challenge and
supports it instead; supports are counted against each person's allowance until the
coordinator closes the round, which freezes the ranking."""
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from areas.testing import make_area
from challenges.models import Challenge, PriorityRound
from challenges.testing import make_round
from core.roles import Role
from geo.testing import make_province

from .conftest import check_accessibility, sign_in


def file_challenge(page, live_server, title, description):
    area = make_area()  # before the page is drawn: a flush by an earlier browser test removes the migrated areas
    page.goto(f"{live_server.url}/challenges/new/")
    page.get_by_label("حوزه").select_option(str(area.pk))
    page.get_by_role("textbox", name="عنوان").fill(title)
    page.get_by_role("textbox", name="توضیحات").fill(description)
    page.get_by_label("شمار افراد درگیر").fill("۱٬۲۰۰")


def test_similar_challenge_is_suggested_and_supported_until_the_round_closes(live_server, page, browser):
    tehran = make_province("23")
    make_user(Role.AMBASSADOR, tehran, username="amb.one")
    make_user(Role.AMBASSADOR, tehran, username="amb.two")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")
    round_ = make_round(tehran, supports_per_person=2)

    # The first ambassador files a challenge: nothing similar exists yet.
    sign_in(page, live_server, "amb.one", PASSWORD)
    file_challenge(page, live_server, "کمبود مربی برای کارگاه‌های سالمندی", "در شهرستان‌ها مربی آموزش‌دیده نداریم.")
    check_accessibility(page, "new challenge")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("چالش ثبت شد")
    expect(page.locator(".detail-list")).to_contain_text("در انتظار بررسی")
    challenge_url = page.url

    # The coordinator accepts it.
    coordinator = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    sign_in(coordinator, live_server, "tehran.coord", PASSWORD)
    coordinator.goto(challenge_url)
    coordinator.get_by_role("link", name="پذیرفتن", exact=True).click()
    coordinator.get_by_role("button", name="پذیرفتن چالش").click()
    expect(coordinator.locator(".detail-list")).to_contain_text("باز")

    # The second ambassador writes the same problem in other words (Arabic ي/ك included) …
    second = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    sign_in(second, live_server, "amb.two", PASSWORD)
    file_challenge(second, live_server, "نبود مربي براي كارگاه‌هاي سالمندي", "مربی پیدا نمی‌شود.")
    second.get_by_role("button", name="ذخیره").click()
    similar = second.get_by_role("region", name="چالش‌های مشابه")
    expect(similar).to_contain_text("کمبود مربی برای کارگاه‌های سالمندی")
    check_accessibility(second, "similar challenges suggested")
    assert Challenge.objects.count() == 1
    # … and supports the existing one instead of filing a copy.
    similar.get_by_role("link", name="کمبود مربی برای کارگاه‌های سالمندی").click()
    expect(second.locator(".support-counter")).to_contain_text("۲ از ۲ حمایت باقی مانده")
    second.get_by_role("link", name="حمایت می‌کنم").click()
    second.get_by_role("button", name="حمایت از این چالش در دورهٔ اولویت‌بندی").click()
    expect(second.locator(".messages")).to_contain_text("حمایت شما شمرده شد")
    expect(second.locator(".support-counter")).to_contain_text("۱ از ۲ حمایت باقی مانده")

    # The first ambassador supports it too; the coordinator closes the round.
    page.goto(challenge_url)
    page.get_by_role("link", name="حمایت می‌کنم").click()
    page.get_by_role("button", name="حمایت از این چالش در دورهٔ اولویت‌بندی").click()
    expect(page.locator(".messages")).to_contain_text("حمایت شما شمرده شد")
    coordinator.goto(f"{live_server.url}/challenges/rounds/{round_.pk}/")
    expect(coordinator.get_by_role("region", name="رتبه‌بندی تا این لحظه")).to_contain_text("کمبود مربی")
    coordinator.get_by_role("link", name="بستن دوره از همین حالا").click()
    coordinator.get_by_role("button", name="بستن دورهٔ اولویت‌بندی").click()
    ranking = coordinator.get_by_role("region", name="رتبه‌بندی (هنگام بسته شدن دوره ثابت شد)")
    expect(ranking).to_contain_text("کمبود مربی برای کارگاه‌های سالمندی")
    check_accessibility(coordinator, "closed round")
    round_.refresh_from_db()
    assert round_.ranking[0]["supports"] == 2

    # No more supports once the round is closed.
    second.reload()
    expect(second.get_by_role("link", name="حمایت می‌کنم")).to_have_count(0)
    assert PriorityRound.objects.get().closed_at is not None
