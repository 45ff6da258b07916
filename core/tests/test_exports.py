import io

from openpyxl import load_workbook

from core.exports import build_workbook, neutralise


def test_formula_injection_is_neutralised():
    for payload in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "＝1"]:
        assert neutralise(payload).startswith("'")
    assert neutralise("علی") == "علی"
    assert neutralise(42) == 42


def test_workbook_is_right_to_left_and_keeps_persian():
    content = build_workbook("سفیران", ["نام", "تاریخ"], [["=cmd|' /C calc'!A0", "۱۴۰۵/۰۹/۰۵"], ["علی", "1405/09/05"]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "سفیران"
    assert sheet.sheet_view.rightToLeft
    assert sheet["A2"].value.startswith("'=")
    assert sheet["A2"].data_type == "s"
    assert sheet["B3"].value == "1405/09/05"
