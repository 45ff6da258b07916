from hypothesis import given
from hypothesis import strategies as st

from core.normalize import ZWNJ, normalize_digits, normalize_text, search_key, to_persian_digits

PERSIAN_WORDS = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ", min_size=1, max_size=8)


def test_arabic_letters_become_persian():
    assert normalize_text("علي كريمي") == "علی کریمی"


def test_invisible_marks_and_spaces_are_cleaned():
    assert normalize_text("  محمد\u200f  رضا\u200b ") == "محمد رضا"
    assert normalize_text("می" + ZWNJ + ZWNJ + "رود") == "می" + ZWNJ + "رود"
    assert normalize_text("می " + ZWNJ + "رود") == "می رود"


def test_digits_of_every_script_become_ascii():
    assert normalize_digits("۰۹۱۲ ١٢٣ 45") == "091212345"


@given(st.integers(min_value=0, max_value=10**12))
def test_persian_digits_round_trip(number):
    assert normalize_digits(to_persian_digits(str(number))) == str(number)


@given(st.lists(PERSIAN_WORDS, min_size=1, max_size=4))
def test_search_key_ignores_yeh_kaf_halfspace_and_space(words):
    persian = ZWNJ.join(words)
    arabic = " ".join(words).replace("ی", "ي").replace("ک", "ك")
    assert search_key(persian) == search_key(arabic) == search_key("".join(words))


@given(st.text())
def test_normalisation_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
