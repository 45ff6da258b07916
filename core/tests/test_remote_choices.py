"""A filter's choice list too long for the page loads as one types (core/remote_choices.py): the
page carries only the chosen options; the address it asks answers from the asker's own scope."""
import re

import pytest
from django.core import signing

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
    forged = signing.dumps(["accounts.models.User", "username"], salt="another")
    assert client.get(f"/choices/{forged}/", {"q": "ad"}).status_code == 404
    not_a_filter = signing.dumps(["accounts.models.User", "username"], salt=remote_choices.SALT)
    assert client.get(f"/choices/{not_a_filter}/", {"q": "ad"}).status_code == 404
    client.logout()
    url = signing.dumps(["meetings.filters.MeetingFilterSet", "organization"], salt=remote_choices.SALT)
    assert client.get(f"/choices/{url}/", {"q": "کانون"}).status_code == 302  # to the sign-in page
