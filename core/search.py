"""Search that ignores ی/ي, ک/ك, half-space and space differences and digit scripts.

Stored text is normalised on the way in; the database expression below repeats the
letter folding so rows written by any path still match.
"""
from django.core.exceptions import ValidationError
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat, Lower, Replace
from django.utils.translation import gettext_lazy as _

from .normalize import ZWNJ, search_key

# A search is a few words typed by a person. Thousands of words build an SQL expression
# too large for SQLite ("expression tree too large") after seconds of work: refuse them.
MAX_SEARCH_LENGTH = 100
MAX_SEARCH_WORDS = 8

_FOLDS = (("ي", "ی"), ("ى", "ی"), ("ك", "ک"), (ZWNJ, ""), (" ", ""))


def search_expression(*fields: str):
    parts = [Coalesce(F(name), Value(""), output_field=TextField()) for name in fields]
    expression = parts[0] if len(parts) == 1 else Concat(*parts, output_field=TextField())
    for old, new in _FOLDS:
        expression = Replace(expression, Value(old), Value(new), output_field=TextField())
    return Lower(expression, output_field=TextField())


def validate_search(value: str) -> None:
    if len(value or "") > MAX_SEARCH_LENGTH:
        raise ValidationError(
            _("Search for at most %(limit)d characters.") % {"limit": MAX_SEARCH_LENGTH}, code="search_too_long"
        )
    if len((value or "").split()) > MAX_SEARCH_WORDS:
        raise ValidationError(
            _("Search for at most %(limit)d words.") % {"limit": MAX_SEARCH_WORDS}, code="search_too_many_words"
        )


def search_queryset(queryset, fields: tuple[str, ...], query: str):
    """Rows whose fields contain every word of the query (at most MAX_SEARCH_WORDS of them)."""
    words = [search_key(word) for word in (query or "").split()[:MAX_SEARCH_WORDS]]
    words = [word for word in words if word]
    if not words or not fields:
        return queryset
    queryset = queryset.alias(_search=search_expression(*fields))
    for word in words:
        queryset = queryset.filter(_search__contains=word)
    return queryset
