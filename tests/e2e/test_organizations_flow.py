"""A coordinator registers an organisation; typing the same name again (Arabic ي/ك, a half-space
missing) is caught and leads to the existing one; a contact is added and a call logged there,
and the organisation's page shows both. An ambassador of the province sees the contact masked."""
import re

from django.utils import timezone
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from areas.models import Area
from core import jalali
from core.roles import Role
from geo.testing import make_county, make_province
from partners.models import Contact, Interaction, Organization

from .conftest import check_accessibility, choose, sign_in

NAME = "کانون بازنشستگان فرهنگی\u200cهنری شهرری"
# The same name as typed on a Windows keyboard: Arabic yeh and kaf, a space for the half-space.
LOOKALIKE = "كانون بازنشستگان فرهنگي هنري شهرري"


def test_organisation_registered_duplicate_caught_contact_and_call_in_its_history(live_server, page, browser):
    tehran = make_province("23")
    county = make_county(tehran)
    culture, _ = Area.objects.get_or_create(slug="culture", defaults={"name": "فرهنگی"})
    Area.objects.get_or_create(slug="health", defaults={"name": "سلامت"})
    make_user(Role.COORDINATOR, tehran, username="tehran.coord", first_name="مینا", last_name="صادقی")
    make_user(Role.AMBASSADOR, tehran, username="tehran.amb", first_name="رضا", last_name="امینی")
    today = timezone.localdate()

    # The coordinator registers the association from the dashboard.
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.locator("main").get_by_role("link", name="ثبت سازمان تازه").click()
    page.get_by_label("نام", exact=True).fill(NAME)
    page.get_by_label("نوع", exact=True).select_option(label="کانون بازنشستگان")
    choose(page, "شهرستان", county.name)  # a long county list is searchable
    page.get_by_role("group", name="حوزه‌های فعالیت").get_by_label("فرهنگی").check()
    page.get_by_label("تلفن").fill("۰۲۱-۵۵۹۴ ۱۲۳۴")
    check_accessibility(page, "organisation form")
    page.get_by_role("button", name="ذخیره").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    details = page.locator(".detail-list")
    expect(details).to_contain_text("کانون بازنشستگان")
    expect(details).to_contain_text(county.name)
    expect(details).to_contain_text("فرهنگی")
    expect(details).to_contain_text("۰۲۱۵۵۹۴۱۲۳۴")
    check_accessibility(page, "organisation page")
    organization = Organization.objects.get()
    assert (organization.province, organization.county, organization.phone) == (tehran, county, "02155941234")
    assert list(organization.areas.all()) == [culture]
    organization_url = page.url

    # Registering it again, spelt differently, is caught and points to the existing one.
    page.goto(f"{live_server.url}/partners/organizations/new/")
    page.get_by_label("نام", exact=True).fill(LOOKALIKE)
    page.get_by_label("نوع", exact=True).select_option(label="کانون بازنشستگان")
    page.get_by_role("button", name="ذخیره").click()
    warning = page.get_by_role("alert").filter(has_text="شاید این سازمان قبلاً ثبت شده باشد")
    expect(warning).to_be_visible()
    expect(page.get_by_label("نام", exact=True)).to_have_attribute("aria-invalid", "true")
    different = page.get_by_label("سازمان دیگری با همین نام است؛ با این حال ثبت شود")
    expect(different).not_to_be_checked()
    # The box the message points to ("tick the box below") is right under the name.
    expect(page.locator(".field-name + .field-allow_duplicate")).to_contain_text("سازمان دیگری با همین نام است")
    check_accessibility(page, "organisation form with a duplicate warning")
    assert Organization.objects.count() == 1
    warning.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(organization_url)

    # A person at the organisation, added from its page.
    people = page.get_by_role("region", name=re.compile("^افراد"))
    expect(people).to_contain_text("هنوز چیزی ثبت نشده")
    people.get_by_role("link", name="افزودن فرد").click()
    expect(page.get_by_label("سازمان")).to_have_value(str(organization.pk))
    page.get_by_label("نام", exact=True).fill("علی")
    page.get_by_label("نام خانوادگی").fill("نوروزی")
    page.get_by_label("نقش").select_option(label="رئیس هیئت‌مدیره")
    page.get_by_label("تلفن همراه").fill("۰۹۱۲۳۴۵۶۷۸۹")
    page.get_by_label("تلفن", exact=True).fill("۰۲۱-۵۵۹۴ ۵۶۷۸")
    page.get_by_label("رایانامه").fill("a.nowruzi@example.org")
    check_accessibility(page, "contact form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("علی نوروزی")
    expect(page.locator(".detail-list")).to_contain_text("۰۹۱۲۳۴۵۶۷۸۹")
    check_accessibility(page, "contact page")
    contact = Contact.objects.get()
    assert (contact.organization, contact.mobile, contact.phone) == (organization, "09123456789", "02155945678")
    contact_url = page.url

    # The person's page leads back to the organisation, where the call is logged.
    page.locator(".detail-list").get_by_role("link", name=NAME).click()
    expect(page).to_have_url(organization_url)

    # A call, logged from the organisation's page, naming the person spoken to.
    calls = page.get_by_role("region", name=re.compile("تماس‌ها، نامه‌ها و دیدارها"))
    calls.get_by_role("link", name="ثبت تماس یا نامه").click()
    expect(page.get_by_label("سازمان")).to_have_value(str(organization.pk))
    page.get_by_label("نوع", exact=True).select_option(label="تماس تلفنی")
    occurred = page.get_by_label("تاریخ")
    occurred.fill(jalali.format_date(today))
    occurred.press("Escape")
    page.get_by_label("موضوع").fill("هماهنگی نشست معرفی طرح سفیران")
    page.get_by_label("خلاصه").fill("رئیس کانون برای نشست هفتهٔ آینده اعلام آمادگی کرد.")
    page.get_by_role("group", name="افراد طرف گفت‌وگو").get_by_label("علی نوروزی").check()
    check_accessibility(page, "interaction form")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("هماهنگی نشست معرفی طرح سفیران")
    expect(page.locator(".detail-list")).to_contain_text("علی نوروزی")
    check_accessibility(page, "interaction page")
    interaction = Interaction.objects.get()
    assert (interaction.organization, interaction.occurred_on) == (organization, today)
    assert list(interaction.contacts.all()) == [contact]

    # The organisation's page now tells its history.
    page.locator(".detail-list").get_by_role("link", name=NAME).click()
    expect(page).to_have_url(organization_url)
    people = page.get_by_role("region", name=re.compile("^افراد"))
    expect(people.get_by_role("link", name="علی نوروزی")).to_be_visible()
    expect(people).to_contain_text("۰۹۱۲۳۴۵۶۷۸۹")
    calls = page.get_by_role("region", name=re.compile("تماس‌ها، نامه‌ها و دیدارها"))
    expect(calls.get_by_role("link", name="هماهنگی نشست معرفی طرح سفیران")).to_be_visible()
    expect(calls).to_contain_text(jalali.format_date(today))
    check_accessibility(page, "organisation page with its history")

    # An ambassador of the province reads the organisation and its people, the numbers masked.
    ambassador_context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    ambassador_page = ambassador_context.new_page()
    sign_in(ambassador_page, live_server, "tehran.amb", PASSWORD)
    ambassador_page.goto(organization_url)
    people = ambassador_page.get_by_role("region", name=re.compile("^افراد"))
    expect(people).to_contain_text("*******۶۷۸۹")
    expect(people).not_to_contain_text("۰۹۱۲۳۴۵۶۷۸۹")
    expect(people.get_by_role("link", name="افزودن فرد")).to_have_count(0)
    people.get_by_role("link", name="علی نوروزی").click()
    expect(ambassador_page).to_have_url(contact_url)
    details = ambassador_page.locator(".detail-list")
    expect(details).to_contain_text("*******۶۷۸۹")  # mobile
    expect(details).to_contain_text("*******۵۶۷۸")  # phone
    expect(details).to_contain_text(".org")
    for secret in ("۰۹۱۲۳۴۵۶۷۸۹", "۰۲۱۵۵۹۴۵۶۷۸", "nowruzi"):
        expect(ambassador_page.locator("main")).not_to_contain_text(secret)
    expect(ambassador_page.get_by_role("link", name="ویرایش")).to_have_count(0)
    ambassador_context.close()
