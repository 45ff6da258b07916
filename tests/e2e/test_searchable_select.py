"""Long choice lists are searchable boxes (core.forms.SearchableMixin, static/js/searchable.js):
on a meeting request with twenty ambassadors and twenty organisations, a coordinator types to
find people (Arabic ي typed still finds Persian ی), picks with the keyboard and the mouse,
removes one, and the request is saved with exactly the people left. axe runs with the list open."""
import re

from django.utils import timezone
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from ambassadors.testing import make_ambassador
from core import jalali
from core.roles import Role
from geo.testing import make_province
from meetings.models import Meeting
from partners.testing import make_organization

from .conftest import check_accessibility, sign_in

NAMES = ["علی", "حسن", "رضا", "مهدی", "زهرا", "فاطمه", "مریم", "سارا", "نرگس", "امیر",
         "کاوه", "پروین", "بهرام", "شیرین", "نادر", "لیلا", "یاسر", "هما", "کیان", "ژاله"]


def test_coordinator_picks_attendees_from_a_long_list(live_server, page):
    tehran = make_province("23")
    people = {name: make_ambassador(tehran, first_name=name, last_name="یکتا", status="active") for name in NAMES}
    organizations = [make_organization(tehran, name=f"سازمان شماره {i}") for i in range(1, 21)]
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/meetings/request/")
    # No wall of checkboxes: one box for the attendees, one for the organisation.
    expect(page.locator("input[type=checkbox][name=our_attendees]")).to_have_count(0)
    expect(page.locator(".searchable-box")).to_have_count(2)

    # The organisation: type part of its name, pick it with the keyboard.
    organisation = page.get_by_role("combobox", name="سازمان")
    organisation.click()
    organisation.fill("شماره ۱۷")  # Persian digits find "17"
    found = page.locator(".field-organization").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_have_text("سازمان شماره 17")
    organisation.press("Enter")

    page.get_by_label("هدف").fill("معرفی طرح سفیران")
    proposed = page.get_by_label("تاریخ پیشنهادی")
    proposed.fill(jalali.format_date(timezone.localdate()))
    proposed.press("Escape")

    # The attendees: typed with an Arabic yeh, "مهدي" still finds "مهدی".
    attendees = page.get_by_role("combobox", name="شرکت‌کنندگان ما")
    attendees.click()
    attendees.fill("مهدي")
    found = page.locator(".field-our_attendees").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_have_text("مهدی یکتا")
    check_accessibility(page, "meeting request with the attendee list open")
    attendees.press("Enter")
    attendees.fill("زهرا")
    found.filter(has_text="زهرا").click()
    attendees.fill("کاوه")
    attendees.press("Enter")
    attendees.fill("چیزی که نیست")
    expect(page.locator(".ts-dropdown .no-results")).to_contain_text("چیزی در فهرست با آنچه نوشتید جور نیست")
    attendees.fill("")
    attendees.press("Escape")

    chosen = page.locator(".field-our_attendees .ts-control .item")
    expect(chosen).to_have_count(3)
    # The remove button is named; removing is announced.
    chosen.filter(has_text="زهرا").get_by_title("حذف").click()
    expect(chosen).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator(".field-our_attendees .ts-dropdown")).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text=re.compile("حذف شد: زهرا"))).to_have_count(1)
    check_accessibility(page, "meeting request with two attendees chosen")

    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("برای تأیید به مدیر استان فرستاده شد")
    meeting = Meeting.objects.get()
    assert meeting.organization == organizations[16]
    assert set(meeting.our_attendees.all()) == {people["مهدی"], people["کاوه"]}


def test_guest_instructors_are_asked_of_the_server_as_one_types(live_server, page):
    """The roster is too long for a page: the guest instructor box holds only the chosen
    retirees and asks the server for the others (events:guest_instructor_search)."""
    from events.models import Event
    from events.testing import make_event
    from retirees.testing import make_retiree

    tehran = make_province("23")
    event = make_event(tehran, sessions=0, title="کارگاه خیاطی")
    make_retiree(tehran, first_name="منیژه", last_name="کریمی", specialty="خیاطی", consent_contact=True)
    make_retiree(tehran, first_name="منیژه", last_name="نادری", consent_contact=False)
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/events/{event.pk}/edit/")
    expect(page.locator("select[name=guest_instructors] option")).to_have_count(0)
    guests = page.get_by_role("combobox", name="مدرسان مهمان")
    guests.click()
    guests.fill("خياطي")  # a skill, typed with Arabic letters
    found = page.locator(".field-guest_instructors").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("منیژه کریمی (")
    check_accessibility(page, "event form with the guest instructor search open")
    guests.press("Enter")
    guests.fill("نادری")  # did not consent: not offered
    expect(page.locator(".field-guest_instructors .ts-dropdown .no-results")).to_be_visible()
    guests.press("Escape")
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_be_visible()
    assert [str(retiree) for retiree in Event.objects.get(pk=event.pk).guest_instructors.all()] == ["منیژه کریمی"]


