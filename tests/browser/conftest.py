"""Browser tests: Debian's Chromium driven by Playwright (its own download cannot work here)."""

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: `make browser` installs Debian's package")
    return path


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the Django test database
    # is touched from the same thread between page actions, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core; the site's own pages never need it.
    context = browser.new_context(locale="fa-IR", bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make browser` installs it from npm")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def reader_login(page, base: str, username: str, next_url: str) -> None:
    """Sign a reader in through the sign-in form and wait for the page it returns to."""
    from didgah.community.tests.factories import PASSWORD

    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.locator("#login-form input[name=username]").fill(username)
    page.locator("#login-form input[name=password]").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url(re.compile(re.escape(next_url)))
