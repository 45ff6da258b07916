"""Issue 8, part 2: tables that resist differencing (the cell-key method, retirees/perturbation.py)."""
import random

from django.test import TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_province
from retirees.demographics import Question, cross_tab, refresh_summary
from retirees.models import Retiree, RosterSettings
from retirees.perturbation import KEY_RANGE, TABLES, bound, chance_of_equal_noise, perturb
from retirees.testing import make_retiree

NOTE = "اعداد برای حفظ حریم خصوصی اندکی جابه‌جا شده‌اند"


def random_roster(seed: int, people: int, categories: int) -> list[tuple[str, int, int]]:
    """(gender, category, record key) for each person, keys uniform like the importer's."""
    rng = random.Random(seed)
    return [(rng.choice("fm"), rng.randrange(categories), rng.randrange(KEY_RANGE)) for _ in range(people)]


def tables(roster) -> tuple[dict, dict]:
    """(count, key sum) per category, and per (category, gender): what the summary holds."""
    by_category, by_gender = {}, {}
    for gender, category, key in roster:
        for table, at in ((by_category, category), (by_gender, (category, gender))):
            count, keys = table.get(at, (0, 0))
            table[at] = (count + 1, keys + key)
    return by_category, by_gender


def exact_differences(roster, name: str, categories: int) -> float:
    """The issue's attack: education in a province, minus the same for women, to get the men."""
    by_category, by_gender = tables(roster)
    exact = 0
    for category in range(categories):
        everyone, women, men = (table.get(at, (0, 0)) for table, at in (
            (by_category, category), (by_gender, (category, "f")), (by_gender, (category, "m"))))
        exact += perturb(*everyone, name) - perturb(*women, name) == men[0]
    return exact / categories


@settings(max_examples=200, deadline=None)
@given(count=st.integers(min_value=0, max_value=2_000_000), key_sum=st.integers(min_value=0, max_value=10**9),
       name=st.sampled_from(sorted(TABLES)))
def test_the_same_cell_always_gets_the_same_value_within_the_bound(count, key_sum, name):
    value = perturb(count, key_sum, name)
    assert value == perturb(count, key_sum, name) == perturb(count, key_sum + KEY_RANGE * 7, name)
    assert abs(value - count) <= bound(name)
    assert (value == 0) == (count == 0)  # zero stays zero; nobody is never made to vanish
    assert value >= 0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), name=st.sampled_from(sorted(TABLES)))
def test_a_difference_of_two_tables_is_exact_no_more_often_than_chance(seed, name):
    categories = 300
    rate = exact_differences(random_roster(seed, people=categories * 40, categories=categories), name, categories)
    # Chance is the rate at which two independent noises agree; 300 cells put the observed
    # rate within about ±0.03 of it (so 0.15 is a five-sigma margin). Without perturbation it is 1.
    assert rate <= chance_of_equal_noise(name) + 0.15, rate


def test_the_exact_rate_matches_chance_on_a_large_roster():
    rate = exact_differences(random_roster(1405, people=200_000, categories=5_000), "d2", 5_000)
    assert abs(rate - chance_of_equal_noise("d2")) < 0.03


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), people=st.integers(min_value=0, max_value=3_000))
def test_the_national_total_is_within_the_documented_bound(seed, people):
    roster = random_roster(seed, people=people, categories=31)
    key_sum = sum(key for _gender, _category, key in roster)
    for name in TABLES:
        total = perturb(people, key_sum, name)
        assert abs(total - people) <= bound(name)
        assert (total == 0) == (people == 0)


def test_the_noise_follows_the_table_and_averages_out():
    for name, probabilities in TABLES.items():
        spread = bound(name)
        noises = [perturb(100, key, name) - 100 for key in range(KEY_RANGE)]
        assert sum(noises) == 0  # unbiased above the bound
        for offset, probability in zip(range(-spread, spread + 1), probabilities, strict=True):
            assert abs(noises.count(offset) / KEY_RANGE - probability) < 1 / KEY_RANGE + 1e-9


class PerturbedExplorerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        rng = random.Random(8)
        for index in range(60):
            make_retiree(cls.tehran, gender=rng.choice(["female", "male"]),
                         education=rng.choice(["diploma", "bachelor", "master"]), last_name=f"نمونه {index}")
        refresh_summary()
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def test_the_same_people_get_the_same_figure_in_every_table(self):
        by_gender = cross_tab(self.admin, Question(["gender", "education"]))
        women_only = cross_tab(self.admin, Question(["education"], {"gender": "female"}))
        women_row = next(row for row in by_gender.rows if row["labels"] == ["زن"])
        self.assertEqual(women_row["cells"], [row["cells"][0] for row in women_only.rows])
        self.assertEqual(women_row["total"], women_only.total)
        # From the summary or straight from the roster: the same keys, the same figures.
        RosterSettings.objects.update(summary_as_of=None)
        again = cross_tab(self.admin, Question(["gender", "education"]))
        self.assertEqual(again.rows, by_gender.rows)
        self.assertEqual(again.total, by_gender.total)
        self.assertLessEqual(abs(again.total - Retiree.objects.count()), again.perturbation_bound)

    def test_the_page_the_export_and_the_api_say_so(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get("/retirees/demographics/", {"first": "gender", "third": "education"})
        self.assertContains(page, NOTE)
        self.assertContains(page, 'id="chart-data"')
        export = self.client.get("/retirees/demographics/", {"first": "gender", "third": "education", "export": "xlsx"})
        self.assertIn(NOTE, " ".join(str(value) for line in xlsx_cells(export.content) for value in line if value))
        data = self.client.get("/api/demographics", {"first": "gender", "third": "education"},
                               headers=bearer(self.coordinator)).json()
        self.assertIn(NOTE, data["note"])
        self.assertEqual(data["perturbation_bound"], 2)

    def test_the_chart_script_draws_the_table(self):
        """The chart box used to be an empty script; the browser test sees it drawn."""
        from django.contrib.staticfiles import finders

        script = open(finders.find("retirees/demographics.js"), encoding="utf-8").read()
        self.assertIn("new window.Chart(", script)
        self.assertIn("chart-data", script)
