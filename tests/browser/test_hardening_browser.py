"""What axe-core in Chromium found (issue 16, item 16), and the favicon (item 14):
checked in the browser, where styles and the accessibility tree are real."""

import pytest

from didgah.news.tests.factories import make_article

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def _rules(page) -> set[str]:
    return {v["id"] for v in axe_violations(page, impacts=ALL_IMPACTS)}


def test_search_page_has_one_named_search_landmark(page, live_server):
    make_article(title="نشست شورای شهر")
    page.goto(live_server.url + "/search/?q=شورا")
    searches = page.get_by_role("search")
    assert searches.count() == 1
    assert searches.first.get_attribute("aria-labelledby") == "search-title"
    assert page.get_by_role("search", name="جست‌وجو در خبرها").count() == 1
    assert not _rules(page) & {"landmark-unique", "landmark-no-duplicate-search"}
    # Every other page keeps the header's search box.
    page.goto(live_server.url + "/")
    assert page.locator(".site-header .search-box").is_visible()


def test_links_in_text_are_underlined_and_register_form_descriptions_resolve(page, live_server):
    page.goto(live_server.url + "/accounts/register/")
    login = page.locator("main p a[href^='/accounts/login/']")
    assert "underline" in login.evaluate("a => getComputedStyle(a).textDecorationLine")
    found = _rules(page)
    assert not found & {"link-in-text-block", "aria-valid-attr-value"}, found
    page.locator("#register-submit").click()
    page.wait_for_load_state()
    assert "aria-valid-attr-value" not in _rules(page)


def test_no_page_asks_for_a_missing_favicon(page, live_server):
    failed, errors = [], []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    # Chromium asks for the icon the page links; /favicon.ico answers as well.
    icon = page.evaluate("() => fetch('/favicon.ico').then(r => [r.status, r.headers.get('content-type')])")
    assert icon == [200, "image/png"]
    assert failed == [] and errors == []