def test_a_filter_too_long_for_the_page_is_asked_of_the_server(live_server, page, monkeypatch):
    """A national admin's filters offered every organisation of the country: a filter's list
    longer than core.remote_choices.REMOTE_AFTER carries only the chosen option and asks the
    server as one types; choosing filters the list."""
    from core import remote_choices
    from meetings.testing import make_meeting

    monkeypatch.setattr(remote_choices, "REMOTE_AFTER", 5)
    tehran = make_province("23")
    organizations = [make_organization(tehran, name=f"سازمان شماره {i}") for i in range(1, 8)]
    wanted = make_organization(tehran, name="کانون بازنشستگان شمیران")
    make_meeting(tehran, organization=wanted)
    make_meeting(tehran, organization=organizations[0])
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/meetings/")
    expect(page.locator("select[name=organization] option[value]:not([value=''])")).to_have_count(0)
    box = page.get_by_role("combobox", name="سازمان")
    box.click()
    box.fill("كانون")  # Arabic kaf typed
    found = page.locator(".filter-form .ts-dropdown").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("کانون بازنشستگان شمیران")
    check_accessibility(page, "meetings list with a remote filter open")
    box.press("Enter")
    expect(page.locator("#results")).not_to_contain_text("سازمان شماره 1")
    expect(page.locator("#results")).to_contain_text("کانون بازنشستگان شمیران")


def test_a_form_list_too_long_for_the_page_is_asked_of_the_server(live_server, page, monkeypatch):
    """A national admin's meeting request offered every ambassador and organisation of the
    country: a form's list longer than core.remote_choices.REMOTE_AFTER carries only what is
    chosen and asks the form's own page as one types (another province's people never come)."""
    from core import remote_choices

    monkeypatch.setattr(remote_choices, "REMOTE_AFTER", 5)
    tehran, isfahan = make_province("23"), make_province("10")
    people = {name: make_ambassador(tehran, first_name=name, last_name="یکتا", status="active") for name in NAMES[:8]}
    make_ambassador(isfahan, first_name="مهدی", last_name="اصفهانی", status="active")
    organizations = [make_organization(tehran, name=f"سازمان شماره {i}") for i in range(1, 9)]
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")

    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/meetings/request/")
    expect(page.locator("select[name=our_attendees] option")).to_have_count(0)
    expect(page.locator("select[name=organization] option[value]:not([value=''])")).to_have_count(0)

    organisation = page.get_by_role("combobox", name="سازمان")
    organisation.click()
    organisation.fill("شماره ۷")
    found = page.locator(".field-organization .ts-dropdown").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_have_text("سازمان شماره 7")
    organisation.press("Enter")

    page.get_by_label("هدف").fill("معرفی طرح سفیران")
    proposed = page.get_by_label("تاریخ پیشنهادی")
    proposed.fill(jalali.format_date(timezone.localdate()))
    proposed.press("Escape")

    attendees = page.get_by_role("combobox", name="شرکت‌کنندگان ما")
    attendees.click()
    attendees.fill("مه")  # two letters: the server is asked
    found = page.locator(".field-our_attendees .ts-dropdown").get_by_role("option")
    expect(found).to_have_text(["فاطمه یکتا", "مهدی یکتا"])  # in the list's order; not Isfahan's مهدی اصفهانی
    check_accessibility(page, "meeting request with a remote attendee list open")
    found.filter(has_text="مهدی").click()
    attendees.press("Escape")
    expect(page.locator(".field-our_attendees .ts-control .item")).to_have_count(1)

    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator(".messages")).to_contain_text("برای تأیید به مدیر استان فرستاده شد")
    meeting = Meeting.objects.get()
    assert meeting.organization == organizations[6]
    assert list(meeting.our_attendees.all()) == [people["مهدی"]]
