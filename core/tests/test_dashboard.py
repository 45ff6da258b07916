"""Each role lands on a dashboard and a menu that fit it."""
import pytest
from django.urls import reverse

from accounts.testing import make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from geo.testing import make_province


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        (Role.NATIONAL_ADMIN, ["/audit/", "/accounts/users/", "panel-1", "/ambassadors/new/"], []),
        (Role.PROVINCIAL_MANAGER, ["/accounts/users/", "/ambassadors/new/"], ["/audit/", "panel-1"]),
        (Role.COORDINATOR, ["/ambassadors/new/", "/accounts/users/new/"], ["/audit/"]),
        (Role.AMBASSADOR, ["/ambassadors/"], ["/audit/", "/accounts/users/", "/ambassadors/new/"]),
        (Role.BOARD_MEMBER, ["/ambassadors/"], ["/audit/", "/accounts/users/", "/ambassadors/new/"]),
    ],
)
def test_dashboard_fits_the_role(client, role, sees, does_not_see):
    province = make_province("23")
    make_ambassador(province, status="active")
    user = make_user(role, None if role == Role.NATIONAL_ADMIN else province)
    sign_in(client, user)
    html = client.get(reverse("core:home")).content.decode()
    for fragment in sees:
        assert fragment in html, f"{role} should see {fragment}"
    for fragment in does_not_see:
        assert f'"{fragment}"' not in html, f"{role} should not see {fragment}"
    assert "۱" in html  # counts are shown in Persian digits


@pytest.mark.django_db
def test_ambassador_with_a_profile_gets_a_link_to_it(client):
    province = make_province("23")
    user = make_user(Role.AMBASSADOR, province)
    profile = make_ambassador(province, user=user, status="active")
    sign_in(client, user)
    assert profile.get_absolute_url() in client.get("/").content.decode()


@pytest.mark.django_db
def test_what_waits_for_the_manager_comes_first_with_approve_and_decline(client):
    from meetings.testing import make_meeting

    province = make_province("23")
    meeting = make_meeting(province, purpose="معرفی طرح به مدیرکل")
    make_ambassador(province, status="active")
    make_ambassador(province, status="candidate")
    manager = make_user(Role.PROVINCIAL_MANAGER, province)
    sign_in(client, manager)
    html = client.get(reverse("core:home")).content.decode()
    waiting = html.index('id="todo-heading"')
    assert waiting < html.index('id="cards-heading"') < html.index('id="actions-heading"')
    assert f"/meetings/{meeting.pk}/approve/" in html and f"/meetings/{meeting.pk}/decline/" in html
    assert "معرفی طرح به مدیرکل" in html  # what the request is for, not only its title
    # One ambassadors' card, its other states in a note: no "candidates" beside the pipeline's.
    assert html.count("stat-card") == len(set(part.split("</p>")[0] for part in html.split('card-title mb-1">')[1:]))
    assert "ثبت‌شده و هنوز فعال‌نشده" in html


@pytest.mark.django_db
def test_every_kind_of_page_has_a_short_guide(client):
    province = make_province("23")
    ambassador = make_ambassador(province, status="active")
    sign_in(client, make_user(Role.COORDINATOR, province))
    for url in ("/", "/ambassadors/", ambassador.get_absolute_url(), "/ambassadors/new/", "/recruitment/talent/"):
        html = client.get(url).content.decode()
        assert '<details class="page-help' in html and "راهنمای این صفحه" in html, url
    assert "سفیران را که می‌توانید ببینید" in client.get("/ambassadors/").content.decode()


@pytest.mark.django_db
def test_the_home_page_draws_meetings_by_month(client):
    from django.utils import timezone

    from meetings.testing import make_meeting

    province = make_province("23")
    make_meeting(province, proposed_date=timezone.localdate())
    sign_in(client, make_user(Role.COORDINATOR, province))
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-chart="' in html and "جلسه‌های شش ماه گذشته" in html
    assert "The figures of this chart as a table" not in html  # translated, with its table for screen readers
