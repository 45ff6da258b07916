"""Education levels as rosters write them: the EducationAlias table (value → level, with its
source), loaded from retirees/data/education_levels.json and grown by national admins mapping
unrecognised values once on an import's page (services.rosterimport_map_values).

Numeric codes are read only through a named code list of that table, and only the list a
national admin chose in the roster settings (RosterSettings.education_codes): a «۴» means
"diploma" in one HR system and something else in another, so nothing is assumed.
"""
import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "education_levels.json"


def data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def load_education_aliases(alias_model=None) -> int:
    """Insert or update the spellings and code lists of the data file; safe to run again.
    Values mapped by national admins are left as they are."""
    from .models import EducationAlias, education_key

    model = alias_model or EducationAlias
    table = data()
    loaded = 0
    for level, spellings in table["spellings"].items():
        for spelling in [*spellings, level]:
            key = education_key(spelling)
            if model.objects.filter(code_list="", key=key, kind="mapped").exists():
                continue
            model.objects.update_or_create(code_list="", key=key, defaults={
                "name": spelling[:model._meta.get_field("name").max_length], "level": level, "kind": "spelling", "note": "retirees/data/education_levels.json"})
            loaded += 1
    for name, code_list in table["code_lists"].items():
        for code, level in code_list["codes"].items():
            model.objects.update_or_create(code_list=name, key=education_key(code), defaults={
                "name": code, "level": level, "kind": "code", "note": f"code list {name} (retirees/data/education_levels.json)"})
            loaded += 1
    return loaded


def education_table(code_list: str | None = None) -> dict[str, str]:
    """{matching key: level}: every spelling and mapped value, and the codes of `code_list`
    (the roster settings' choice when None; no codes when that is empty)."""
    from .models import EducationAlias, RosterSettings

    if code_list is None:
        code_list = RosterSettings.current().education_codes
    table: dict[str, str] = {}
    rows = EducationAlias.objects.filter(code_list__in={"", code_list}).values_list("code_list", "key", "level")
    # A mapped or spelled value wins over a code with the same key.
    for _listed, key, level in sorted(rows, key=lambda item: item[0] == ""):
        table[key] = level
    return table


def ensure_reference_data() -> None:
    """The spellings and code lists, when the table is empty (core.registry `reference`)."""
    from .models import EducationAlias

    if not EducationAlias.objects.exists():
        load_education_aliases()
