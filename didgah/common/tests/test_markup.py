"""What validators and axe-core read in the pages' markup (issue 16, items 14 and 16),
through the test client."""

import re
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest

from didgah.common.templatetags.fa import html_datetime
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

# HTML's valid global date and time string, as the Nu checker reads it: seconds at most
# to three decimals; ours carry none.
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
# A moment with microseconds, as every saved timestamp has.
MOMENT = datetime(2025, 3, 2, 8, 30, 15, 123456, tzinfo=dt_timezone.utc)


def _time_attrs(html: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]*)"', html)


def test_html_datetime_drops_microseconds_and_shows_tehran_offset():
    assert html_datetime(MOMENT) == "2025-03-02T12:00:15+03:30"
    assert html_datetime(MOMENT.isoformat()) == "2025-03-02T12:00:15+03:30"
    assert html_datetime(None) == "" and html_datetime("not a time") == ""


def test_time_elements_on_reading_pages_have_no_fraction(client):
    article = make_article(title="نشست شورای شهر", published_at=MOMENT)
    for url in ("/", article.get_absolute_url()):
        attrs = _time_attrs(client.get(url).content.decode())
        assert attrs and all(TIME.fullmatch(a) for a in attrs), (url, attrs)


def test_time_elements_on_the_search_page_have_no_fraction(client):
    make_article(title="نشست شورای شهر", published_at=MOMENT + timedelta(days=1))
    html = client.get("/search/?q=شورای").content.decode()
    attrs = _time_attrs(html)
    assert attrs and all(TIME.fullmatch(a) for a in attrs), attrs


def test_search_page_has_one_labelled_search_form_of_its_own(client):
    html = client.get("/search/?q=شورا").content.decode()
    main = html[html.index('<main id="main">'):]
    forms = re.findall(r"<form [^>]*>", main)
    assert len(forms) == 1
    labelled_by = re.search(r'role="search" aria-labelledby="([^"]+)"', forms[0]).group(1)
    assert re.search(rf'<h1 [^>]*id="{labelled_by}"[^>]*>[^<]+</h1>', main)


def _described_by_ids_exist(html: str) -> None:
    referenced = [i for attr in re.findall(r'aria-describedby="([^"]*)"', html) for i in attr.split()]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert referenced and not [i for i in referenced if i not in ids], referenced


def test_register_form_describes_fields_with_ids_that_exist(client):
    _described_by_ids_exist(client.get("/accounts/register/").content.decode())


def test_register_form_errors_are_described_with_ids_that_exist(client):
    response = client.post("/accounts/register/", {"username": "", "email": "not-an-address"})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "_error" in html
    _described_by_ids_exist(html)
