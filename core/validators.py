"""Validators for Iranian identifiers. Inputs are normalised first (digits to ASCII),
then checked with ASCII-only patterns: `\\d` and `str.isdigit()` accept Persian digits."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .normalize import normalize_digits

_TEN_ASCII_DIGITS = re.compile(r"^[0-9]{10}$")
_MOBILE = re.compile(r"^09[0-9]{9}$")


def national_code_is_valid(code: str) -> bool:
    """Iranian national code (کد ملی): 10 digits, mod-11 check digit, not all the same digit."""
    if not _TEN_ASCII_DIGITS.match(code or "") or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = int(code[9])
    return check == total if total < 2 else check == 11 - total


def normalize_national_code(value: str | None) -> str:
    code = normalize_digits(value).replace("-", "")
    # Spreadsheets drop leading zeros: 8 or 9 digits are padded back.
    if code.isascii() and code.isdigit() and 8 <= len(code) < 10:
        code = code.zfill(10)
    return code


def validate_national_code(value: str) -> None:
    if not national_code_is_valid(value):
        raise ValidationError(
            _("This national code is not valid. Check the ten digits on the national card."),
            code="invalid_national_code",
        )


def normalize_mobile(value: str | None) -> str:
    number = normalize_digits(value).replace("-", "").replace("(", "").replace(")", "")
    if number.startswith("+98"):
        number = "0" + number[3:]
    elif number.startswith("0098"):
        number = "0" + number[4:]
    elif number.startswith("98") and len(number) == 12:
        number = "0" + number[2:]
    elif number.startswith("9") and len(number) == 10:
        number = "0" + number
    return number


def mobile_is_valid(number: str) -> bool:
    return bool(_MOBILE.match(number or ""))


def validate_mobile(value: str) -> None:
    if not mobile_is_valid(value):
        raise ValidationError(
            _("Enter an 11-digit mobile number starting with 09, for example 09121234567."),
            code="invalid_mobile",
        )


def generate_national_code(prefix: int) -> str:
    """A valid national code from a nine-digit prefix (demo data and tests)."""
    body = f"{prefix % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    check = total if total < 2 else 11 - total
    code = body + str(check)
    return code if len(set(code)) > 1 else generate_national_code(prefix + 1)
