"""Every user-facing string has a Persian translation and the committed .mo matches the .po."""
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "fa" / "LC_MESSAGES"


def test_every_entry_is_translated_in_persian_letters():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [entry.msgid for entry in po if not entry.obsolete and not entry.translated()]
    assert not missing, f"untranslated: {missing}"
    arabic = [entry.msgid for entry in po if "ي" in entry.msgstr or "ك" in entry.msgstr]
    assert not arabic, f"Arabic ي/ك in translations of: {arabic}"


def test_committed_mo_matches_the_po():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    expected = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in po if entry.translated()}
    actual = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo if entry.msgid}
    assert actual == expected, "run `make messages` (or scripts/compile-messages) and commit the .mo"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """makemessages over the source must find nothing the committed catalogue lacks."""
    root = Path(settings.BASE_DIR)
    work = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv", "var", "staticfiles", "node_modules", ".git", "__pycache__", "vendor", ".hypothesis", ".*cache"
    )
    shutil.copytree(root, work, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fa", "--no-obsolete"],
        cwd=work, check=True, capture_output=True, timeout=120,
    )
    fresh = polib.pofile(str(work / "locale" / "fa" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in fresh if not entry.translated()]
    assert not untranslated, f"strings without Persian translation: {untranslated}"
