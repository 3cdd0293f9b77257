"""Articles whose title gives no slug (imported posts without a title, a title of only
punctuation) have an address that answers, never a redirect to itself."""

import pytest

from didgah.news import services
from didgah.news.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db


def test_title_without_letters_takes_the_slug_of_its_text(client):
    article = make_article(title="!!! ؟؟", lead="گزارش کوتاه از بازار امروز تهران")
    assert article.slug == "گزارش-کوتاه-از-بازار-امروز-تهران"
    article = make_article(title="…", lead="", body="")
    assert article.slug == services.FALLBACK_SLUG
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_a_stored_empty_slug_answers_instead_of_looping(client):
    article = make_article(title="خبری که نامکش گم شد")
    Article.objects.filter(pk=article.pk).update(slug="")  # as rows written before this fix may be
    article.refresh_from_db()
    url = article.get_absolute_url()
    assert url.endswith("/-/")
    assert client.get(url).status_code == 200
    short = client.get(f"/news/{article.pk}/")
    assert short.status_code == 301 and short["Location"] == url
    assert client.get(f"/news/{article.pk}/any-old-slug/")["Location"] == url
