"""A filter's or a form's choice list too long for the page loads as one types
(core/remote_choices.py): the page carries only the chosen options; the address it asks answers
from the asker's own scope — for a form, from the form that page draws for the asker."""
import re

import pytest
from django.core import signing
from django.utils import timezone

from accounts.testing import make_user, sign_in
from core import remote_choices
from core.roles import Role
from geo.testing import make_province
from partners.testing import make_organization


@pytest.fixture
def setting(monkeypatch):
    monkeypatch.setattr(remote_choices, "REMOTE_AFTER", 2)  # as if a province had thousands
    tehran, isfahan = make_province("23"), make_province("10")
    ours = [make_organization(tehran, name=name) for name in
            ("کانون بازنشستگان شمیران", "کانون بازنشستگان ری", "اداره کل فرهنگ تهران")]
    theirs = make_organization(isfahan, name="کانون بازنشستگان اصفهان")
    return tehran, ours, theirs


def search_url(html: str) -> str:
    found = re.search(r'<select name="organization"[^>]*data-search-url="([^"]+)"', html)
    assert found, "the organisation filter is not searched remotely"
    return found.group(1)


def options(html: str) -> list[str]:
    select = re.search(r'<select name="organization".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


@pytest.mark.django_db
def test_the_page_carries_only_the_chosen_option_and_an_address_to_ask(client, setting):
    tehran, ours, _theirs = setting
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    html = client.get("/meetings/").content.decode()
    search_url(html)
    assert options(html) == []
    chosen = client.get("/meetings/", {"organization": ours[1].pk}).content.decode()
    assert options(chosen) == [str(ours[1].pk)]
    assert "selected" in re.search(rf'<option value="{ours[1].pk}"[^>]*>', chosen).group(0)


@pytest.mark.django_db
def test_the_address_answers_every_word_typed_within_the_askers_scope(client, setting):
    tehran, ours, theirs = setting
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    url = search_url(client.get("/meetings/").content.decode())
    found = client.get(url, {"q": "كانون بازنشستگان"}).json()["results"]  # Arabic kaf typed
    assert sorted(item["value"] for item in found) == sorted(str(item.pk) for item in ours[:2])
    assert str(theirs.pk) not in [item["value"] for item in found]
    assert client.get(url, {"q": "ری بازنشستگان"}).json()["results"] == [{"value": str(ours[1].pk), "text": ours[1].name}]
    assert client.get(url, {"q": "ک"}).json()["results"] == []

    # The same address asked by someone of another province answers from their scope.
    sign_in(client, make_user(Role.COORDINATOR, theirs.province))
    assert [item["value"] for item in client.get(url, {"q": "کانون"}).json()["results"]] == [str(theirs.pk)]


@pytest.mark.django_db
def test_a_forged_or_foreign_address_finds_nothing(client, setting):
    tehran, _ours, _theirs = setting
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    forged = signing.dumps(["filter", "meetings.filters.MeetingFilterSet", "organization"], salt="another")
    assert client.get(f"/choices/{forged}/", {"q": "ad"}).status_code == 404
    not_a_filter = signing.dumps(["filter", "accounts.models.User", "username"], salt=remote_choices.SALT)
    assert client.get(f"/choices/{not_a_filter}/", {"q": "ad"}).status_code == 404
    client.logout()
    url = signing.dumps(["filter", "meetings.filters.MeetingFilterSet", "organization"], salt=remote_choices.SALT)
    assert client.get(f"/choices/{url}/", {"q": "کانون"}).status_code == 302  # to the sign-in page


# --- forms: a page's form list too long for the page is asked of that page's own form --------

@pytest.fixture
def ambassadors(monkeypatch):
    from ambassadors.testing import make_ambassador

    monkeypatch.setattr(remote_choices, "REMOTE_AFTER", 2)  # as if a province had thousands
    tehran, isfahan = make_province("23"), make_province("10")
    ours = [make_ambassador(tehran, first_name=first, last_name=last, status="active") for first, last in
            (("مهدی", "یکتا"), ("مهدی", "رضایی"), ("زهرا", "یکتا"))]
    resting = make_ambassador(tehran, first_name="مهدی", last_name="ساکت", status="inactive")
    theirs = make_ambassador(isfahan, first_name="مهدی", last_name="یکتا", status="active")
    return tehran, ours, resting, theirs


def field_url(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*data-search-url="([^"]+)"', html)
    assert found, f"{name} is not searched remotely"
    return found.group(1)


def field_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


@pytest.mark.django_db
def test_a_form_draws_only_the_chosen_options_and_an_address_to_ask(client, ambassadors):
    from meetings.testing import make_meeting

    tehran, ours, _resting, _theirs = ambassadors
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    html = client.get("/meetings/request/").content.decode()
    field_url(html, "our_attendees")
    assert field_options(html, "our_attendees") == []
    assert "مهدی" not in html

    meeting = make_meeting(tehran)
    meeting.our_attendees.set([ours[1]])
    edit = client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert field_options(edit, "our_attendees") == [str(ours[1].pk)]
    assert "selected" in re.search(rf'<option value="{ours[1].pk}"[^>]*>', edit).group(0)
    assert "مهدی یکتا" not in edit

    # Sent back with an error, the form keeps the person chosen (and only them) in its box.
    sent = client.post("/meetings/request/", {"purpose": "", "our_attendees": [ours[2].pk]})
    again = sent.content.decode()
    assert sent.status_code == 200 and field_options(again, "our_attendees") == [str(ours[2].pk)]
    assert "زهرا یکتا" in again


