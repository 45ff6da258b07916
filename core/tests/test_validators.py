import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.validators import (
    generate_national_code,
    national_code_is_valid,
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
)


def reference_check_digit(body: str) -> int:
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
    return total if total < 2 else 11 - total


@given(st.integers(min_value=1, max_value=10**9 - 2))
def test_generated_codes_satisfy_the_checksum(prefix):
    code = generate_national_code(prefix)
    assert len(code) == 10 and code.isdigit()
    assert int(code[9]) == reference_check_digit(code[:9])
    assert national_code_is_valid(code)


@given(st.integers(min_value=1, max_value=10**9 - 2), st.integers(min_value=1, max_value=9))
def test_a_changed_check_digit_is_rejected(prefix, shift):
    code = generate_national_code(prefix)
    wrong = code[:9] + str((int(code[9]) + shift) % 10)
    assert not national_code_is_valid(wrong)


@pytest.mark.parametrize("code", ["0013542419", "0499370899", "1111111111"[:-1] + "2"])
def test_known_codes(code):
    assert national_code_is_valid(code) == (code != "1111111112")


def test_same_digit_codes_and_non_ascii_are_rejected():
    assert not national_code_is_valid("0000000000")
    assert not national_code_is_valid("۰۰۱۳۵۴۲۴۱۹")  # normalise first
    assert national_code_is_valid(normalize_national_code("۰۰۱۳۵۴۲۴۱۹"))


def test_lost_leading_zeros_are_restored():
    assert normalize_national_code("13542419") == "0013542419"


@pytest.mark.parametrize("raw", ["09121234567", "+989121234567", "00989121234567", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "9121234567"])
def test_mobile_forms_normalise(raw):
    assert normalize_mobile(raw) == "09121234567"
    validate_mobile(normalize_mobile(raw))


def test_bad_mobile_message_says_what_to_do():
    with pytest.raises(ValidationError) as error:
        validate_mobile("0912123")
    assert "09" in str(error.value) or "۰۹" in str(error.value)
