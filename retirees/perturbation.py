"""The cell-key method: counts that resist differencing (issue 8; docs/modules/retirees.md).

Suppression protects each table alone; it does not protect two tables against each other
(education in a province, minus education in that province for one gender, gives the other
gender's hidden cells exactly). Statistical offices answering ad-hoc questions from
confidential microdata (the Australian Bureau of Statistics' TableBuilder, the UK ONS's
`cell-key-perturbation`) add a small noise to every count that depends only on *who* is in
the cell:

- each retiree has a random **record key** 0–255, given once at import (`Retiree.record_key`);
- a cell's **cell key** is the sum of its people's record keys modulo 256. Sums add up, so the
  pre-aggregated summary stores `key_sum` beside `count` and any cell or total built from it
  gets its cell key for free;
- a fixed **perturbation table** maps (count, cell key) to the noise. The same people give the
  same cell key in whatever table, filter or total they appear, so asking again returns the
  same figure (averaging repeated questions learns nothing), and different cells get
  independent-looking noise, so subtracting tables no longer gives exact counts.

Our tables are small and explicit instead of the ONS's 192,000-row CSV (threshold 10, counts
rounded to base 5, which would hide most cells of a province × county table at our sizes): the
noise is at most `bound(name)` either way, is zero on average for counts above the bound, and
never turns a non-zero count into zero or a negative number; zero stays zero (an empty cell
has no people, hence no key). The cell key picks the noise by inverse cumulative
probability, so with record keys uniform on 0–255 the noise follows the table's distribution.
"""
from functools import cache
from itertools import accumulate

KEY_RANGE = 256
# Probability of each noise value -D … +D (symmetric, most weight on 0 and ±1).
TABLES = {
    "d2": (0.05, 0.20, 0.50, 0.20, 0.05),
    "d3": (0.03, 0.07, 0.20, 0.40, 0.20, 0.07, 0.03),
}
DEFAULT_TABLE = "d2"


def bound(name: str = DEFAULT_TABLE) -> int:
    """The most any count (totals included) can move, either way."""
    return len(TABLES[name]) // 2


def chance_of_equal_noise(name: str = DEFAULT_TABLE) -> float:
    """How often two cells with independent keys get the same noise: the rate at which a
    difference of two perturbed counts is exact by luck, and the most the method allows."""
    return sum(probability * probability for probability in TABLES[name])


@cache
def noise_row(name: str, count: int) -> tuple[int, ...]:
    """The noise for each cell key 0–255 of a cell holding `count` people (count ≥ 1)."""
    spread = bound(name)
    noises = range(-spread, spread + 1)
    # A count never goes below 1: drop the noises that would, and share their weight out.
    weights = [weight if count + noise >= 1 else 0.0 for noise, weight in zip(noises, TABLES[name], strict=True)]
    total = sum(weights)
    cumulative = list(accumulate(weight / total for weight in weights))
    row, at = [], 0
    for key in range(KEY_RANGE):
        position = (key + 0.5) / KEY_RANGE
        while at < len(cumulative) - 1 and position > cumulative[at]:
            at += 1
        row.append(noises[at])
    return tuple(row)


def perturb(count: int, key_sum: int, name: str = DEFAULT_TABLE) -> int:
    """The published value of a cell of `count` people whose record keys sum to `key_sum`."""
    if count <= 0:
        return 0
    return count + noise_row(name, min(count, bound(name) + 1))[key_sum % KEY_RANGE]
