"""Roster import, part 1 of 3 — rows: one file row in, database values or reasons out.

Normalised digits and letters, the national-code checksum, Jalali or Gregorian dates, province
and county by name (with the alias table, geo.CountyAlias) or code, education as rosters write
it (the EducationAlias table, retirees/education.py), duplicates within the file. The field-level policy:
a row is rejected only when the person cannot be identified (national code missing, invalid or
repeated in the file) or a required field is missing; any other bad value is left empty with a
warning, and the person is saved. Rows of another province than the import's are skipped.
"""
import datetime
import os
from dataclasses import dataclass, field
from operator import mul

from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.normalize import normalize_digits, normalize_text, search_key
from core.validators import (
    normalize_mobile,
    normalize_national_code,
)
from geo.matching import place_key
from geo.models import County, CountyAlias, Province

from . import crypto
from .education import education_table
from .models import Agency, Retiree, education_key
from .roster_files import FIELDS

GENDERS = {
    **dict.fromkeys(["زن", "خانم", "مونث", "مؤنث", "f", "female", "woman", "2"], "female"),
    **dict.fromkeys(["مرد", "آقا", "اقا", "مذکر", "m", "male", "man", "1"], "male"),
}
YES_NO = {
    **dict.fromkeys(["بله", "آری", "اری", "دارد", "yes", "y", "true", "1"], True),
    **dict.fromkeys(["خیر", "نه", "ندارد", "no", "n", "false", "0"], False),
}
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
# The order in which RowChecker reads a row's fields.
ROW_FIELDS = (
    "national_code", "first_name", "last_name", "gender", "birth_date", "retirement_date", "province", "county",
    "education", "field_of_study", "specialty", "agency", "mobile", "consent_contact", "consent_children",
)


_CHECK_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_ASCII_ZERO_WEIGHTED = 48 * sum(_CHECK_WEIGHTS)


def _checksum_ok(code: str) -> bool:
    """core.validators.national_code_is_valid for a code already known to be ten ASCII digits, faster."""
    if code == code[0] * 10:
        return False
    digits = code.encode()
    total = (sum(map(mul, digits[:9], _CHECK_WEIGHTS)) - _ASCII_ZERO_WEIGHTED) % 11
    check = digits[9] - 48
    return check == total if total < 2 else check == 11 - total


@dataclass
class Rejection:
    sheet: str
    line: int
    column: str
    reason: str
    value: str
    values: list


# Why a row is rejected (the person cannot be identified, or a required field is missing) or
# saved with a warning (an optional value left empty): cell message and summary sentence.
REJECTIONS = {
    "required": (_("This column is empty; it is required."), _("%(count)s rows rejected: a required column is empty")),
    "national_code": (_("Not a valid national code (check digit does not match)."),
                      _("%(count)s rows rejected: the national code is not valid")),
    "duplicate": (_("This national code appears earlier in the file; the first row was kept."),
                  _("%(count)s rows rejected: the national code appears earlier in the file")),
    "gender": (_("Unknown gender; write زن or مرد."), _("%(count)s rows rejected: gender not recognised")),
    "date": (_("Not a date. Write a Jalali date such as 1340/05/12 or a Gregorian one such as 1961-08-03."),
             _("%(count)s rows rejected: the birth date cannot be read")),
    "birth_range": (_("This birth date is not plausible for a retiree."),
                    _("%(count)s rows rejected: the birth date is not plausible")),
    "province": (_("Unknown province."), _("%(count)s rows rejected: province not recognised")),
}
WARNINGS = {
    "retirement_date": (_("The retirement date cannot be read; saved without it."),
                        _("%(count)s people saved without a retirement date that could not be read")),
    "retired_before_born": (_("The retirement date comes before the birth date; saved without it."),
                            _("%(count)s people saved without a retirement date before their birth date")),
    "retired_in_future": (_("The retirement date is in the future; saved without it."),
                          _("%(count)s people saved without a retirement date in the future")),
    "county": (_("Unknown county in this province; saved without a county."),
               _("%(count)s people saved with an unknown county")),
    "county_split": (_("This county has since been split; saved in the county that kept its seat. Check it."),
                     _("%(count)s people saved in the successor of a county since split")),
    "county_moved": (_("This county now belongs to another province; saved there."),
                     _("%(count)s people saved in the province their county moved to")),
    "county_moved_out": (_("This county now belongs to another province; saved in this province without a county."),
                         _("%(count)s people saved without a county that moved to another province")),
    "education": (_("Unknown education level; saved without it."),
                  _("%(count)s people saved with an unknown education level")),
    "mobile": (_("Not a mobile number (11 digits starting with 09); saved without it."),
               _("%(count)s people saved without a mobile number that was not valid")),
    "yes_no": (_("Not بله or خیر; saved as no consent."), _("%(count)s people saved without a consent that could not be read")),
    "too_long": (_("Too long for this column; saved without it."), _("%(count)s people saved without a value too long to keep")),
}
MAX_UNKNOWN_VALUES = 300  # distinct unrecognised values kept for mapping


