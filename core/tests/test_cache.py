"""Issue 14: what pages cache is kept until the next write, and only until then (core/cache.py).
Transactional tests: nothing is cached while a transaction is open, as in every other test."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_user, sign_in
from ambassadors.testing import make_ambassador
from core import cache as safiran_cache
from core.roles import Role
from geo.testing import make_province

pytestmark = pytest.mark.django_db(transaction=True)


def counts(queries, table="ambassadors_ambassador") -> int:
    return sum("COUNT(" in query["sql"] and table in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def coordinator(client):
    cache.clear()
    province = make_province("23")
    make_ambassador(province, status="active")
    user = make_user(Role.COORDINATOR, province)
    sign_in(client, user)
    yield user
    cache.clear()


def test_a_list_counts_its_rows_once_until_the_next_write(client, coordinator):
    client.get("/ambassadors/")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/ambassadors/?page=1")
    assert response.context["result_count"] == 1
    assert counts(again) == 0

    make_ambassador(coordinator.province, status="active")  # a write: the generation moves on
    with CaptureQueriesContext(connection) as after:
        response = client.get("/ambassadors/")
    assert counts(after) == 1
    assert response.context["result_count"] == 2


def test_dashboard_figures_and_permissions_come_from_the_cache_until_a_write(client, coordinator):
    client.get("/")
    with CaptureQueriesContext(connection) as again:
        assert client.get("/").status_code == 200
    sql = " ".join(query["sql"] for query in again.captured_queries)
    assert "auth_permission" not in sql
    assert counts(again) == 0  # the ambassadors' figure card
    before = safiran_cache.generation()
    make_ambassador(coordinator.province, status="active")
    assert safiran_cache.generation() > before
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert counts(after) >= 1
    assert "auth_permission" in " ".join(query["sql"] for query in after.captured_queries)


def test_nothing_is_cached_inside_a_transaction(coordinator):
    from django.db import transaction

    calls = []
    with transaction.atomic():
        safiran_cache.cached(("probe",), lambda: calls.append(1) or 1)
        safiran_cache.cached(("probe",), lambda: calls.append(1) or 1)
    assert len(calls) == 2
    safiran_cache.cached(("probe",), lambda: calls.append(1) or 1)
    safiran_cache.cached(("probe",), lambda: calls.append(1) or 1)
    assert len(calls) == 3


def test_filter_choices_are_read_once_until_the_next_write(client, coordinator):
    """A list's model choices (the province's counties, organisations, …) are the same on every
    page until something is written: read once, then taken from the cache."""
    from partners.testing import make_organization

    make_organization(coordinator.province, name="سازمان اول")
    client.get("/partners/contacts/")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/partners/contacts/")
    assert "سازمان اول" in response.content.decode()
    assert not [q for q in again.captured_queries if 'FROM "partners_organization"' in q["sql"]]

    make_organization(coordinator.province, name="سازمان دوم")  # a write: the list is read again
    response = client.get("/partners/contacts/")
    assert "سازمان دوم" in response.content.decode()


def test_a_sign_in_keeps_what_is_cached_other_user_writes_do_not(coordinator):
    """A sign-in stamps `last_login` (shown only by pages that are not cached): it must not empty
    every cached figure and count, as it did for each of a morning's sign-ins. Any other change
    of a user still does (a role or a name is shown in menus and choice lists)."""
    from django.contrib.auth.signals import user_logged_in
    from django.test import RequestFactory

    before = safiran_cache.generation()
    user_logged_in.send(sender=type(coordinator), request=RequestFactory().get("/"), user=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None
    assert safiran_cache.generation() == before

    coordinator.first_name = "زهرا"
    coordinator.save(update_fields=["first_name"])
    assert safiran_cache.generation() != before
    moved = safiran_cache.generation()
    coordinator.save()  # every field
    assert safiran_cache.generation() != moved


def test_a_totals_page_as_first_opened_is_summed_once_until_the_next_write(client, coordinator):
    from sponsorship.testing import make_pledge

    make_pledge(coordinator.province)
    first = client.get("/sponsorship/pledges/totals/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as again:
        second = client.get("/sponsorship/pledges/totals/")
    assert not [q for q in again.captured_queries if "sponsorship_pledge" in q["sql"]]
    assert [group.rows for group in second.context["groups"]] == [group.rows for group in first.context["groups"]]

    with CaptureQueriesContext(connection) as filtered:  # filtered sums are never kept
        client.get("/sponsorship/pledges/totals/?status=pledged")
        client.get("/sponsorship/pledges/totals/?status=pledged")
    assert sum("sponsorship_pledge" in q["sql"] for q in filtered.captured_queries) >= 2

    make_pledge(coordinator.province)  # a write: summed again
    with CaptureQueriesContext(connection) as after:
        client.get("/sponsorship/pledges/totals/")
    assert [q for q in after.captured_queries if "sponsorship_pledge" in q["sql"]]
