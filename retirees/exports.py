"""The roster with personal data as XLSX, for national admins only; every export is audited.

Written row by row (openpyxl write-only) into a temporary file, so memory stays flat, and
split across sheets because one sheet holds at most 1,048,576 rows.
"""
import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core import jalali
from core.audit import audit_export
from core.exports import XLSX_CONTENT_TYPE, neutralise

from . import crypto
from .models import Retiree

ROWS_PER_SHEET = 1_048_575


def roster_workbook_response(queryset, user, filters: dict) -> FileResponse:
    header = [_("national code"), _("first name"), _("last name"), _("gender"), _("birth date"), _("retirement date"),
              _("province"), _("county"), _("education"), _("field of study"), _("specialty / last job title"),
              _("former agency"), _("mobile"), _("consents to be contacted"), _("consents to recording children")]
    genders = dict(Retiree._meta.get_field("gender").choices)
    levels = dict(Retiree._meta.get_field("education").choices)
    yes, no = _("Yes"), _("No")
    workbook = Workbook(write_only=True)
    sheet, written, total = None, ROWS_PER_SHEET, 0
    rows = queryset.order_by("pk").values_list(
        "national_code_encrypted", "first_name", "last_name", "gender", "birth_date", "retirement_date",
        "province__name", "county__name", "education", "field_of_study", "specialty", "agency__name",
        "mobile_encrypted", "consent_contact", "consent_children",
    )
    for row in rows.iterator(chunk_size=5000):
        if written >= ROWS_PER_SHEET:
            sheet = workbook.create_sheet(title=f"{_('Retirees')} {len(workbook.worksheets) + 1}")
            sheet.sheet_view.rightToLeft = True
            sheet.append(header)
            written = 0
        code, first, last, gender, birth, retired, province, county, level, field, specialty, agency, mobile, contact, children = row
        sheet.append([
            crypto.decrypt(code), neutralise(first), neutralise(last), str(genders.get(gender, gender)),
            jalali.format_date(birth, persian_digits=False), jalali.format_date(retired, persian_digits=False),
            province, county or "", str(levels.get(level, level)), neutralise(field), neutralise(specialty),
            neutralise(agency or ""), crypto.decrypt(mobile), yes if contact else no, yes if children else no,
        ])
        written += 1
        total += 1
    if sheet is None:
        sheet = workbook.create_sheet(title=_("Retirees"))
        sheet.append(header)
    audit_export(Retiree, user, total, {**filters, "personal": "yes"})
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    stamp = jalali.format_date(timezone.localdate(), persian_digits=False).replace("/", "-")
    return FileResponse(handle, as_attachment=True, filename=f"roster-{stamp}.xlsx", content_type=XLSX_CONTENT_TYPE)
