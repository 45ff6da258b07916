"""Spaces and events (D6, D8) as people use them: a coordinator reports a space, verifies it after
a visit and opens it; plans an event and books the space for a session; the provincial manager
approves it; it is published; two people register on the public page (capacity one), the second
goes on the waiting list and takes the place when the first cancels; attendance is taken."""
import datetime
import re

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.testing import PASSWORD, current_code, make_user
from ambassadors.testing import make_ambassador
from areas.testing import make_area
from core import jalali
from core.roles import Role
from events.choices import EventKind
from events.models import Attendance, Certificate, Event, Facility, Registration, Session
from events.testing import make_event
from geo.testing import make_county, make_province

from .conftest import check_accessibility, choose, sign_in


def begins(event):
    """Time passes: the event's first session has begun an hour ago."""
    now = timezone.now()
    for session in Session.objects.filter(event=event):
        Session.objects.filter(pk=session.pk).update(starts_at=now - datetime.timedelta(hours=1),
                                                     ends_at=now + datetime.timedelta(hours=1))
        session.bookings.update(starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1))


def answer_the_question(page):
    label = page.locator("label[for=id_answer]").inner_text()
    a, b = (int(jalali._digits(n, False).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
            for n in re.findall(r"[۰-۹0-9]+", label)[:2])
    page.get_by_label(label).fill(str(a + b))


def test_space_to_event_to_public_registration_with_waiting_list_to_attendance(live_server, page, browser):
    tehran = make_province("23")
    county = make_county(tehran)
    make_area("health", "سلامت")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="سارا", last_name="رحیمی")
    make_ambassador(tehran, first_name="پروین", last_name="صالحی", status="active")
    manager = make_user(Role.PROVINCIAL_MANAGER, tehran, username="tehran.mgr")
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    today = timezone.localdate()

    # The coordinator reports a space found in the neighbourhood …
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/events/spaces/report/")
    page.get_by_label("نام", exact=True).fill("سالن اجتماعات هلال احمر")
    choose(page, "شهرستان", county.name)  # a searchable list: Tehran has more than 15 counties
    page.get_by_label("نشانی").fill("خیابان ولیعصر، نبش کوچهٔ یاس")
    page.get_by_label("صندلی", exact=True).fill("۴۰")
    page.get_by_label("روزها و ساعت‌های آزاد").fill("همه‌روزه ۸ تا ۲۰")
    check_accessibility(page, "space report form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".detail-list")).to_contain_text("معرفی‌شده، هنوز بازدید نشده")
    # … cannot open it for booking before a visit …
    expect(page.get_by_role("button", name="باز کردن برای رزرو")).to_be_disabled()
    # … visits and verifies it, then opens it.
    page.get_by_role("link", name="ثبت بازدید").click()
    visited = page.get_by_label("تاریخ بازدید")
    visited.fill(jalali.format_date(today))
    visited.press("Escape")
    page.get_by_role("button", name="تأیید فضا پس از بازدید").click()
    page.get_by_role("link", name="باز کردن برای رزرو").click()
    page.get_by_role("button", name="باز کردن برای رزرو").click()
    expect(page.locator(".detail-list")).to_contain_text("آماده برای رویدادها")
    hall = Facility.objects.get()

    # An event with capacity one, and a session booking the hall tomorrow.
    page.goto(f"{live_server.url}/events/new/")
    page.get_by_label("عنوان").fill("کارگاه پیشگیری از زمین‌خوردن")
    page.get_by_label("کارگاه", exact=True).check()
    page.get_by_label("حوزه").select_option(label="سلامت")
    page.get_by_label("مخاطبان").fill("بازنشستگان بالای ۶۰ سال")
    page.get_by_label("پروین صالحی").check()
    page.get_by_label("ظرفیت", exact=True).fill("۱")
    check_accessibility(page, "event form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("پیش‌نویس ذخیره شد")
    event_url = page.url
    page.get_by_role("link", name="افزودن نشست").click()
    day = page.get_by_label("تاریخ")
    day.fill(jalali.format_date(today + datetime.timedelta(days=1)))
    day.press("Escape")
    page.get_by_label("ساعت شروع").fill("10:00")
    page.get_by_label("ساعت پایان").fill("12:00")
    page.get_by_label("فضا", exact=True).select_option(str(hall.pk))
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("رزرو شدند")
    page.get_by_role("link", name="فرستادن برای تأیید").click()
    page.get_by_role("button", name="فرستادن رویداد برای مدیر استان").click()
    expect(page.locator(".detail-list")).to_contain_text("در انتظار تأیید")

    # The provincial manager approves it from the dashboard.
    manager_context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    manager_page = manager_context.new_page()
    sign_in(manager_page, live_server, "tehran.mgr", PASSWORD)
    manager_page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    manager_page.get_by_role("button", name="ادامه").click()
    manager_page.locator(".stat-card", has_text="رویدادهای در انتظار تأیید").get_by_role("link").click()
    manager_page.get_by_role("link", name="کارگاه پیشگیری از زمین‌خوردن").click()
    manager_page.get_by_role("link", name="تأیید", exact=True).click()
    manager_page.get_by_role("button", name="تأیید رویداد").click()
    expect(manager_page.locator(".detail-list")).to_contain_text("تأییدشده")
    manager_context.close()

    # The coordinator publishes it.
    page.goto(event_url)
    page.get_by_role("link", name="انتشار", exact=True).click()
    page.get_by_role("button", name="انتشار رویداد و آغاز ثبت‌نام").click()
    expect(page.locator(".detail-list")).to_contain_text("منتشرشده")
    public_url = page.get_by_role("link", name="صفحهٔ ثبت‌نام عمومی").get_attribute("href")

    # Two people register on the public page, without signing in.
    public = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    visitor = public.new_page()
    codes = []
    for name, mobile in (("فاطمه نوری", "09351234567"), ("علی کاظمی", "09127654321")):
        visitor.goto(f"{live_server.url}{public_url}")
        visitor.get_by_label("نام و نام خانوادگی شما").fill(name)
        visitor.get_by_label("شمارهٔ همراه شما").fill(mobile)
        visitor.get_by_label("موافقم دربارهٔ این رویداد با من تماس گرفته شود").check()
        answer_the_question(visitor)
        check_accessibility(visitor, "public registration")
        visitor.get_by_role("button", name="ثبت‌نام").click()
        expect(visitor).to_have_url(re.compile(r"/registration/[^/]+/$"))
        codes.append(visitor.url.rstrip("/").rsplit("/", 1)[-1])
    expect(visitor.locator(".registration-status")).to_have_text("در فهرست انتظار")
    expect(visitor.locator(".detail-list")).to_contain_text("۱")
    check_accessibility(visitor, "registration page")

    # The first cancels; the place is offered to the second at once, who takes it.
    visitor.goto(f"{live_server.url}/events/public/registration/{codes[0]}/")
    visitor.get_by_role("button", name="لغو ثبت‌نام من").click()
    expect(visitor.locator(".messages")).to_contain_text("ثبت‌نام شما لغو شد")
    visitor.goto(f"{live_server.url}/events/public/registration/{codes[1]}/")
    expect(visitor.locator(".registration-status")).to_have_text("جا پیشنهاد شده")
    visitor.get_by_role("button", name="پذیرفتن جا").click()
    expect(visitor.locator(".registration-status")).to_have_text("قطعی")
    public.close()

    # The day comes: the session begins (registration is now closed) …
    begins(Event.objects.get())
    visitor = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    visitor.goto(f"{live_server.url}{public_url}")
    expect(visitor.get_by_role("status")).to_contain_text("ثبت‌نام بسته است")
    expect(visitor.get_by_label("شمارهٔ همراه شما")).to_have_count(0)
    # … and attendance is taken at the door: the code marks the person present.
    page.goto(event_url)
    page.locator("#sessions-title").locator("..").locator("..").get_by_role("link").first.click()
    page.get_by_role("link", name="حضور و غیاب").click()
    page.get_by_label("کدهای پیگیری واردشده دمِ در").fill(codes[1].lower())
    check_accessibility(page, "attendance sheet")
    page.get_by_role("button", name="ذخیرهٔ حضور و غیاب").click()
    expect(page.locator(".messages")).to_contain_text("حضور و غیاب ذخیره شد")
    attendance = Attendance.objects.get()
    assert (attendance.registration.full_name, attendance.status, attendance.by_code) == ("علی کاظمی", "present", True)
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == ["cancelled", "confirmed"]

    # Held; certificates for those who attended; the PDF, and its public verification page.
    page.goto(event_url)
    page.get_by_role("link", name="ثبت برگزاری", exact=True).click()
    page.get_by_role("button", name="ثبت برگزاری رویداد").click()
    expect(page.locator(".detail-list")).to_contain_text("برگزارشده")
    page.get_by_role("link", name="صدور گواهی‌ها").click()
    page.get_by_role("button", name="صدور گواهی‌های شرکت").click()
    expect(page.locator(".messages")).to_contain_text("گواهی صادر شد")
    certificate = Certificate.objects.get()
    page.goto(f"{live_server.url}/events/certificates/")
    page.get_by_role("link", name=re.compile("علی کاظمی")).click()
    expect(page.get_by_role("link", name="گواهی (PDF)")).to_be_visible()
    check_accessibility(page, "certificate page")
    pdf_url = page.get_by_role("link", name="گواهی (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_url}")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    checker = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    checker.goto(f"{live_server.url}/events/certificates/verify/{certificate.public_code}/")
    expect(checker.locator(".certificate-status")).to_have_text("این گواهی معتبر است.")
    expect(checker.locator(".detail-list")).to_contain_text("ع. ک.")
    expect(checker.locator(".detail-list")).not_to_contain_text("علی کاظمی")
    check_accessibility(checker, "certificate verification")
    assert Event.objects.get().status == "held"


def test_a_required_briefing_in_the_training_record_until_attended(live_server, page):
    """D12: a briefing requires the attendance of the area's ambassadors; the ambassador's training
    record shows it due; the coordinator registers her, takes attendance, and the record shows
    the briefing attended with nothing left due."""
    tehran = make_province("23")
    health = make_area("health", "سلامت")
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="سارا", last_name="رحیمی")
    parvin = make_ambassador(tehran, first_name="پروین", last_name="صالحی", status="active")
    parvin.areas.set([health])
    make_event(tehran, status="published", kind=EventKind.BRIEFING, required_of="ambassadors", area=health,
               title="توجیه سفیران سلامت", public=False)

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}{parvin.get_absolute_url()}")
    page.get_by_role("link", name="پروندهٔ آموزشی: کارهای مانده").click()
    expect(page.locator("#training-due")).to_contain_text("جلسهٔ توجیهی الزامی، هنوز ثبت‌نام نکرده: توجیه سفیران سلامت")
    expect(page.locator("#training-briefings")).to_contain_text("هنوز هیچ")
    check_accessibility(page, "training record")

    # She is registered for the briefing from its page.
    page.get_by_role("link", name="جلسهٔ توجیهی الزامی، هنوز ثبت‌نام نکرده: توجیه سفیران سلامت").click()
    page.get_by_role("link", name="ثبت‌نام یک نفر").click()
    page.get_by_label("سفیر", exact=True).select_option(label="پروین صالحی")
    page.get_by_label("تلفن همراه").fill("09121112233")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("ثبت‌نام شد")
    page.goto(f"{live_server.url}/events/training/{parvin.pk}/")
    expect(page.locator("#training-due")).to_contain_text("جلسهٔ توجیهی الزامی (ثبت‌نام کرده): توجیه سفیران سلامت")

    # The day comes; attendance is taken on the sheet.
    event = Event.objects.get()
    begins(event)
    page.goto(f"{live_server.url}{event.sessions.get().get_absolute_url()}")
    page.get_by_role("link", name="حضور و غیاب").click()
    page.locator(".attendance-sheet").get_by_label("حاضر", exact=True).check()
    page.get_by_role("button", name="ذخیرهٔ حضور و غیاب").click()
    expect(page.locator(".messages")).to_contain_text("حضور و غیاب ذخیره شد")

    page.goto(f"{live_server.url}/events/training/{parvin.pk}/")
    expect(page.locator("#training-due")).to_have_text("کاری نمانده است.")
    expect(page.locator("#training-briefings")).to_contain_text("توجیه سفیران سلامت")
    check_accessibility(page, "training record, attended")
