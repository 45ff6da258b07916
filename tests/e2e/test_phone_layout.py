"""On a 360 px phone the main pages fit the screen (tables scroll inside their box) and the menu opens;
on desktop widths the full menu fits too."""
from playwright.sync_api import expect

from accounts.testing import PASSWORD, make_user
from ambassadors.testing import make_ambassador
from core.roles import Role
from geo.testing import make_province

from .conftest import check_accessibility, sign_in


def test_pages_fit_a_small_phone(live_server, browser):
    province = make_province("23")
    for _ in range(3):
        make_ambassador(province, status="active", expertise="آموزش بهداشت و سلامت سالمندان در محله")
    make_user(Role.COORDINATOR, province, username="phone.coord")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fa-IR", device_scale_factor=2)
    page = context.new_page()
    sign_in(page, live_server, "phone.coord", PASSWORD)
    for path in ["/", "/ambassadors/", "/ambassadors/new/", "/accounts/profile/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the phone"
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="منو").click()
    expect(page.locator("#main-nav").get_by_role("link", name="سفیران", exact=True)).to_be_visible()
    check_accessibility(page, "phone dashboard with menu open")
    context.close()


def test_the_menu_fits_desktop_widths(live_server, browser):
    province = make_province("23")
    make_user(Role.COORDINATOR, province, username="desk.coord")  # the role with the longest menu below admins
    for width in (1024, 1280, 1440):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fa-IR")
        page = context.new_page()
        sign_in(page, live_server, "desk.coord", PASSWORD)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the dashboard is {overflow}px wider than a {width}px screen"
        context.close()
