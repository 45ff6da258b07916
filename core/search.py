"""Search that ignores ی/ي, ک/ك, half-space and space differences and digit scripts.

Stored text is normalised on the way in; the database expression below repeats the
letter folding so rows written by any path still match.
"""
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat, Lower, Replace

from .normalize import ZWNJ, search_key

_FOLDS = (("ي", "ی"), ("ى", "ی"), ("ك", "ک"), (ZWNJ, ""), (" ", ""))


def search_expression(*fields: str):
    parts = [Coalesce(F(name), Value(""), output_field=TextField()) for name in fields]
    expression = parts[0] if len(parts) == 1 else Concat(*parts, output_field=TextField())
    for old, new in _FOLDS:
        expression = Replace(expression, Value(old), Value(new), output_field=TextField())
    return Lower(expression, output_field=TextField())


def search_queryset(queryset, fields: tuple[str, ...], query: str):
    """Rows whose fields contain every word of the query."""
    words = [search_key(word) for word in (query or "").split()]
    words = [word for word in words if word]
    if not words or not fields:
        return queryset
    queryset = queryset.alias(_search=search_expression(*fields))
    for word in words:
        queryset = queryset.filter(_search__contains=word)
    return queryset
