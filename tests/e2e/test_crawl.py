"""A crawl of the site as every demo role (issue 12): each signs in, opens every menu (axe runs
with them open), then visits every page its menu reaches and the first record of every list;
axe runs on each kind of page as loaded and again with its folded parts, date picker and
searchable list open.
Every page answers without a server error, is right to left, shows no Gregorian month name and
no Latin digits in its Persian text (codes, numbers written left to right and the language
switch aside), uses each id once, and axe finds nothing serious on it. Bounded: axe runs once per kind of page."""
import re
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.testing import current_code

from .conftest import check_accessibility, duplicate_ids

ROLES = ["admin", "tehran.manager", "tehran.coordinator", "tehran.ambassador", "tehran.board"]
GREGORIAN = re.compile(r"ژانویه|فوریه|آوریل|ژوئن|ژوئیه|سپتامبر|اکتبر|نوامبر|دسامبر|January|February|March|April|"
                       r"June|July|August|September|October|November|December")
# Persian text with Latin digits in it: text nodes outside left-to-right runs, code and fields.
LATIN_DIGITS = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent;
    if (!/[0-9]/.test(text) || /^\s*https?:\/\/\S+\s*$/.test(text)) continue;  // an address is not Persian text
    const parent = node.parentElement;
    if (parent.closest('[dir=ltr], [lang=en], code, script, style, textarea, select, .ts-wrapper, [data-latin], jdp-container')) continue;
    if (!parent.offsetParent && getComputedStyle(parent).position !== 'fixed') continue;  // hidden
    found.push(text.trim().slice(0, 80));
  }
  return found;
}"""


# Found by this crawl in areas other helpers own (left to them, reported, not failing this test):
# a problem whose page and message match is listed, not counted. Remove an entry once fixed.
KNOWN = [
]


def known(where: str, message: str) -> bool:
    path = kind_of(where.split(" ", 1)[1])
    return any(re.search(page, path) and re.search(kind, message) for page, kind, _why in KNOWN)


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("رمز عبور").fill(settings.SAFIRAN_DEMO_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    device = TOTPDevice.objects.filter(user__username=username).first()
    if device is not None and page.get_by_label("کد شش‌رقمی").count():
        page.get_by_label("کد شش‌رقمی").fill(current_code(device))
        page.get_by_role("button", name="ادامه").click()
    page.wait_for_load_state("networkidle")


def test_every_page_of_every_role(live_server, page):
    call_command("seed_demo", stdout=StringIO())
    problems, checked = [], set()
    base = live_server.url

    def visit(url, role):
        response = page.goto(url)
        where = f"{role} {url.removeprefix(base)}"
        if response is None or response.status >= 500:
            problems.append(f"{where}: server error")
            return False
        if page.evaluate("document.documentElement.dir") != "rtl":
            problems.append(f"{where}: not right to left")
        text = page.locator("main").inner_text()
        if GREGORIAN.search(text):
            problems.append(f"{where}: Gregorian month «{GREGORIAN.search(text).group(0)}»")
        latin = page.evaluate(LATIN_DIGITS)
        if latin:
            problems.append(f"{where}: Latin digits in {latin[:3]}")
        repeated = duplicate_ids(page)
        if repeated:
            problems.append(f"{where}: duplicate ids {repeated[:5]}")
        kind = kind_of(url.removeprefix(base))
        if kind not in checked:
            checked.add(kind)
            try:
                check_accessibility(page, where)
            except AssertionError as error:
                problems.append(str(error))
            check_opened(where)
        return True

    def check_opened(where):
        """axe again with what a page opens on demand: its folded parts (the page's help, a chart's
        table), the date picker (opened by keyboard, a day focused) and a searchable list's options."""
        page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        openers = [
            ("date picker open", "main input[data-jdp]:visible", lambda field: (field.focus(), page.keyboard.press("ArrowDown"))),
            ("searchable list open", "main .ts-wrapper:visible .ts-control", lambda control: control.click()),
        ]
        for name, selector, open_it in openers:
            target = page.locator(selector).first
            if not target.count():
                continue
            try:
                open_it(target)
                check_accessibility(page, f"{where} ({name})")
            except AssertionError as error:
                problems.append(str(error))
            page.keyboard.press("Escape")
            page.evaluate("document.activeElement && document.activeElement.blur()")  # nothing left open

    for role in ROLES:
        page.context.clear_cookies()
        sign_in_as(page, live_server, role)
        # The menus, opened one by one, with axe on each.
        toggles = page.locator("#main-nav .dropdown-toggle")
        for index in range(toggles.count()):
            toggles.nth(index).click()
            try:
                check_accessibility(page, f"{role}: menu {index + 1} open")
            except AssertionError as error:
                problems.append(str(error))
            page.keyboard.press("Escape")
        links = page.eval_on_selector_all(
            "#main-nav a.nav-link[href], #main-nav a.dropdown-item[href], main a.btn[href^='/']",
            "links => [...new Set(links.map(a => a.href))]")
        links = [link for link in links if link.startswith(base) and "logout" not in link and "/export" not in link]
        for url in [f"{base}/"] + links:
            if not visit(url, role):
                continue
            first = page.locator("#results table tbody tr a[href^='/']").first
            if first.count():
                visit(base + first.get_attribute("href"), role)
    left = [problem for problem in problems if not known(problem.split(":")[0], problem)]
    print("known, left to their owners:\n" + "\n".join(sorted(set(problems) - set(left))))
    assert not left, f"{len(left)} problems:\n" + "\n".join(left)
