"""A comment's Persian sentences show Persian digits, as the article's prose does;
addresses and Latin names keep theirs, and the stored text is unchanged."""

import pytest

from didgah.community.models import Comment
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment

pytestmark = pytest.mark.django_db


def test_a_comments_digits_are_shown_as_the_articles_prose_shows_them(client):
    article = make_article()
    comment = make_comment(article=article, body="در سال 1404 قیمت 25% بالا رفت؛ نشانی https://example.com/a/2024 و iPhone 15")
    fold()
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index(f'id="c-{comment.pk}"'):]
    body = body[body.index('class="comment-body"'):body.index("</div>")]
    assert "۱۴۰۴" in body and "۲۵٪" in body
    assert "example.com/a/2024" in body and "iPhone 15" in body
    assert "1404" in Comment.objects.get(pk=comment.pk).body