@pytest.mark.django_db
def test_a_forms_address_answers_from_that_form_for_the_person_asking(client, ambassadors):
    tehran, ours, resting, theirs = ambassadors
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    url = field_url(client.get("/meetings/request/").content.decode(), "our_attendees")
    found = client.get(url, {"q": "مهدي"}).json()["results"]  # Arabic yeh typed
    # The form's own queryset: active ambassadors of the asker's province, by name only.
    assert sorted(item["value"] for item in found) == sorted(str(item.pk) for item in ours[:2])
    assert str(theirs.pk) not in [item["value"] for item in found]
    assert str(resting.pk) not in [item["value"] for item in found]
    assert client.get(url, {"q": "یکتا زهرا"}).json()["results"] == [{"value": str(ours[2].pk), "text": "زهرا یکتا"}]
    assert client.get(url, {"q": "م"}).json()["results"] == []
    assert client.get(url, {"q": ours[0].national_code}).json()["results"] == []

    # The same address asked by a coordinator of another province answers from their form.
    sign_in(client, make_user(Role.COORDINATOR, theirs.province))
    assert [item["value"] for item in client.get(url, {"q": "مهدی"}).json()["results"]] == [str(theirs.pk)]


@pytest.mark.django_db
def test_a_forms_address_refuses_who_may_not_use_the_form_and_forgeries(client, ambassadors):
    from meetings.testing import make_meeting

    tehran, ours, _resting, theirs = ambassadors
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    url = field_url(client.get("/meetings/request/").content.decode(), "our_attendees")
    meeting = make_meeting(tehran)
    edit_url = field_url(client.get(f"/meetings/{meeting.pk}/edit/").content.decode(), "our_attendees")
    assert client.get(edit_url, {"q": "مهدی"}).json()["results"]

    token = url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(url.replace(token, token[:-2] + "xx"), {"q": "مهدی"}).status_code == 404  # tampered
    for where in (["page", "/meetings/request/", "form", "purpose"],          # not a choice list
                  ["page", "/meetings/request/", "form", "no_such_field"],
                  ["page", "/meetings/request/", "view", "our_attendees"],       # not a form the page offers
                  ["page", "/meetings/", "form", "organization"],                # a list page, no form
                  ["page", "/no/such/page/", "form", "our_attendees"],
                  ["page", "/meetings/request/", "our_attendees"],
                  ["elsewhere", "/meetings/request/", "form", "our_attendees"]):
        forged = signing.dumps(where, salt=remote_choices.SALT)
        assert client.get(f"/choices/{forged}/", {"q": "مهدی"}).status_code == 404, where

    # A meeting no longer open to changes draws no form: its page answers nothing (and the
    # guard's warning does not follow the person to their next page).
    type(meeting).objects.filter(pk=meeting.pk).update(status="approved", decided_at=timezone.now())
    assert client.get(edit_url, {"q": "مهدی"}).status_code == 404
    assert not list(client.get("/meetings/").context["messages"])

    # A board member may not request meetings; another province's coordinator cannot reach
    # the meeting the edit form is about.
    sign_in(client, make_user(Role.BOARD_MEMBER, tehran))
    assert client.get(url, {"q": "مهدی"}).status_code == 403
    sign_in(client, make_user(Role.COORDINATOR, theirs.province))
    assert client.get(edit_url, {"q": "مهدی"}).status_code == 404
    client.logout()
    assert client.get(url, {"q": "مهدی"}).status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_a_posted_choice_outside_the_askers_scope_is_refused(client, ambassadors):
    from meetings.models import Meeting
    from partners.testing import make_organization

    tehran, ours, _resting, theirs = ambassadors
    organization = make_organization(tehran, name="کانون بازنشستگان شمیران")
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    posted = {"organization": organization.pk, "purpose": "معرفی طرح", "our_attendees": [ours[0].pk, theirs.pk],
              "proposed_date": "1499/01/01"}
    response = client.post("/meetings/request/", posted)
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert f"{theirs.pk} از گزینه‌های موجود نیست" in response.content.decode()  # Django's own message, in Persian
    # What was chosen in scope is still in the box; the other province's is not.
    assert field_options(response.content.decode(), "our_attendees") == [str(ours[0].pk)]

    # The API validates through the same form, drawn nowhere: unchanged.
    from accounts.testing import bearer

    coordinator = make_user(Role.COORDINATOR, tehran)
    api = client.post("/api/meetings", posted, content_type="application/json", headers=bearer(coordinator))
    assert api.status_code == 422 and not Meeting.objects.exists()
    api = client.post("/api/meetings", {**posted, "our_attendees": [ours[0].pk]}, content_type="application/json",
                      headers=bearer(coordinator))
    assert api.status_code == 201, api.content
    assert list(Meeting.objects.get().our_attendees.all()) == [ours[0]]


