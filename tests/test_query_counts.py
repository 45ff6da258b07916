"""Every page's number of database queries does not grow with its number of rows (issue 14).

Generic over every registered list page (each URL whose view is a core.views.ObjectListView),
and over the detail pages of the rows they list: on the demo data (`seed_demo`), a list page
drawn with one row per page must run exactly as many queries as the same page drawn with 25
rows, for a national admin and for a province's staff. A page that reads per row (a missing
select_related, a property that queries, a column that counts) fails here with its name.
"""
import io
import itertools
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver

from accounts.models import User
from accounts.testing import sign_in
from core.views import ObjectListView

# Demo users whose pages are counted: the whole country, and each role of one province.
USERS = ("admin", "tehran.manager", "tehran.coordinator", "tehran.ambassador", "tehran.board")
# Queries a page may add when it is drawn with 25 rows instead of 1: none, except where the
# growth is bounded by something other than rows, said here.
ALLOWED_GROWTH = {
    # The audit log names the records a change points to with one query per kind of record
    # (audit.models.preload_related_names): bounded by the number of models, not of rows.
    "/audit/": 12,
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        else:
            yield prefix + str(pattern.pattern), pattern


def list_pages() -> list[tuple[str, type]]:
    """(path, view class) of every list page without URL arguments."""
    pages = []
    for route, pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, ObjectListView) and "<" not in route:
            pages.append(("/" + route, view_class))
    return sorted(pages, key=lambda page: page[0])


LIST_PAGES = list_pages()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo programme in national shape (every province filled with copies of the demo
    provinces' records, a small roster: `seed_demo --scale national --fraction 0.002`), loaded
    once for this module and removed after it."""
    # Inside one transaction rolled back afterwards: the tests' own transactions nest in it, and
    # the data that migrations load (provinces, areas) is left as it was for the next module.
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("seed_demo", "--scale", "national", "--fraction", "0.002", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", sql)


def count(client, path, view_class, per_page, monkeypatch):
    monkeypatch.setattr(view_class, "paginate_by", per_page)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, queries


@pytest.mark.django_db
def test_national_data_fills_every_province_consistently(demo_data):
    from geo.models import Province
    from meetings.models import Meeting
    from partners.models import Organization
    from retirees.models import Retiree

    provinces = Province.objects.count()
    assert Organization.objects.values("province").distinct().count() == provinces
    assert User.objects.filter(role="coordinator").values("province").distinct().count() == provinces
    assert Retiree.objects.values("province").distinct().count() == provinces
    # Copies point at copies: a meeting's organisation, and its county, are in one province.
    assert not Organization.objects.exclude(county__province=models.F("province")).exists()
    copied = Meeting.objects.filter(created_by__username__contains="-p")
    assert copied.exists()
    assert not copied.exclude(organization__province=models.F("created_by__province")).exists()


def test_every_list_page_is_counted():
    assert len(LIST_PAGES) >= 25, [path for path, _ in LIST_PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_list_pages_run_the_same_queries_for_1_and_25_rows(demo_data, client, username, monkeypatch):
    sign_in(client, User.objects.get(username=username))
    grown, checked = [], 0
    for path, view_class in LIST_PAGES:
        client.get(path)  # warm caches (menus, figures) so both counts see the same state
        one, one_queries = count(client, path, view_class, 1, monkeypatch)
        if one.status_code != 200:
            continue  # a page this role may not open
        many, many_queries = count(client, path, view_class, 25, monkeypatch)
        assert many.status_code == 200, path
        rows = many.context["table"].page.paginator.count if many.context.get("table") is not None else 0
        checked += 1
        if rows > 1 and len(many_queries) > len(one_queries) + ALLOWED_GROWTH.get(path, 0):
            extra = Counter(_shape(q["sql"])[:300] for q in many_queries)
            extra.subtract(_shape(q["sql"])[:300] for q in one_queries)
            extra = [f"{n}× {sql}" for sql, n in extra.most_common(2)]
            grown.append(f"{path}: {len(one_queries)} → {len(many_queries)} queries ({rows} rows); e.g. {extra}")
    assert checked, f"{username} could open no list page"
    assert not grown, "\n".join(grown)


@pytest.mark.django_db
def test_filter_choices_are_read_in_one_query_each(demo_data, client):
    """A filter's choice list (every monthly report, county, organisation) is drawn from one
    query, however many choices it has: a label that reads a related row (a report's province)
    is fetched with it, not once per choice."""
    sign_in(client, User.objects.get(username="admin"))
    per_choice = []
    for path, _view_class in LIST_PAGES:
        response = client.get(path)
        if response.status_code != 200 or response.context.get("filter") is None:
            continue
        form = response.context["filter"].form
        for name, field in form.fields.items():
            if getattr(field, "queryset", None) is None:
                continue
            choices = len(field.choices)
            with CaptureQueriesContext(connection) as queries:
                str(form[name])
            # The list's COUNT (is it long enough to be searchable?) and its rows.
            if choices > 2 and len(queries) > 2:
                per_choice.append(f"{path} {name}: {len(queries)} queries for {choices} choices")
    assert not per_choice, "\n".join(per_choice)


def _tbody(html: str) -> str:
    found = re.search(r"<tbody[^>]*>(.*?)</tbody>", html, re.S)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", found.group(1))).strip() if found else ""


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_every_list_writes_its_rows_as_django_tables2_would(demo_data, client, username):
    """The table rows written in Python (core.tables.rows_html) are the HTML django_tables2's
    own template writes, on every list page each role may open, with its real rows: values,
    choice labels, links, masked fields, dates and digits, attributes."""
    from django.template.loader import get_template

    from core.tables import rows_html

    stock = get_template("django_tables2/bootstrap5.html")
    sign_in(client, User.objects.get(username=username))
    compared, different = 0, []
    for path, _view_class in LIST_PAGES:
        response = client.get(path)
        table = response.context.get("table") if response.status_code == 200 else None
        if table is None:
            continue
        table._counter = itertools.count()  # each drawing numbers its rows (even/odd) from the start
        expected = _tbody(stock.render({"table": table, "request": response.wsgi_request}))
        table._counter = itertools.count()
        written = _tbody(f"<tbody>{rows_html(table)}</tbody>")
        compared += bool(table.page.object_list)
        if written != expected:
            different.append(f"{path}:\n  ours:  {written[:400]}\n  stock: {expected[:400]}")
    assert compared, f"{username}: no list with rows"
    assert not different, "\n".join(different)
