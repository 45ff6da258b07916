"""The national picture: a national admin opens it from the menu; every cell of the
provinces × areas matrix and every province of the Iran map carries the number the database
holds (active ambassadors; then, switched by a link, media reach); the timeliness grid is
there; a provincial manager sees only their own province."""
from django.db.models import Sum
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.testing import PASSWORD, current_code, make_user
from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from ambassadors.testing import make_ambassador
from areas.models import Area
from areas.testing import make_area
from core.roles import Role
from geo.testing import make_province
from media.models import MediaCoverage
from media.testing import make_coverage

from .conftest import check_accessibility, sign_in

PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٬", "0123456789,")


def number(text: str) -> int:
    return int(text.translate(PERSIAN).replace(",", "").strip())


def sign_in_with_code(page, live_server, user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(page, live_server, user.username, PASSWORD)
    page.get_by_label("کد شش‌رقمی").fill(current_code(device))
    page.get_by_role("button", name="ادامه").click()
    expect(page).to_have_url(live_server.url + "/")


def check_matrix_and_map(page, expected_cell, expected_total):
    """Each cell and each province on the map equal the database's figure."""
    headers = [cell.inner_text().strip() for cell in page.locator(".national-matrix thead th").all()][1:-1]
    areas = {area.name: area for area in Area.objects.all()}
    rows = page.locator(".national-matrix tbody tr")
    assert rows.count() >= 2
    checked = 0
    for index in range(rows.count()):
        row = rows.nth(index)
        code = row.get_attribute("data-province")
        cells = row.locator("td").all()
        for name, cell in zip(headers, cells[:-1], strict=True):
            assert number(cell.inner_text()) == expected_cell(code, areas[name]), (code, name)
            checked += 1
        total = expected_total(code)
        assert number(cells[-1].inner_text()) == total, code
        shape = page.locator(f'.iran-map path[data-province="{code}"]')
        assert int(shape.get_attribute("data-value")) == total
        label = page.locator(f'.iran-map text[data-province="{code}"]')
        assert number(label.text_content()) == total
    assert checked == rows.count() * len(headers)


def test_national_picture_matches_the_data(live_server, page, browser):
    health, water = make_area(), make_area("water-energy", "مصرف آب و انرژی")
    tehran, isfahan = make_province("23"), make_province("10")
    for _n in range(3):
        make_ambassador(tehran, status=AmbassadorStatus.ACTIVE).areas.set([health])
    make_ambassador(tehran, status=AmbassadorStatus.ACTIVE).areas.set([health, water])
    make_ambassador(tehran, status=AmbassadorStatus.INACTIVE).areas.set([water])
    make_ambassador(isfahan, status=AmbassadorStatus.ACTIVE).areas.set([water])
    make_coverage(tehran, estimated_reach=12_000).areas.set([health, water])
    make_coverage(isfahan, estimated_reach=3_500).areas.set([water])
    admin = make_user(Role.NATIONAL_ADMIN, username="admin")
    make_user(Role.PROVINCIAL_MANAGER, isfahan, username="isfahan.mgr")

    sign_in_with_code(page, live_server, admin)
    page.locator("#main-nav").get_by_role("link", name="تصویر ملی", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("تصویر ملی")
    expect(page.locator(".measure-switch [aria-current=page]")).to_have_text("سفیران فعال")
    expect(page.locator(".iran-map path")).to_have_count(31)

    active = Ambassador.objects.filter(status=AmbassadorStatus.ACTIVE)
    check_matrix_and_map(
        page,
        lambda code, area: active.filter(province__code=code, areas=area).count(),
        lambda code: active.filter(province__code=code).count())
    # Tehran has the most: the darkest colour, and its number written on the map.
    expect(page.locator('.iran-map path[data-province="23"]')).to_have_class("level-4")
    expect(page.locator('.iran-map text[data-province="23"]')).to_have_text("۴")
    expect(page.locator(".timeliness")).to_be_visible()
    check_accessibility(page, "national picture")

    # Switch the measure: media reach.
    page.locator(".measure-switch").get_by_role("link", name="مخاطبان رسانه‌ای").click()
    expect(page.locator(".measure-switch [aria-current=page]")).to_have_text("مخاطبان رسانه‌ای")
    check_matrix_and_map(
        page,
        lambda code, area: MediaCoverage.objects.filter(outlet__province__code=code, areas=area)
        .aggregate(n=Sum("estimated_reach"))["n"] or 0,
        lambda code: MediaCoverage.objects.filter(outlet__province__code=code)
        .aggregate(n=Sum("estimated_reach"))["n"] or 0)
    expect(page.locator('.iran-map text[data-province="23"]')).to_have_text("۱۲٬۰۰۰")
    check_accessibility(page, "national picture, media reach")

    # A provincial manager: their province only; the others are grey on the map.
    manager = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran").new_page()
    sign_in_with_code(manager, live_server, make_user_with(isfahan))
    manager.goto(f"{live_server.url}/reports/national/")
    expect(manager.locator(".national-matrix tbody tr")).to_have_count(1)
    expect(manager.locator(".national-matrix tbody tr")).to_have_attribute("data-province", "10")
    expect(manager.locator(".iran-map path.level-none")).to_have_count(30)


def make_user_with(province):
    from accounts.models import User

    return User.objects.get(username="isfahan.mgr", province=province)