@pytest.mark.django_db
def test_a_workflow_steps_form_and_a_letters_header_ask_their_own_page(client, ambassadors, monkeypatch):
    """The hold step's attendees (core.views.StepView) and the letter page's source organisation
    (indicators.views.CopyLastPeriodView, a form named `header`) load the same way."""
    from meetings.choices import MeetingStatus
    from meetings.testing import make_meeting
    from partners.testing import make_organization

    tehran, ours, _resting, theirs = ambassadors
    meeting = make_meeting(tehran, status=MeetingStatus.APPROVED)
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    url = field_url(client.get(f"/meetings/{meeting.pk}/hold/").content.decode(), "our_attendees")
    found = [item["value"] for item in client.get(url, {"q": "مهدی"}).json()["results"]]
    assert str(theirs.pk) not in found and str(ours[0].pk) in found

    sources = [make_organization(tehran, name=f"اداره آمار {n}") for n in ("یک", "دو", "سه")]
    make_organization(theirs.province, name="اداره آمار اصفهان")
    html = client.get("/statistics/values/letter/").content.decode()
    url = field_url(html, "organization")
    assert field_options(html, "organization") == []
    found = client.get(url, {"q": "آمار"}).json()["results"]
    assert sorted(item["value"] for item in found) == sorted(str(item.pk) for item in sources)


@pytest.mark.django_db
def test_asking_a_pages_list_is_not_a_read_of_what_the_page_shows(client, ambassadors, monkeypatch):
    """The page's view runs again to build its form, but only the list's labels go out: personal
    values the page would have shown in clear are not audited as read by each keystroke."""
    from auditlog.models import LogEntry

    from core import privacy, views
    from meetings.choices import MeetingStatus
    from meetings.testing import make_meeting

    tehran, ours, _resting, _theirs = ambassadors
    meeting = make_meeting(tehran, status=MeetingStatus.APPROVED)
    coordinator = make_user(Role.COORDINATOR, tehran)
    sign_in(client, coordinator)
    real_context = views.StepView.get_context_data

    def context_showing_a_mobile(self, **kwargs):  # as a page showing an ambassador's mobile would
        privacy.served(ours[0])
        privacy.shown(self.request.user, "09121234567", "ambassadors.view_personal_ambassador")
        return real_context(self, **kwargs)

    monkeypatch.setattr(views.StepView, "get_context_data", context_showing_a_mobile)
    reads = LogEntry.objects.filter(additional_data__event="ambassador_personal_read")
    url = field_url(client.get(f"/meetings/{meeting.pk}/hold/").content.decode(), "our_attendees")
    assert reads.count() == 1  # the page itself: a read
    assert client.get(url, {"q": "مهدی"}).json()["results"]
    assert reads.count() == 1  # the list asked of it: none


@pytest.mark.django_db
def test_a_list_of_names_is_searched_in_the_database_as_its_labels_would_be(client, ambassadors, monkeypatch):
    """Ambassadors, organisations and contacts name the fields their label is made of
    (`label_fields`): their lists are searched by the database, folded as labels are (Arabic
    letters, half-spaces and spaces alike), never by reading and folding the whole list."""
    from ambassadors.testing import make_ambassador

    tehran, ours, _resting, _theirs = ambassadors
    joined = make_ambassador(tehran, first_name="علی\u200cرضا", last_name="نیک\u200cپور", status="active")
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    url = field_url(client.get("/meetings/request/").content.decode(), "our_attendees")

    def read_whole_list(*args, **kwargs):
        raise AssertionError("the whole list was read to answer a search of names")

    monkeypatch.setattr(remote_choices, "cached_model_choices", read_whole_list)

    def values(typed):
        return [item["value"] for item in client.get(url, {"q": typed}).json()["results"]]

    assert sorted(values("مهدي يکتا")) == [str(ours[0].pk)]  # Arabic yeh typed, both words
    assert values("علیرضا نیکپور") == values("علي رضا نيک پور") == [str(joined.pk)]
    assert client.get(url, {"q": "مهدی"}).json()["results"][0]["text"] in {"مهدی یکتا", "مهدی رضایی"}
    assert values("م") == []  # one letter asks nothing


@pytest.mark.django_db
def test_a_search_with_digits_reads_the_labels(client, setting):
    """Digits are stored as typed (۵, ٥ or 5): a search holding one compares folded labels."""
    tehran, _ours, _theirs = setting
    numbered = make_organization(tehran, name="کانون بازنشستگان منطقه ۵")
    sign_in(client, make_user(Role.COORDINATOR, tehran))
    url = field_url(client.get("/meetings/request/").content.decode(), "organization")
    for typed in ("منطقه 5", "منطقه ۵", "منطقه ٥"):
        assert [item["value"] for item in client.get(url, {"q": typed}).json()["results"]] == [str(numbered.pk)]
