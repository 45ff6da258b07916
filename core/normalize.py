"""Persian text normalisation shared by forms, imports and search.

Users type with Persian, Arabic or Windows keyboards, so the same word arrives as
ي/ی, ك/ک, with or without a zero-width non-joiner, and with Persian, Arabic-Indic
or ASCII digits. We store one canonical form and compare through `search_key`.
"""
import re

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

_TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", PERSIAN_DIGITS)
_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # Arabic alef maksura
        "ك": "ک",  # Arabic kaf
        "\u200b": None,  # zero-width space
        "\u200d": None,  # zero-width joiner
        "\u200e": None,  # left-to-right mark
        "\u200f": None,  # right-to-left mark
        "\u202a": None, "\u202b": None, "\u202c": None, "\u202d": None, "\u202e": None,
        "\ufeff": None,  # byte-order mark
        "\u0640": None,  # tatweel (kashida)
        "\u00a0": " ",  # no-break space
    }
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_ZWNJ_RUN = re.compile(ZWNJ + r"{2,}")
# ZWNJ next to a space or at an edge carries no meaning.
_ZWNJ_EDGE = re.compile(rf"\s*{ZWNJ}\s+|\s+{ZWNJ}\s*|^{ZWNJ}+|{ZWNJ}+$")


def to_ascii_digits(value: str) -> str:
    return value.translate(_TO_ASCII_DIGITS)


def to_persian_digits(value: str) -> str:
    return value.translate(_TO_PERSIAN_DIGITS)


def normalize_text(value: str | None) -> str:
    """Canonical stored form: Persian letters, no invisible marks, single spaces."""
    if not value:
        return ""
    value = value.translate(_LETTERS)
    value = _ZWNJ_RUN.sub(ZWNJ, value)
    value = _ZWNJ_EDGE.sub(" ", value)
    return _SPACES.sub(" ", value).strip()


def normalize_digits(value: str | None) -> str:
    """Codes and numbers: ASCII digits, no spaces or invisible marks."""
    if not value:
        return ""
    return re.sub(r"\s+", "", normalize_text(to_ascii_digits(value)))


def search_key(value: str | None) -> str:
    """What search compares: letters and digits unified, half-spaces and spaces dropped."""
    text = normalize_text(to_ascii_digits(value or ""))
    return text.replace(ZWNJ, "").replace(" ", "").casefold()