def reason_summary(roster_import) -> dict[str, list[str]]:
    """Plain sentences, most frequent first: {"rejected": […], "warned": […]} (result page, workbook)."""
    from core.display import number

    summary = {}
    for kind, table in (("rejected", REJECTIONS), ("warned", WARNINGS)):
        counts = (roster_import.reasons or {}).get(kind, {})
        summary[kind] = [
            str(table[reason][1]) % {"count": number(count)}
            for reason, count in sorted(counts.items(), key=lambda item: -item[1]) if reason in table
        ]
    return summary


def text_limit(name: str) -> int:
    return Retiree._meta.get_field(name).max_length


@dataclass
class RowChecker:
    """Turns one file row into database values, or explains why the person cannot be saved.

    `check` returns (row, rejections); a saved row's warnings (an optional value left empty)
    are in `self.warnings` after the call, and `self.skipped` says a row of another province
    was passed over."""

    headers: list[str]
    mapping: dict[str, str]
    fixed_province: Province | None
    today: datetime.date = field(default_factory=timezone.localdate)
    # False in the checking process of a parallel import (retirees/pipeline.py), which must not
    # write to the database: a name new to the managed list is then left in the row as the
    # name (a str), for the writing process to resolve with its own checker's `agency_id`.
    create_agencies: bool = True

    def __post_init__(self):
        position = {header: index for index, header in enumerate(self.headers)}
        self.column = {name: header for header, name in self.mapping.items() if name}
        self.index = {name: position[header] for name, header in self.column.items()}
        self.width = len(self.headers) + 1  # rows are padded to this; the last cell is always empty
        self.padding = [""] * self.width
        self.positions = tuple(self.index.get(name, -1) for name in ROW_FIELDS)
        self.fixed_province_id = self.fixed_province.pk if self.fixed_province else None
        self.provinces_seen: set[int] = set()
        self.agency_ids: dict[str, int] = {}
        self.agency_keys = dict(Agency.objects.values_list("key", "pk"))
        self.provinces = {}
        for province in Province.objects.all():
            for spelling in (province.name, province.code, province.name_en, province.pk):
                if spelling:
                    self.provinces[search_key(str(spelling))] = province.pk
        self.counties, self.county_province = {}, {}
        for county in County.objects.all():
            self.counties[(county.province_id, place_key(county.name))] = county.pk
            self.county_province[county.pk] = county.province_id
            if county.code:
                self.counties[(county.province_id, county.code)] = county.pk
        self.aliases = {
            (alias.province_id, alias.key): (alias.county_id, alias.kind)
            for alias in CountyAlias.objects.only("province_id", "key", "county_id", "kind")
        }
        self.education = education_table()
        self.limits = {name: text_limit(name) for name in ("first_name", "last_name", "field_of_study", "specialty")}
        self.limits["agency"] = Agency._meta.get_field("name").max_length
        # Below this no free-text value needs measuring against its own limit (the row check's fast path).
        self.shortest_limit = min(self.limits[name] for name in ("field_of_study", "specialty", "agency"))
        self.seen_codes: set[int] = set()
        self.text_cache: dict[str, str] = {}
        self.key_cache: dict[str, str] = {}
        self.date_cache: dict = {}
        self.gender_cache, self.province_cache, self.education_cache, self.yes_no_cache = {}, {}, {}, {}
        self.county_cache: dict = {}
        self.protect, self.blind_index = crypto.cipher_and_index()
        self.latest_birth = self.today.replace(year=self.today.year - 30)
        self.messages = {reason: str(texts[0]) for reason, texts in {**REJECTIONS, **WARNINGS}.items()}
        self.reasons = {"rejected": {}, "warned": {}}
        self.unknown: dict[tuple, int] = {}
        self.unknown_education: dict[tuple, int] = {}
        self.warnings: list = []
        self.skipped = False
        self.record_keys, self.record_key_at = os.urandom(65536), 0
        # While an old data key is still configured, rows stored under it are found by their old
        # blind index and rewritten under the current key (`rekeys`), so no one is added twice.
        self.rekeying = crypto.needs_rekeying()
        self.rekeys: list[tuple[list[bytes], bytes, bytes]] = []

    # -- small cached normalisers (names and places repeat a lot in a roster) --------------
    def text(self, value) -> str:
        cached = self.text_cache.get(value)
        if cached is None:
            if len(self.text_cache) > 200_000:
                self.text_cache.clear()
            cached = self.text_cache[value] = normalize_text(value)
        return cached

    def folded(self, value: str) -> str:
        cached = self.key_cache.get(value)
        if cached is None:
            if len(self.key_cache) > 200_000:
                self.key_cache.clear()
            cached = self.key_cache[value] = search_key(value)
        return cached

    def date(self, value):
        """A date, None when empty, or False when it cannot be read."""
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        cached = self.date_cache.get(value)
        if cached is None:
            if len(self.date_cache) > 200_000:
                self.date_cache.clear()
            text = str(value).split(" ")[0].split("T")[0]
            if not text.isascii():  # ASCII needs no normalising: no other digits, no invisible marks
                text = normalize_digits(text)
            if len(text) == 8 and text.isascii() and text.isdigit():  # 13400512
                text = f"{text[:4]}/{text[4:6]}/{text[6:]}"
            try:
                cached = jalali.parse_date(text)
            except ValueError:
                cached = False
            self.date_cache[value] = cached
        return cached

    def lookup(self, cache: dict, raw, table: dict):
        """A reference value (province, gender, level) by its spelling, cached by the raw text."""
        found = cache.get(raw)
        if found is None and raw not in cache:
            found = cache[raw] = table.get(self.folded(self.text(str(raw))))
        return found

    def county(self, province_id: int, raw: str) -> tuple:
        """(county id or None, province id it moves the person to or None, warning or None)."""
        found = self.county_cache.get((province_id, raw))
        if found is None:
            key = place_key(self.text(raw))
            county_id = self.counties.get((province_id, key))
            found = (county_id, None, None)
            if county_id is None:
                county_id, kind = self.aliases.get((province_id, key), (None, None))
                if county_id is None:
                    found = (None, None, "county")
                elif kind == CountyAlias.Kind.SPLIT:
                    found = (county_id, None, "county_split")
                elif kind == CountyAlias.Kind.MOVED and self.county_province[county_id] != province_id:
                    if self.fixed_province_id:  # the file's province keeps the person; the county is elsewhere
                        found = (None, None, "county_moved_out")
                    else:
                        found = (county_id, self.county_province[county_id], "county_moved")
                else:
                    found = (county_id, None, None)
            self.county_cache[(province_id, raw)] = found
        return found

    def check(self, values: list) -> tuple[list | None, list[tuple[str, str, str]]]:
        """(database row, []) for a person to save; (None, [(column, reason, value), …]) otherwise.

        Written flat on purpose: it runs 1.5 million times per national import."""
        if len(values) < self.width:
            values = values + self.padding[len(values):]
        (at_code, at_first, at_last, at_gender, at_birth, at_retired, at_province, at_county, at_education,
         at_field, at_specialty, at_agency, at_mobile, at_contact, at_children) = self.positions
        text, errors, warnings, limits = self.text, [], [], self.limits
        self.warnings, self.skipped = warnings, False

        province_id = self.fixed_province_id
        province_text = values[at_province].strip()
        if province_text:
            found = self.lookup(self.province_cache, province_text, self.provinces)
            if found is None:
                self.fail(errors, values, "province", "province")
            elif province_id and found != province_id:
                # Not this import's: passed over, counted once, not listed as rejected.
                self.skipped = True
                return None, []
            else:
                province_id = found
        elif province_id is None:
            self.fail(errors, values, "province", "required")

        code = values[at_code].strip()
        if not (len(code) == 10 and code.isascii() and code.isdigit()):
            code = normalize_national_code(code)
        if not code:
            self.fail(errors, values, "national_code", "required")
        elif not (len(code) == 10 and code.isascii() and code.isdigit() and _checksum_ok(code)):
            self.fail(errors, values, "national_code", "national_code")
        elif int(code) in self.seen_codes:
            self.fail(errors, values, "national_code", "duplicate")

        first_name, last_name = text(values[at_first].strip()), text(values[at_last].strip())
        if not first_name:
            self.fail(errors, values, "first_name", "required")
        if not last_name:
            self.fail(errors, values, "last_name", "required")
        first_name, last_name = first_name[:limits["first_name"]], last_name[:limits["last_name"]]

        gender_text = values[at_gender].strip()
        gender = GENDERS.get(gender_text) or self.lookup(self.gender_cache, gender_text, GENDERS)
        if gender is None:
            self.fail(errors, values, "gender", "gender" if gender_text else "required")

        birth = self.date(values[at_birth].strip())
        if birth is None:
            self.fail(errors, values, "birth_date", "required")
        elif birth is False:
            self.fail(errors, values, "birth_date", "date")
        elif not EARLIEST_BIRTH <= birth <= self.latest_birth:
            self.fail(errors, values, "birth_date", "birth_range")

        if errors:
            reasons = self.reasons["rejected"]
            for reason in {error[1] for error in errors}:
                reasons[reason] = reasons.get(reason, 0) + 1
            errors[:] = [(column, self.messages[reason], value) for column, reason, value in errors]
            return None, errors

        # The person can be identified: from here on a bad value is left empty with a warning.
        retired = self.date(values[at_retired].strip())
        if retired is False:
            self.fail(warnings, values, "retirement_date", "retirement_date")
            retired = None
        elif retired and retired <= birth:
            self.fail(warnings, values, "retirement_date", "retired_before_born")
            retired = None
        elif retired and retired > self.today:
            self.fail(warnings, values, "retirement_date", "retired_in_future")
            retired = None

        county_id = None
        county_text = values[at_county].strip()
        if county_text:
            county_id, moved_to, warning = self.county(province_id, county_text)
            if warning:
                self.fail(warnings, values, "county", warning)
                unknown = (province_id, county_text)
                if warning == "county" and (unknown in self.unknown or len(self.unknown) < MAX_UNKNOWN_VALUES):
                    self.unknown[unknown] = self.unknown.get(unknown, 0) + 1
            if moved_to:
                province_id = moved_to

        education = ""
        education_text = values[at_education].strip()
        if education_text:
            education = self.education_cache.get(education_text)
            if education is None:
                education = self.education_cache[education_text] = self.education.get(
                    education_key(self.text(education_text)), "")
            if not education:
                self.fail(warnings, values, "education", "education")
                unknown = (None, education_text)
                if unknown in self.unknown_education or len(self.unknown_education) < MAX_UNKNOWN_VALUES:
                    self.unknown_education[unknown] = self.unknown_education.get(unknown, 0) + 1

        field_of_study = text(values[at_field].strip())
        specialty = text(values[at_specialty].strip())
        agency = text(values[at_agency].strip())
        shortest = self.shortest_limit
        if len(field_of_study) > shortest or len(specialty) > shortest or len(agency) > shortest:
            if len(field_of_study) > limits["field_of_study"]:
                self.fail(warnings, values, "field_of_study", "too_long")
                field_of_study = ""
            if len(specialty) > limits["specialty"]:
                self.fail(warnings, values, "specialty", "too_long")
                specialty = ""
            if len(agency) > limits["agency"]:
                self.fail(warnings, values, "agency", "too_long")
                agency = ""

        mobile = values[at_mobile].strip()
        if mobile and not (len(mobile) == 11 and mobile.startswith("09") and mobile.isascii() and mobile.isdigit()):
            mobile = normalize_mobile(str(mobile))
            if not (len(mobile) == 11 and mobile.startswith("09") and mobile.isascii() and mobile.isdigit()):
                self.fail(warnings, values, "mobile", "mobile")
                mobile = ""

        consents = [False, False]
        for position, (name, at) in enumerate((("consent_contact", at_contact), ("consent_children", at_children))):
            answer = values[at].strip()
            if answer:
                consents[position] = YES_NO.get(answer)
                if consents[position] is None:
                    consents[position] = self.lookup(self.yes_no_cache, answer, YES_NO)
                if consents[position] is None:
                    self.fail(warnings, values, name, "yes_no")
                    consents[position] = False

        if warnings:
            reasons = self.reasons["warned"]
            for reason in {warning[1] for warning in warnings}:
                reasons[reason] = reasons.get(reason, 0) + 1
            warnings[:] = [(column, self.messages[reason], value) for column, reason, value in warnings]
        self.seen_codes.add(int(code))
        self.provinces_seen.add(province_id)
        folded, protect = self.folded, self.protect
        at = self.record_key_at
        if at >= 65536:
            self.record_keys, at = os.urandom(65536), 0
        self.record_key_at = at + 1
        index = self.blind_index(code)
        encrypted = protect(code)
        if self.rekeying:
            self.rekeys.append((crypto.old_indexes(code), index, encrypted))
        return [
            encrypted, index, first_name, last_name, gender, birth, retired,
            province_id, county_id, education, field_of_study, specialty, self.agency_id(agency) if agency else None,
            protect(mobile), folded(field_of_study), folded(specialty), consents[0], consents[1], self.record_keys[at],
        ], []

    def agency_id(self, name: str) -> int | str:
        """The former agency by its name however spelled; a name new to the managed list joins it
        (or, with `create_agencies` off, is returned as it is)."""
        found = self.agency_ids.get(name)
        if found is None:
            key = search_key(name)
            found = self.agency_keys.get(key)
            if found is None and not self.create_agencies:
                found = name
            elif found is None:
                found = self.agency_keys[key] = Agency.objects.get_or_create(key=key, defaults={"name": name})[0].pk
            self.agency_ids[name] = found
        return found

    def fail(self, problems, values, name, reason):
        index = self.index.get(name, -1)
        value = values[index] if index < len(values) else ""
        problems.append((self.column.get(name, str(FIELDS.get(name, name))), reason, value.strip()))

    def found(self) -> tuple[dict, list]:
        """Copies of the counts by reason and the unrecognised values so far (for the writer thread)."""
        return {kind: dict(counts) for kind, counts in self.reasons.items()}, self.unknown_values()

    def unknown_values(self) -> list[dict]:
        """Unrecognised counties and education values, most frequent first, for a national admin
        to map once."""
        return [
            {"field": name, "province": province_id, "value": value, "rows": rows}
            for name, found in (("county", self.unknown), ("education", self.unknown_education))
            for (province_id, value), rows in sorted(found.items(), key=lambda item: -item[1])
        ]
