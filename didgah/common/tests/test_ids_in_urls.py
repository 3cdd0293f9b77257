"""An id too long for the database is no page (404), on every URL that takes one."""

import pytest
from django.urls import reverse

from didgah.common.converters import IdConverter

HUGE = "9" * 19  # beyond the 64-bit columns
GETS = ["/news/{id}/", "/news/{id}/x/", "/community/article/{id}/comments/", "/feeds/article/{id}/comments/rss/",
        "/feeds/article/{id}/comments/atom/"]
POSTS = ["/community/article/{id}/comment/", "/community/article/{id}/vote/", "/community/comment/{id}/reply/",
         "/community/comment/{id}/edit/", "/community/comment/{id}/delete/", "/community/comment/{id}/vote/",
         "/community/comment/{id}/report/", "/api/tokens/{id}/revoke/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", GETS + POSTS)
def test_huge_ids_are_not_found(client, url):
    from didgah.community.tests.factories import make_reader

    client.force_login(make_reader())
    send = client.get if url in GETS else client.post
    for value in (HUGE, "1" + "0" * 30):
        assert send(url.format(id=value)).status_code == 404


def test_the_largest_id_still_matches():
    assert IdConverter().to_python("9" * 18) == 10**18 - 1
    assert reverse("news:article_short", kwargs={"pk": 10**18 - 1}) == f"/news/{'9' * 18}/"
