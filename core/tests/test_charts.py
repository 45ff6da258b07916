"""core.charts: a chart is the page's own figures; "not available" stays apart from zero."""
import json

import pytest
from django.template import Context, Template
from django.utils import translation

from core.charts import Chart, Series
from core.totals import Measure, TotalsGroup, TotalsRow


def render(chart) -> str:
    with translation.override("fa"):
        return Template("{% chart chart %}").render(Context({"chart": chart}))


def test_a_series_must_have_one_value_per_label():
    with pytest.raises(ValueError):
        Chart(title="t", labels=["a", "b"], series=[Series("s", [1])])


def test_the_chart_carries_its_figures_and_a_table_with_not_available_apart_from_zero():
    chart = Chart(title="جمعیت", labels=["۱۴۰۳", "۱۴۰۴"], series=[Series("تهران", [0, None])], kind="line")
    html = render(chart)
    assert f'data-chart="{chart.data_id}"' in html
    data = json.loads(html.split(f'id="{chart.data_id}" type="application/json">')[1].split("</script>")[0])
    assert data["kind"] == "line" and data["datasets"][0]["data"] == [0, None]
    table = html.split("<table")[1]
    assert "<td>۰</td>" in table and "<td>ناموجود</td>" in table


def test_a_chart_beside_its_own_table_adds_none_and_an_empty_chart_draws_nothing():
    beside = Chart(title="t", labels=["a", "b"], series=[Series("s", [1, 2])], with_table=False)
    assert "<canvas" in render(beside) and "<table" not in render(beside)
    assert render(Chart(title="t", labels=["a"], series=[Series("s", [None])])).strip() == ""


def test_totals_by_month_are_drawn_oldest_first_as_a_line():
    from django.db.models import Count

    group = TotalsGroup(title="ماه", label_header="ماه", measures=[Measure("تعداد", Count("id"))], chronological=True)
    group.rows = [TotalsRow("آذر", ["۲"], values=[2]), TotalsRow("آبان", ["۵"], values=[5])]
    chart = group.chart
    assert chart.kind == "line" and chart.labels == ["آبان", "آذر"] and chart.series[0].values == [5, 2]
    group.rows = group.rows[:1]
    assert group.chart is None  # one row is not a chart
