"""The table body written in Python (core.tables.rows_html) is the HTML django_tables2's own
template writes: same rows, attributes, cell contents, escaping and empty text."""
import datetime
import re

import django_tables2 as tables
from django.template.loader import get_template
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.utils import timezone, translation

from core.tables import JalaliDateColumn, JalaliDateTimeColumn, NumberColumn, SafiranTable, YesNoColumn, rows_html

ROWS = [
    {"name": "علی <b>", "when": datetime.date(2026, 3, 21), "at": timezone.make_aware(datetime.datetime(2026, 3, 21, 8, 30)),
     "count": 12000, "ratio": 1.5, "done": True, "note": None, "read": False},
    {"name": "O'Brien & \"sons\"", "when": None, "at": None, "count": 0, "ratio": 2.25, "done": False, "note": "x",
     "read": True},
    {"name": "سوم", "when": datetime.date(2025, 1, 1), "at": None, "count": None, "ratio": 3, "done": True, "note": "",
     "read": True},
]


class Everything(SafiranTable):
    name = tables.Column(linkify=lambda record: f"/people/{record['count']}/?a=1&b=2", attrs={"td": {"dir": "auto"}})
    when = JalaliDateColumn()
    at = JalaliDateTimeColumn()
    count = NumberColumn(attrs={"td": {"class": lambda value: "zero" if value in (0, "۰") else "some"}})
    ratio = tables.Column(localize=True)
    raw = tables.Column(accessor="ratio", localize=False, verbose_name="raw")
    done = YesNoColumn()
    note = tables.Column(default="—")

    class Meta(SafiranTable.Meta):
        row_attrs = {"class": lambda record: "fw-bold" if not record["read"] else "", "data-kind": lambda record: "r" + str(record["count"])}


class Plain(SafiranTable):
    name = tables.Column()

    class Meta(SafiranTable.Meta):
        empty_text = "هیچ <چیزی>"


def tbody(html: str) -> str:
    found = re.search(r"<tbody[^>]*>(.*?)</tbody>", html, re.S).group(1)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", found)).strip()


@override_settings(USE_THOUSAND_SEPARATOR=True)
class RowsAsTheTemplateWritesThem(SimpleTestCase):
    def render(self, table, template):
        request = RequestFactory().get("/")
        table.before_render(request)
        return get_template(template).render({"table": table, "request": request})

    def assert_same(self, make_table):
        for language in ("fa", "en"):
            with translation.override(language):
                stock = tbody(self.render(make_table(), "django_tables2/bootstrap5.html"))
                ours = tbody(self.render(make_table(), "core/table.html"))
                self.assertEqual(ours, stock)
                self.assertTrue(stock)

    def test_rows_cells_attributes_and_escaping(self):
        self.assert_same(lambda: Everything(ROWS))
        html = rows_html(Everything(ROWS))
        self.assertIn("علی &lt;b&gt;", html)
        self.assertIn('class="zero', html)
        self.assertNotIn("<b>", html)

    def test_empty_text(self):
        self.assert_same(lambda: Plain([]))
        self.assertIn("هیچ &lt;چیزی&gt;", rows_html(Plain([])))

    def test_paginated(self):
        def table():
            made = Everything(ROWS * 10)
            made.paginate(page=2, per_page=7)
            return made

        self.assert_same(table)
        self.assertEqual(rows_html(table()).count("<tr "), 7)
