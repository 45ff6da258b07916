"""The information working group and Payesh (D10) as people use them: a writer drafts a post
and sends it for review; an editor of the group returns it with what to change; the writer
changes it and sends it again; the editor approves and schedules it; the task worker publishes
it at its time; anyone, without signing in, reads it on the public site and finds it in the
feed (parsed back). A national code in a post is refused with a clear Persian message."""
import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from areas.testing import make_area
from core import jalali
from core.roles import Role
from geo.testing import make_province
from publishing import services
from publishing.choices import MemberRole, PostStatus
from publishing.models import Post
from publishing.testing import make_member

from .conftest import check_accessibility, sign_in

TITLE = "کارگاه تغذیهٔ سالم سالمندان در تهران"


def test_post_written_returned_approved_scheduled_published_and_read_in_the_feed(live_server, page, browser):
    tehran = make_province("23")
    make_area("health", "سلامت")
    writer = make_user(Role.AMBASSADOR, tehran, username="tehran.writer", first_name="مریم", last_name="کاظمی")
    make_member(tehran, MemberRole.WRITER, user=writer)
    make_member(tehran, MemberRole.EDITOR, user=make_user(Role.COORDINATOR, tehran, username="tehran.editor"))

    # The writer drafts the post …
    sign_in(page, live_server, "tehran.writer", PASSWORD)
    page.goto(f"{live_server.url}/publishing/new/")
    page.get_by_role("textbox", name="عنوان").fill("کارگاه تغذیه")
    page.get_by_role("textbox", name="خلاصه").fill("شصت نفر از بازنشستگان در کارگاه تغذیهٔ سالم شرکت کردند.")
    page.locator("#id_body").fill(
        "<p>کارگاه با همکاری دانشگاه علوم پزشکی برگزار شد.</p><script>alert(1)</script>")
    page.get_by_label("سلامت").check()
    check_accessibility(page, "new post")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("پیش‌نویس ذخیره شد")
    post_url = page.url
    post = Post.objects.get()
    assert "<script>" not in post.body  # sanitised on the way in
    # … and sends it for review.
    page.get_by_role("link", name="فرستادن برای بررسی").click()
    page.get_by_role("button", name="فرستادن نوشته برای بررسی").click()
    expect(page.locator(".detail-list")).to_contain_text("در حال بررسی")

    # The editor sees it waiting on the home page and returns it with what to change.
    editor = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    sign_in(editor, live_server, "tehran.editor", PASSWORD)
    expect(editor.get_by_role("link", name="کارگاه تغذیه").first).to_be_visible()
    editor.goto(post_url)
    editor.get_by_role("link", name="برگشت برای اصلاح").click()
    editor.get_by_label("چه چیزی باید اصلاح شود").fill("عنوان را کامل‌تر کنید: کجا و برای چه کسانی؟")
    editor.get_by_role("button", name="برگرداندن نوشته برای اصلاح").click()
    expect(editor.locator(".detail-list")).to_contain_text("نیازمند اصلاح")

    # The writer reads why, changes the title and sends it again.
    page.goto(post_url)
    expect(page.locator(".detail-list")).to_contain_text("عنوان را کامل‌تر کنید")
    page.get_by_role("link", name="ویرایش").click()
    page.get_by_role("textbox", name="عنوان").fill(TITLE)
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_role("link", name="فرستادن برای بررسی").click()
    page.get_by_role("button", name="فرستادن نوشته برای بررسی").click()
    # The writer cannot approve: the step is the editors'.
    expect(page.get_by_role("link", name="تأیید", exact=True)).to_have_count(0)

    # The editor approves it and schedules it for tomorrow morning.
    editor.goto(post_url)
    editor.get_by_role("link", name="تأیید", exact=True).click()
    editor.get_by_role("button", name="تأیید نوشته").click()
    expect(editor.locator(".detail-list")).to_contain_text("تأییدشده")
    editor.get_by_role("link", name="زمان‌بندی", exact=True).click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    day = editor.get_by_label("تاریخ انتشار")
    day.fill(jalali.format_date(tomorrow))
    day.press("Escape")
    editor.get_by_label("ساعت").fill("08:30")
    check_accessibility(editor, "schedule form")
    editor.get_by_role("button", name="زمان‌بندی انتشار").click()
    expect(editor.locator(".detail-list")).to_contain_text("زمان‌بندی‌شده")

    # Not public before its time.
    public = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    public.goto(f"{live_server.url}/payesh/")
    expect(public.get_by_role("main")).not_to_contain_text(TITLE)

    # The task worker publishes it at its time.
    morning = datetime.datetime.combine(tomorrow, datetime.time(9, 0), tzinfo=timezone.get_current_timezone())
    assert services.publish_due(now=morning) == 1
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED

    # Anyone reads it on the public site, without signing in (another reader: the first one's
    # browser may keep the page it saw for up to a minute, as the page allows).
    public = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    public.goto(f"{live_server.url}/payesh/")
    check_accessibility(public, "public home")
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.get_by_role("main")).to_contain_text("کارگاه با همکاری دانشگاه علوم پزشکی برگزار شد.")
    check_accessibility(public, "public post")
    public.goto(f"{live_server.url}/payesh/area/health/")
    expect(public.get_by_role("main")).to_contain_text(TITLE)
    check_accessibility(public, "public area page")

    # … and in the feed, parsed back.
    feed = public.request.get(f"{live_server.url}/payesh/province/23/feed.rss")
    assert feed.ok
    items = ET.fromstring(feed.body()).find("channel").findall("item")
    assert [item.findtext("title") for item in items] == [TITLE]
    assert items[0].findtext("guid") == f"tag:safiran.local,2026:post-{post.pk}"
    assert items[0].findtext("link").endswith(f"/payesh/posts/{post.pk}/")


def test_a_national_code_in_a_post_is_refused(live_server, page):
    tehran = make_province("23")
    make_user(Role.AMBASSADOR, tehran, username="tehran.writer")
    sign_in(page, live_server, "tehran.writer", PASSWORD)
    page.goto(f"{live_server.url}/publishing/new/")
    page.get_by_role("textbox", name="عنوان").fill("تقدیر از یک سفیر")
    page.get_by_role("textbox", name="خلاصه").fill("از سفیر نمونهٔ استان تقدیر شد.")
    body = "<p>آقای احمدی با کد ملی ۰۰۱-۲۳۴۵۶۷-۸ سفیر نمونه شد.</p>"
    page.locator("#id_body").fill(body)
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text("شبیه کد ملی یا شمارهٔ همراه")
    expect(page.locator("#id_body")).to_have_value(body)  # what was typed is kept
    check_accessibility(page, "refused post")
    assert not Post.objects.exists()
