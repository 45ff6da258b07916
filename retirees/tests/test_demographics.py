import datetime
from fractions import Fraction

from django.test import TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_county, make_province
from retirees.demographics import Question, counts, cross_tab, refresh_summary
from retirees.models import RosterSettings
from retirees.suppression import augmented, suppress
from retirees.testing import make_retiree

# --- the suppression, against two attackers that know nothing of how it works -------------

def recover_by_subtraction(table) -> set:
    """Cells an attacker works out by repeatedly subtracting visible cells from a line's total."""
    full = augmented(table.cells)
    rows, columns = len(full), len(full[0])
    known = {(i, j) for i in range(rows) for j in range(columns) if (i, j) not in table.hidden}
    recovered, progress = set(), True
    while progress:
        progress = False
        lines = [[(i, j) for j in range(columns)] for i in range(rows)] + [[(i, j) for i in range(rows)] for j in range(columns)]
        for line in lines:
            unknown = [cell for cell in line if cell not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                recovered.add(unknown[0])
                progress = True
    return recovered


def determined_by_linear_algebra(table) -> set:
    """Hidden cells whose value every solution of the row/column equations agrees on (exact, with fractions)."""
    full = augmented(table.cells)
    rows, columns = len(full), len(full[0])
    hidden = sorted(table.hidden)
    position = {cell: index for index, cell in enumerate(hidden)}
    equations = []
    for i in range(rows - 1):  # each data row (and the total row) sums to its total column
        equations.append([(i, j) for j in range(columns - 1)] + [("total", i, columns - 1)])
    equations.append([(rows - 1, j) for j in range(columns - 1)] + [("total", rows - 1, columns - 1)])
    for j in range(columns):
        equations.append([(i, j) for i in range(rows - 1)] + [("total", rows - 1, j)])
    matrix = []
    for terms in equations:
        coefficients, constant = [Fraction(0)] * len(hidden), Fraction(0)
        for term in terms:
            sign = 1
            if term[0] == "total":
                term, sign = (term[1], term[2]), -1
            if term in position:
                coefficients[position[term]] += sign
            else:
                constant -= sign * full[term[0]][term[1]]
        matrix.append(coefficients + [constant])
    # Row-reduce; a hidden cell is determined when the row space holds its unit vector.
    pivots, row = [], 0
    for col in range(len(hidden)):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        matrix[row] = [value / matrix[row][col] for value in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row], strict=False)]
        pivots.append(col)
        row += 1
    determined = set()
    for r, col in enumerate(pivots):
        if all(matrix[r][c] == 0 for c in range(len(hidden)) if c != col):
            determined.add(hidden[col])
    return determined


tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda rows: st.integers(min_value=1, max_value=6).flatmap(
        lambda columns: st.lists(
            st.lists(st.one_of(st.integers(0, 4), st.integers(0, 60)), min_size=columns, max_size=columns),
            min_size=rows, max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(cells=tables, threshold=st.integers(min_value=2, max_value=10))
def test_no_hidden_cell_can_be_recovered_from_visible_cells_and_totals(cells, threshold):
    table = suppress(cells, threshold)
    full = augmented(cells)
    small = {(i, j) for i, line in enumerate(full) for j, value in enumerate(line) if 0 < value < threshold}
    assert small <= table.hidden
    assert not recover_by_subtraction(table)
    assert not determined_by_linear_algebra(table)


def test_a_lone_small_cell_takes_others_with_it():
    table = suppress([[3, 40], [50, 60]], threshold=5)
    assert (0, 0) in table.hidden
    assert len({cell for cell in table.hidden if cell[0] < 2 and cell[1] < 2}) == 4  # the whole rectangle
    assert table.shown(2, 2) == 153  # the grand total stays visible


def test_nothing_hidden_when_every_count_is_large_or_zero():
    assert suppress([[10, 0], [20, 30]], threshold=5).hidden == set()


# --- the explorer ----------------------------------------------------------------------

class ExplorerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        for index in range(12):
            make_retiree(cls.tehran, gender="female" if index < 9 else "male", education="bachelor" if index % 2 else "master")
        for _ in range(7):
            make_retiree(cls.isfahan, gender="male")
        refresh_summary()
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.tehran)

    def test_summary_and_roster_give_the_same_counts(self):
        question = Question(["province", "gender", "age_band", "education"])
        from_summary, source = counts(self.admin, question)
        self.assertEqual(source, "summary")
        RosterSettings.objects.update(summary_as_of=None)  # forces the roster path
        from_roster, source = counts(self.admin, question)
        self.assertEqual(source, "roster")
        self.assertEqual(from_summary, from_roster)

    def test_each_user_sees_their_province_and_admins_the_country(self):
        national = cross_tab(self.admin, Question(["province"]))
        self.assertLessEqual(abs(national.total - 19), national.perturbation_bound)  # perturbed (cell-key method)
        provincial = cross_tab(self.coordinator, Question(["gender"]))
        self.assertLessEqual(abs(provincial.total - 12), provincial.perturbation_bound)
        self.assertEqual([row["labels"][0] for row in provincial.rows], ["زن", "مرد"])

    def test_small_cells_are_marked_on_the_page_and_stay_hidden_in_the_export(self):
        sign_in(self.client, self.ambassador)  # aggregates are for everyone
        page = self.client.get("/retirees/demographics/", {"first": "gender", "third": "education"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'class="text-end suppressed')
        export = self.client.get("/retirees/demographics/", {"first": "gender", "third": "education", "export": "xlsx"})
        cells = xlsx_cells(export.content)
        self.assertIn("*", [value for line in cells for value in line])
        self.assertNotIn(3, [value for line in cells[1:3] for value in line])  # the 3 men stay hidden

    def test_the_api_returns_the_suppressed_table(self):
        response = self.client.get("/api/demographics", {"first": "gender", "third": "education"}, headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["threshold"], 5)
        self.assertIn(None, [cell for row in data["rows"] for cell in row["cells"]])
        self.assertGreater(data["hidden_cells"], 0)
        bad = self.client.get("/api/demographics", {"first": "gender", "third": "gender"}, headers=bearer(self.coordinator))
        self.assertEqual(bad.status_code, 422)

    def test_threshold_and_bands_are_for_national_admins(self):
        sign_in(self.client, self.coordinator)
        self.assertEqual(self.client.get("/retirees/demographics/settings/").status_code, 403)
        sign_in(self.client, self.admin)
        response = self.client.post("/retirees/demographics/settings/",
                                    {"suppression_threshold": "۳", "perturbation": "d3", "age_bands": "۶۰،۷۰",
                                     "retirement_bands": "10"})
        self.assertEqual(response.status_code, 302)
        settings_row = RosterSettings.current()
        self.assertEqual((settings_row.suppression_threshold, settings_row.get_age_limits()), (3, [60, 70]))
        self.assertEqual(settings_row.perturbation, "d3")
        response = self.client.post("/retirees/demographics/settings/",
                                    {"suppression_threshold": "1", "perturbation": "d2", "age_bands": "70,60",
                                     "retirement_bands": "10"})
        self.assertEqual(set(response.context["form"].errors), {"suppression_threshold", "age_bands"})

    def test_age_groups_follow_the_configured_limits(self):
        RosterSettings.objects.update(age_bands="50,65")
        county = make_county(self.isfahan)
        today = datetime.date.today()
        make_retiree(self.isfahan, birth_date=today.replace(year=today.year - 55), county=county)
        refresh_summary([self.isfahan.pk])
        tab = cross_tab(self.admin, Question(["age_band"], {"province": self.isfahan.pk}))
        self.assertEqual([row["labels"][0] for row in tab.rows], ["۵۰–۶۴", "۶۵ و بیشتر"])


def test_the_attackers_do_catch_a_naive_suppression():
    """Hiding only the small cells is undone by both checks above (so they can fail)."""
    naive = suppress([[3, 40], [50, 60]], threshold=5)
    naive.hidden = {(0, 0)}
    assert recover_by_subtraction(naive) == {(0, 0)}
    assert determined_by_linear_algebra(naive) == {(0, 0)}
    # A bridge between two protected rectangles is found by linear algebra even when no
    # single row or column gives it away.
    bridged = suppress([[1, 1, 9, 9], [1, 1, 9, 9], [9, 9, 1, 1], [9, 9, 1, 1]], threshold=2)
    bridged.hidden = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    assert not recover_by_subtraction(bridged)
    assert determined_by_linear_algebra(bridged) == {(1, 2)}
