"""Latin digits of an article's Persian prose are shown as Persian digits on its page,
through the HTTP layer (issue 17); what is stored and what search reads stay as typed."""

import pytest

from didgah.news.models import Article
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

BODY = (
    '<p>بودجهٔ سال 1404 با 1,250 میلیارد و رشد 3.5 درصد تصویب شد.</p>'
    '<p>گزارش کامل: <a href="https://example.com/news/2024/7">https://example.com/news/2024/7</a></p>'
    '<p>گوشی iPhone 15 و همه‌گیری COVID-19 نامی لاتین دارند.</p>'
    '<pre>retries = 3</pre>'
)


def test_article_page_shows_persian_digits_in_prose_only(client):
    article = make_article(title="بودجهٔ 1404 تصویب شد", lead="رشد 3.5 درصدی در سال 1404", body=BODY)
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "سال ۱۴۰۴" in body and "۱٬۲۵۰ میلیارد" in body and "۳٫۵ درصد" in body
    assert "1404" not in body
    # The address keeps its digits, as link and as text; Latin names and code theirs.
    assert 'href="https://example.com/news/2024/7"' in body
    assert ">https://example.com/news/2024/7</a>" in body
    assert "iPhone 15" in body and "COVID-19" in body and "retries = 3" in body
    assert '<h1 id="article-title">بودجهٔ ۱۴۰۴ تصویب شد</h1>' in page
    assert '<p class="lead">رشد ۳٫۵ درصدی در سال ۱۴۰۴</p>' in page
    assert "<title>بودجهٔ ۱۴۰۴ تصویب شد" in page
    # Stored as typed: search folds every digit itself.
    stored = Article.objects.get(pk=article.pk)
    assert "1404" in stored.body and "1404" in stored.title


def test_lists_show_titles_and_leads_with_persian_digits(client):
    make_article(title="مصوبهٔ 1404 مجلس", lead="در 12 بند")
    page = client.get("/latest/").content.decode()
    assert "مصوبهٔ ۱۴۰۴ مجلس" in page and "در ۱۲ بند" in page
    assert "مصوبهٔ 1404" not in page


def test_a_quoted_comment_shows_persian_digits_and_keeps_its_link(client):
    from didgah.community import services as community
    from didgah.community.tests.factories import make_reader

    article = make_article()
    author = make_reader()
    comment = community.comment_create(article=article, author=author, enforce_limits=False,
                                       body="در سال 1404 دیدم: https://example.com/a/2024")
    client.force_login(make_reader())
    page = client.get(f"/community/comment/{comment.pk}/report/").content.decode()
    assert "در سال ۱۴۰۴ دیدم" in page
    assert 'href="https://example.com/a/2024"' in page and ">https://example.com/a/2024</a>" in page
