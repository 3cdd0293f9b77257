"""An imported site's old addresses answer 301 to the new ones, through the test client."""

import pytest
from django.urls import reverse

from didgah.imports import services
from didgah.news import services as news_services
from didgah.news.models import Article
from didgah.redirects import services as redirect_services
from didgah.redirects.models import Redirect

from .wxrdocs import CORPUS_WXR, comment, item, write, wxr

pytestmark = pytest.mark.django_db


def test_corpus_permalinks_answer_301(client):
    services.wxr_import(path=CORPUS_WXR, images=False)
    article = Article.objects.get(title="Markup: HTML Tags and Formatting")
    response = client.get("/2013/01/11/markup-html-tags-and-formatting/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    # Without the trailing slash, percent-encoded, or with a tracking parameter: the same.
    assert client.get("/2013/01/11/markup-html-tags-and-formatting")["Location"] == article.get_absolute_url()
    assert client.get("/2013/01/11/markup-html-tags-and-formatting/?utm_source=x")["Location"] == \
        article.get_absolute_url()
    # The post's comments feed, WordPress's ?p= address, the site's feed.
    feed = client.get("/2013/01/11/markup-html-tags-and-formatting/feed/")
    assert feed.status_code == 301 and feed["Location"] == reverse("feeds:comments_rss", kwargs={"pk": article.pk})
    by_id = client.get("/?p=1178")
    assert by_id.status_code == 301 and by_id["Location"] == article.get_absolute_url()
    assert client.get("/feed/")["Location"] == reverse("feeds:rss")
    assert client.get("/2013/01/11/no-such-post/").status_code == 404
    assert client.get("/?order=hot").status_code == 200


def test_redirect_follows_a_changed_title_and_never_leads_to_a_draft(client, tmp_path):
    path = write(tmp_path, "a.xml", wxr(item(7, slug="old-slug") + item(8, slug="a-draft", status="draft")))
    services.wxr_import(path=path, images=False)
    article = Article.objects.get(status=Article.Status.PUBLISHED)
    news_services.article_update(article=article, title="تیتری تازه برای همان خبر")
    article.refresh_from_db()
    assert client.get("/2019/04/30/old-slug/")["Location"] == article.get_absolute_url()
    assert client.get("/2019/04/30/a-draft/").status_code == 404


def test_ordinary_pages_never_read_the_redirect_table(client, django_assert_num_queries):
    Redirect.objects.create(old_path="/x", target="/")
    from didgah.news.tests.factories import make_article

    article = make_article()
    client.get(article.get_absolute_url())  # warm whatever is cached once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert not any("redirects_redirect" in q["sql"] for q in queries.captured_queries)


def test_admin_lists_redirects_in_persian(admin_client, tmp_path):
    path = write(tmp_path, "a.xml", wxr(item(7, comments=comment(1))))
    services.wxr_import(path=path, images=False)
    html = admin_client.get("/admin/redirects/redirect/").content.decode()
    assert "نشانی قدیمی" in html and "/2019/04/30/post-7" in html
    assert admin_client.get("/admin/imports/importeditem/").status_code == 200


def test_path_key_forms():
    key = redirect_services.path_key
    assert key("https://old.example/1399/05/%D8%B3%D9%84%D8%A7%D9%85/") == "/1399/05/سلام"
    assert key("/1399/05/سلام") == "/1399/05/سلام"
    assert key("https://old.example/?p=12&utm_source=t") == "/?p=12"
    assert key("https://old.example/") == "/"
