"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# What Chromium says when a script meets a page that is being replaced by the next one.
NAVIGATING = ("reading 'documentElement'", "Execution context was destroyed", "axe is not defined")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if CHROMIUM is None:
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fa-IR", "timezone_id": "Asia/Tehran", "accept_downloads": True}


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Every page, htmx swap and vendored script satisfies the Content-Security-Policy."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def check_accessibility(page, context: str = ""):
    """axe-core finds no serious or critical violation on the current page."""
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the page's
    # Content-Security-Policy (no inline script), as it should be.
    for attempt in range(3):
        # A click that navigates returns before the next page exists; axe run in between finds
        # no document (or loses its context). Let the page settle and check the page it became.
        page.wait_for_load_state("load")
        try:
            page.evaluate(AXE.read_text(encoding="utf-8"))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATING):
                raise
            page.wait_for_timeout(200)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"accessibility problems on {context or page.url}:\n" + "\n".join(serious)


DUPLICATE_IDS = """() => {
  const seen = {};
  for (const element of document.querySelectorAll('[id]')) seen[element.id] = (seen[element.id] || 0) + 1;
  return Object.keys(seen).filter(id => seen[id] > 1);
}"""


def duplicate_ids(page) -> list[str]:
    """Ids used more than once on the page (a label or aria reference would find the wrong one)."""
    return page.evaluate(DUPLICATE_IDS)


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("رمز عبور").fill(password)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_load_state("networkidle")


def choose(scope, label: str, option: str, typed: str | None = None):
    """Pick `option` in a list named `label` as a person does. A long list is a searchable box
    (core.forms.SearchableMixin): open it, type part of the text (`typed`, default all of it)
    and click the option. A short list stays a plain select."""
    name = re.compile(f"^{re.escape(label)}( \\*)?$")
    target = scope.get_by_label(name).first
    if target.evaluate("e => e.tagName === 'SELECT' && !e.hasAttribute('data-searchable')"):
        target.select_option(label=option)
        return
    box = scope.get_by_role("combobox", name=name)
    box.click()
    box.fill(typed if typed is not None else option)
    wrapper = box.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ts-wrapper ')]")
    wrapper.get_by_role("option", name=option, exact=True).click()
    box.page.keyboard.press("Escape")
