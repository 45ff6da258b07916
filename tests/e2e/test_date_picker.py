"""The Jalali date picker, open: it sits below its field (not over the label or the error banner
above), its today/clear/close buttons and +/- buttons are large with enough contrast, Fridays
and days of other months are readable, and axe finds nothing serious with it open."""
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
