"""Accounts as people meet them: a new provincial manager sets up two-step sign-in, creates a
coordinator, who makes an API token and revokes it; wrong passwords lock an account; the
language switch."""
import base64
import datetime
import re

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import User
from accounts.testing import PASSWORD, current_code, make_user
from ambassadors.testing import make_ambassador
from core.roles import Role
from geo.testing import make_province

from .conftest import check_accessibility, sign_in


def code_from_key(typed_key: str, drift: int = 0) -> str:
    """What an authenticator app shows for the key a person typed in (groups of four, spaces)."""
    key = base64.b32decode(typed_key.replace(" ", ""))
    return f"{totp(key, drift=drift):06d}"


def test_new_manager_sets_up_two_step_sign_in(live_server, page):
    tehran = make_province("23")
    manager = make_user(Role.PROVINCIAL_MANAGER, tehran, username="tehran.mgr", first_name="مریم", last_name="کریمی")

    # First sign-in: straight to setting up the second step.
    sign_in(page, live_server, "tehran.mgr", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/otp/enrol/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("راه‌اندازی ورود دومرحله‌ای")
    qr = page.get_by_role("img", name="کد QR برای برنامهٔ احراز هویت")
    expect(qr.locator("svg")).to_be_visible()
    typed_key = page.locator(".otp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", typed_key), typed_key
    check_accessibility(page, "two-step enrolment")

    # A wrong code: the error sits by the field, what was typed stays.
    device = TOTPDevice.objects.get(user=manager)
    assert base64.b32decode(typed_key.replace(" ", "")) == device.bin_key  # the key the server will check
    code = page.get_by_label("کد شش‌رقمی")
    wrong = f"{(int(code_from_key(typed_key)) + 1) % 1_000_000:06d}"
    code.fill(wrong)
    page.get_by_role("button", name="تأیید").click()
    expect(code).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_token_error")
    expect(error).to_have_text("این کد درست نیست. ساعت گوشی را بررسی کنید و جدیدترین کد را وارد کنید.")
    expect(code).to_have_attribute("aria-describedby", "id_token_error")
    expect(code).to_have_value(wrong)
    device.refresh_from_db()
    assert not device.confirmed
    # The same key is still offered (a second scan is not needed).
    expect(page.locator(".otp-secret")).to_have_text(re.compile(re.escape(typed_key)))

    # A moment later (wrong codes slow the next try by a second), the code the app shows.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=5)
    )
    code.fill(code_from_key(typed_key))
    page.get_by_role("button", name="تأیید").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".messages")).to_contain_text("ورود دومرحله‌ای فعال شد")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#main-nav")).to_contain_text("مریم کریمی")
    device.refresh_from_db()
    assert device.confirmed

    # Signing out and in again asks for a code, not a new set-up.
    page.locator("#main-nav").get_by_role("button", name="خروج").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(page, live_server, "tehran.mgr", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/otp/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ورود دومرحله‌ای")
    expect(page.locator(".otp-secret")).to_have_count(0)
    check_accessibility(page, "two-step code")
    # The code just used cannot be replayed; the app's next one is accepted (the server keeps
    # the phone's clock drift it saw at set-up).
    page.get_by_label("کد شش‌رقمی").fill(code_from_key(typed_key, drift=device.drift + 1))
    page.get_by_role("button", name="ادامه").click()
    expect(page).to_have_url(live_server.url + "/")
    # Pages that need the second step now open.
    page.goto(f"{live_server.url}/accounts/users/")
    expect(page.get_by_role("heading", level=1)).to_have_text("کاربران")


def test_manager_creates_a_coordinator_who_uses_an_api_token(live_server, page, browser, playwright):
    tehran, isfahan = make_province("23"), make_province("10")
    manager = make_user(Role.PROVINCIAL_MANAGER, tehran, username="tehran.mgr", first_name="مریم", last_name="کریمی")
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    ours = make_ambassador(tehran, first_name="رضا", last_name="امینی")
    theirs = make_ambassador(isfahan, first_name="زهرا", last_name="اصفهانی")

    sign_in(page, live_server, "tehran.mgr", PASSWORD)
    page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    page.get_by_role("button", name="ادامه").click()
    menu = page.locator("#main-nav")
    menu.get_by_role("button", name="مدیریت سامانه").click()
    menu.get_by_role("link", name="کاربران", exact=True).click()
    page.get_by_role("link", name="کاربر جدید").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("کاربر جدید")

    # A manager hands out provincial roles only.
    role = page.get_by_label("نقش")
    offered = role.locator("option").all_inner_texts()
    assert "مدیر ملی" not in offered and "مدیر استان" not in offered, offered
    assert "هماهنگ‌کننده" in offered, offered
    expect(page.get_by_label("استان")).to_have_value(str(tehran.pk))
    check_accessibility(page, "new user form")

    # The password rules are there before the first try.
    rules = page.locator("#id_password1_helptext")
    expect(rules).to_contain_text("دست‌کم ۱۰ نویسه باشد.")
    expect(rules).to_contain_text("شبیه نام، نام کاربری یا ایمیل صاحب حساب نباشد.")
    expect(page.get_by_label("رمز عبور", exact=True)).to_have_attribute("aria-describedby", "id_password1_helptext")

    page.get_by_label("نام کاربری").fill("tehran.coord")
    page.get_by_label("نام", exact=True).fill("مینا")
    page.get_by_label("نام خانوادگی").fill("صادقی")
    role.select_option(label="هماهنگ‌کننده")
    page.get_by_label("رمز عبور", exact=True).fill("12345678")
    page.get_by_label("تکرار رمز عبور").fill("12345678")
    page.get_by_role("button", name="ذخیره").click()

    # Refused in Persian, by the field, with what was typed kept.
    expect(page.locator(".messages")).to_contain_text("هنوز چیزی ذخیره نشده است")
    password = page.get_by_label("رمز عبور", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    problems = page.locator("#id_password1_error")
    expect(problems).to_contain_text("این رمز عبور کوتاه است: دست‌کم ۱۰ نویسه لازم است.")
    expect(problems).to_contain_text("این رمز عبور بسیار رایج است.")
    expect(problems).to_contain_text("این رمز عبور فقط از رقم ساخته شده است؛ حرف هم به آن اضافه کنید.")
    expect(page.get_by_label("نام کاربری")).to_have_value("tehran.coord")
    expect(page.get_by_label("نام", exact=True)).to_have_value("مینا")
    expect(page.get_by_label("نام خانوادگی")).to_have_value("صادقی")
    expect(role).to_have_value(Role.COORDINATOR)
    check_accessibility(page, "new user form with errors")
    assert not User.objects.filter(username="tehran.coord").exists()

    strong = "Gol-e-Maryam-1405"
    password.fill(strong)
    page.get_by_label("تکرار رمز عبور").fill(strong)
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("«مینا صادقی» ثبت شد.")
    details = page.locator(".detail-list")
    expect(details).to_contain_text("tehran.coord")
    expect(details).to_contain_text("هماهنگ‌کننده")
    expect(details).to_contain_text("تهران")
    coordinator = User.objects.get(username="tehran.coord")
    assert (coordinator.role, coordinator.province, coordinator.get_full_name()) == (Role.COORDINATOR, tehran, "مینا صادقی")

    # The coordinator signs in (no second step for this role) and makes a token on their profile.
    context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    coord_page = context.new_page()
    sign_in(coord_page, live_server, "tehran.coord", strong)
    expect(coord_page).to_have_url(live_server.url + "/")
    coord_page.locator("#main-nav").get_by_role("link", name=re.compile("مینا صادقی")).click()
    expect(coord_page.get_by_role("heading", level=1)).to_have_text("حساب کاربری من")
    tokens = coord_page.get_by_role("region", name="توکن‌های دسترسی API")
    tokens.get_by_label("نام توکن").fill("صفحه‌گسترده گزارش")
    tokens.get_by_role("button", name="ساخت توکن").click()
    expect(coord_page.locator(".messages")).to_contain_text("همین حالا آن را کپی کنید")
    key = tokens.locator(".new-token").inner_text().strip()
    assert key.startswith("sfr_")
    expect(tokens.get_by_role("listitem")).to_contain_text("صفحه‌گسترده گزارش")
    check_accessibility(coord_page, "profile with a new token")
    coord_page.reload()
    expect(tokens.locator(".new-token")).to_have_count(0)  # shown once
    expect(tokens).not_to_contain_text(key)

    # A program with the token alone (no browser session) reads its province's ambassadors only.
    api = playwright.request.new_context(base_url=live_server.url)
    response = api.get("/api/ambassadors", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 200, response.text()
    ids = {item["id"] for item in response.json()["items"]}
    assert ours.pk in ids and theirs.pk not in ids, ids

    # Revoked, it no longer opens anything.
    coord_page.once("dialog", lambda dialog: dialog.accept())
    tokens.get_by_role("button", name="ابطال").click()
    expect(coord_page.locator(".messages")).to_contain_text("توکن باطل شد")
    expect(tokens.get_by_role("listitem")).to_have_count(0)
    assert api.get("/api/ambassadors", headers={"Authorization": f"Bearer {key}"}).status == 401
    api.dispose()
    context.close()


def test_five_wrong_passwords_pause_sign_in(live_server, page):
    make_user(Role.COORDINATOR, make_province("23"), username="tehran.coord")
    page.goto(f"{live_server.url}/accounts/login/")
    for attempt in range(1, 5):
        page.get_by_label("نام کاربری").fill("tehran.coord")
        page.get_by_label("رمز عبور").fill(f"wrong-password-{attempt}")
        page.get_by_role("button", name="ورود").click()
        expect(page.get_by_role("alert")).to_contain_text("نام کاربری یا رمز عبور درست نیست")
        expect(page.get_by_label("نام کاربری")).to_have_value("tehran.coord")

    page.get_by_label("رمز عبور").fill("wrong-password-5")
    with page.expect_response(lambda response: response.request.method == "POST") as fifth:
        page.get_by_role("button", name="ورود").click()
    assert fifth.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("تلاش‌های نادرست بیش از حد")
    expect(page.get_by_role("alert")).to_contain_text("۱۵ دقیقه")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_accessibility(page, "sign-in paused")

    # Even the right password is refused while paused.
    page.get_by_role("link", name="بازگشت به صفحهٔ ورود").click()
    page.get_by_label("نام کاربری").fill("tehran.coord")
    page.get_by_label("رمز عبور").fill(PASSWORD)
    with page.expect_response(lambda response: response.request.method == "POST") as right:
        page.get_by_role("button", name="ورود").click()
    assert right.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("تلاش‌های نادرست بیش از حد")


def test_language_switch_turns_the_ui_to_english_and_back(live_server, page):
    make_user(Role.COORDINATOR, make_province("23"), username="tehran.coord", first_name="مینا", last_name="صادقی")
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/accounts/profile/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "fa")

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/accounts/profile/")  # the same page, in English
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    expect(page.locator("#main-nav")).to_contain_text("Sign out")
    check_accessibility(page, "profile in English")
    # It stays English from page to page.
    page.locator("#main-nav").get_by_role("link", name="Dashboard").click()
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.locator("#main-nav")).to_contain_text("Ambassadors")

    page.get_by_role("button", name="فارسی").click()
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "fa")
    expect(page.locator("#main-nav").get_by_role("link", name="پیشخوان")).to_be_visible()
