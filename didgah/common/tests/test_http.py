"""The ETag of dynamic pages: it changes with the body, and conditional GETs work."""

import pytest

from didgah.common.http import body_etag
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("a,b", [(b"", b" "), (b"abc", b"abd"), (b"abc", b"abcd"), ("سلام".encode(), "سلام!".encode())])
def test_etag_changes_with_the_body(a, b):
    assert body_etag(a) != body_etag(b)
    assert body_etag(a) == body_etag(bytes(a))
    assert body_etag(a).startswith('"') and body_etag(a).endswith('"')


def test_article_page_answers_304_to_its_own_etag_and_200_after_an_edit(client):
    article = make_article(title="خبر نخست")
    first = client.get(article.get_absolute_url())
    etag = first["ETag"]
    assert etag == body_etag(first.content)
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    article.title = "خبر نخست، ویرایش‌شده"
    article.save()
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and "ویرایش‌شده" in again.content.decode()
