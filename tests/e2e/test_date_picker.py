"""The Jalali date picker, open: it sits below its field (not over the label or the error banner
above), its today/clear/close buttons and +/- buttons are large with enough contrast, Fridays
and days of other months are readable, and axe finds nothing serious with it open."""
import re

from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from core.roles import Role
from geo.testing import make_province
from partners.testing import make_organization

from .conftest import check_accessibility, sign_in


def test_the_open_picker_is_below_its_field_large_and_readable(live_server, page):
    tehran = make_province("23")
    make_organization(tehran)
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")
    page.set_viewport_size({"width": 1280, "height": 640})
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/meetings/request/")
    page.get_by_role("button", name="ذخیره").click()  # nothing filled in: errors and their banner
    banner = page.locator(".alert-danger").first
    expect(banner).to_be_visible()

    field = page.get_by_label("تاریخ پیشنهادی")
    # The field low on the screen: a picker opening upwards would cover its label and the banner.
    field.evaluate("element => { element.scrollIntoView({block: 'end'}); }")
    field.click()
    picker = page.locator("jdp-container")
    expect(picker).to_be_visible()
    page.wait_for_timeout(400)  # its opening animation
    box, field_box = picker.bounding_box(), field.bounding_box()
    assert box["y"] >= field_box["y"] + field_box["height"] - 1, (box, field_box)
    assert box["y"] + box["height"] <= 640 + 1  # all of it on screen

    for name in ("امروز", "خالی", "بستن"):
        button = picker.locator(".jdp-footer > div", has_text=name)
        expect(button).to_be_visible()
        size = button.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, (name, size)
    for sign in picker.locator(".jdp-icon-plus, .jdp-icon-minus").all():
        size = sign.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44
    colours = page.evaluate("""() => {
        const style = selector => { const el = document.querySelector(selector); return el && getComputedStyle(el); };
        return {
          today: style('jdp-container .jdp-btn-today').backgroundColor,
          friday: style('jdp-container .jdp-day.last-week:not(.not-in-month)').color,
          other: style('jdp-container .jdp-day.not-in-month') ? style('jdp-container .jdp-day.not-in-month').opacity : '1',
        };
    }""")
    assert colours == {"today": "rgb(11, 85, 99)", "friday": "rgb(166, 30, 43)", "other": "1"}, colours
    check_accessibility(page, "meeting request with the date picker open")

    picker.locator(".jdp-btn-today").click()
    expect(field).not_to_have_value("")


def test_a_date_is_chosen_with_the_keyboard_alone(live_server, page):
    """Down arrow from the field moves into the month; arrows, Page Down and Enter choose a day,
    whose whole Persian date each day button carries and the live region announces; Escape
    closes back to the field; Tab walks through the picker and out of it (no trap)."""
    tehran = make_province("23")
    make_organization(tehran)
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.goto(f"{live_server.url}/meetings/request/")
    field = page.get_by_label("تاریخ پیشنهادی")
    picker = page.locator("jdp-container")
    assert "date-picker-keys" in field.get_attribute("aria-describedby")

    field.focus()  # as Tab reaches it
    page.keyboard.press("ArrowDown")
    focused = page.locator("jdp-container .jdp-day:focus")
    expect(focused).to_have_attribute("role", "button")
    expect(focused).to_have_attribute("aria-current", "date")  # no date yet: today first
    expect(picker).to_have_attribute("role", "dialog")
    expect(picker).to_have_attribute("aria-label", "تقویم")
    check_accessibility(page, "meeting request with the date picker open, a day focused")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 3

    today = focused.get_attribute("aria-label")
    page.keyboard.press("PageDown")  # next month, same day (or its last)
    page.keyboard.press("ArrowLeft")  # right to left: the next day
    page.keyboard.press("ArrowDown")  # a week later
    chosen = page.locator("jdp-container .jdp-day:focus")
    label = chosen.get_attribute("aria-label")
    assert label != today and re.fullmatch(r"[۰-۹]+ \S+ [۰-۹]{4}", label), label
    year, month, day = page.evaluate("[document.activeElement.year, document.activeElement.month, document.activeElement.day]")
    page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    expect(field).to_be_focused()
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    expect(field).to_have_value(f"{year}/{month:02d}/{day:02d}".translate(digits))
    expect(page.locator("#date-picker-status")).to_have_text(f"تاریخ انتخاب شد: {label}")

    # Opened again it starts on the chosen day; Escape closes it and leaves the focus in the field.
    page.keyboard.press("ArrowDown")
    expect(page.locator("jdp-container .jdp-day:focus")).to_have_attribute("aria-label", label)
    expect(page.locator("jdp-container .jdp-day:focus")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)  # the library ends its opening 300 ms after it starts: still closed
    expect(picker).to_be_hidden()
    expect(field).to_be_focused()
    expect(field).to_have_value(f"{year}/{month:02d}/{day:02d}".translate(digits))

    # Tab walks the picker's buttons and then leaves it for what follows the field; Shift+Tab from
    # the year list returns to the field. The focus is never held.
    page.keyboard.press("ArrowDown")
    for _ in range(6):
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('jdp-container')"):
            break
    page.wait_for_timeout(400)
    expect(picker).to_be_hidden()
    assert page.evaluate("document.activeElement !== document.body && !document.activeElement.closest('jdp-container')")
    field.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Tab")
    expect(page.locator("jdp-container .jdp-month select")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the next month from the list: the list keeps the focus
    expect(page.locator("jdp-container .jdp-month select")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator("jdp-container .jdp-year select")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(field).to_be_focused()

    field.press("Control+a")
    page.keyboard.type("۱۴۰۵/۱۰/۰۱")
    expect(field).to_have_value("۱۴۰۵/۱۰/۰۱")
    field.fill("1405/10/02")
    expect(field).to_have_value("1405/10/02")


def test_on_the_english_pages_the_picker_names_the_months_in_english(live_server, page):
    """The picker's month list, weekday heads and each day's spoken name follow the page's
    language (base.html's #date-picker-text): Farvardin…Esfand on the English pages."""
    tehran = make_province("23")
    make_organization(tehran)
    make_user(Role.COORDINATOR, tehran, username="tehran.coord")
    sign_in(page, live_server, "tehran.coord", PASSWORD)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/meetings/request/")
    field = page.get_by_label(re.compile("^Proposed date"))
    field.focus()
    page.keyboard.press("ArrowDown")
    months = page.locator("jdp-container .jdp-month select option")
    expect(months.first).to_have_text("Farvardin")
    expect(months.last).to_have_text("Esfand")
    expect(page.locator("jdp-container .jdp-day-name").first).to_have_text("Sa")
    label = page.locator("jdp-container .jdp-day:focus").get_attribute("aria-label")
    assert re.fullmatch(r"[۰-۹]+ (Farvardin|Ordibehesht|Khordad|Tir|Mordad|Shahrivar|Mehr|Aban|Azar|Dey|Bahman|Esfand) [۰-۹]{4}", label), label
    page.keyboard.press("Escape")
