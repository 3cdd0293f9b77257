"""The search page and the index's life cycle, through the HTTP layer and the services,
on whichever database the suite runs on."""

from datetime import datetime, timedelta, timezone as dt_timezone
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from didgah.news import services as news
from didgah.news.models import Article
from didgah.news.tests.factories import make_article, make_category, make_source
from didgah.search.models import SearchDocument
from didgah.search.selectors import search_articles

pytestmark = pytest.mark.django_db


def ids(result) -> list[int]:
    return [r["id"] for r in result["results"]]


def test_search_page_shows_highlighted_results_and_refills_the_box(client):
    source = make_source(name="رادیو آوای امروز")
    a = make_article(title="موشکهای تازه در رژه", lead="نمایش موشک‌ها در میدان.", source=source)
    html = client.get("/search/", {"q": "موشک"}).content.decode()
    assert a.get_absolute_url() in html
    assert "<mark>موشک‌های</mark>" in html  # stored with the ZWNJ restored
    assert "<mark>موشک‌ها</mark>" in html
    assert 'value="موشک"' in html  # the header's box is refilled
    assert "رادیو آوای امروز" in html
    assert "۱ نتیجه" in html


def test_no_results_message(client):
    make_article(title="خبری دربارهٔ باران")
    html = client.get("/search/", {"q": "زلزله"}).content.decode()
    assert "نتیجه‌ای یافت نشد" in html


@pytest.mark.parametrize("q", [
    '"', '*', '(', ')', 'NEAR', ':', '-', '^', '"پهپاد', 'پهپاد"', '(پهپاد', 'پهپاد*', 'NEAR(پهپاد باران)',
    'title_terms: پهپاد', '-پهپاد', '^پهپاد', '""', '«', '»«', "' OR 1=1 --", "پهپاد & | ! <-> ' :*",
    "", "   ", "و از به که", "پهپاد " * 2000, "x" * 10_000, "\x00\u202e\u200c", "{title_terms}: x",
])
def test_query_syntax_and_odd_queries_never_raise(client, q):
    make_article(title="پهپاد و باران")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "نتیجه" in html or not q.strip()


def test_stop_words_only_finds_nothing_but_with_a_word_they_are_ignored():
    a = make_article(title="باران در شهر")
    assert search_articles(query="در و از")["total"] == 0
    assert ids(search_articles(query="باران در")) == [a.pk]


def test_only_visible_articles_are_found():
    visible = make_article(title="سیل در شمال")
    make_article(title="سیل پیش‌نویس", status=Article.Status.DRAFT)
    make_article(title="سیل آینده", published_at=timezone.now() + timedelta(hours=2))
    assert ids(search_articles(query="سیل")) == [visible.pk]


def test_scheduled_article_appears_at_its_time_without_a_write():
    later = timezone.now() + timedelta(hours=2)
    a = make_article(title="گزارش زمان‌بندی‌شده دربارهٔ زلزله", published_at=later)
    assert a.status == Article.Status.SCHEDULED
    assert search_articles(query="زلزله")["total"] == 0
    assert ids(search_articles(query="زلزله", now=later + timedelta(minutes=1))) == [a.pk]


def test_index_follows_edit_unpublish_and_delete():
    a = make_article(title="خبر دربارهٔ گندم")
    assert ids(search_articles(query="گندم")) == [a.pk]
    news.article_update(article=a, title="خبر دربارهٔ برنج")
    assert search_articles(query="گندم")["total"] == 0
    assert ids(search_articles(query="برنج")) == [a.pk]
    news.article_update(article=a, status=Article.Status.DRAFT)
    assert search_articles(query="برنج")["total"] == 0
    # The document knows the draft (PostgreSQL reads visibility from it).
    assert SearchDocument.objects.get(article_id=a.pk).published_at is None
    news.article_update(article=a, status=Article.Status.PUBLISHED)
    assert ids(search_articles(query="برنج")) == [a.pk]
    a.refresh_from_db()
    assert SearchDocument.objects.get(article_id=a.pk).published_at == a.published_at
    news.article_delete(article=a)
    assert search_articles(query="برنج")["total"] == 0
    assert not SearchDocument.objects.filter(article_id=a.pk).exists()


def test_index_write_is_part_of_the_article_transaction():
    """A failed article write leaves no index trace (same transaction)."""
    from django.db import transaction

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_article(title="خبر ناتمام دربارهٔ کوه")
            raise RuntimeError
    assert search_articles(query="کوه")["total"] == 0
    assert SearchDocument.objects.count() == 0


def test_title_match_outranks_body_match_and_recency_breaks_ties():
    now = timezone.now()
    body_only = make_article(title="گزارش روز", body="<p>دربارهٔ زعفران هم سخن گفت.</p>", published_at=now - timedelta(hours=1))
    title_old = make_article(title="برداشت زعفران", published_at=now - timedelta(days=60))
    title_new = make_article(title="صادرات زعفران", published_at=now - timedelta(hours=2))
    assert ids(search_articles(query="زعفران")) == [title_new.pk, title_old.pk, body_only.pk]


def test_filters_by_source_category_and_jalali_dates(client):
    s1, s2 = make_source(slug="s-one"), make_source(slug="s-two")
    cat = make_category(slug="economy")
    # 1404/08/11 is 2025-11-02 (Tehran); 1404/08/20 is 2025-11-11.
    a = make_article(title="قیمت طلا", source=s1, categories=[cat],
                     published_at=datetime(2025, 11, 2, 6, 0, tzinfo=dt_timezone.utc))
    b = make_article(title="قیمت طلا و سکه", source=s2,
                     published_at=datetime(2025, 11, 11, 6, 0, tzinfo=dt_timezone.utc))
    assert set(ids(search_articles(query="طلا"))) == {a.pk, b.pk}
    assert ids(search_articles(query="طلا", source="s-one")) == [a.pk]
    assert ids(search_articles(query="طلا", category="economy")) == [a.pk]
    assert search_articles(query="طلا", source="no-such")["total"] == 0

    def page_ids(**params):
        html = client.get("/search/", {"q": "طلا", **params}).content.decode()
        html = html.split('class="search-results"')[1].split("</section>")[0]  # not the sidebar
        return {x.pk for x in (a, b) if x.get_absolute_url() in html}

    assert page_ids(**{"from": "۱۴۰۴/۰۸/۱۱", "to": "۱۴۰۴/۰۸/۱۱"}) == {a.pk}
    assert page_ids(**{"from": "1404-08-12"}) == {b.pk}
    assert page_ids(**{"to": "١٤٠٤/٠٨/١٥"}) == {a.pk}
    assert page_ids(source="s-two") == {b.pk}
    assert page_ids(category="economy") == {a.pk}
    response = client.get("/search/", {"q": "طلا", "from": "نامعتبر"})
    assert response.status_code == 200 and "نامعتبر است" in response.content.decode()
    # a Gregorian date is said to be wrong, not read as a Solar Hijri year centuries on
    html = client.get("/search/", {"q": "طلا", "from": "2025-11-01"}).content.decode()
    assert "تاریخ خورشیدی بنویسید" in html


def test_pagination_keeps_the_query_and_filters(client):
    for i in range(5):
        make_article(title=f"خبر شمارهٔ {i} دربارهٔ انار")
    r = search_articles(query="انار", per_page=2, page=2)
    assert (r["total"], r["num_pages"], r["page"], len(r["results"])) == (5, 3, 2, 2)
    assert search_articles(query="انار", per_page=2, page=99)["page"] == 3  # clamped
    all_ids = [i for p in (1, 2, 3) for i in ids(search_articles(query="انار", per_page=2, page=p))]
    assert len(set(all_ids)) == 5
    html = client.get("/search/", {"q": "انار", "page": "۲"}).content.decode()
    assert "صفحهٔ ۲ از ۱" in html or "نتیجه" in html  # page size 20: one page
    response = client.get("/search/", {"q": "انار", "page": "abc"})
    assert response.status_code == 200


def test_result_is_plain_data_for_the_api():
    import json

    make_article(title="کنسرت موسیقی سنتی", source=make_source(name="منبع آزمون"))
    r = search_articles(query="موسیقی")
    json.dumps(r)  # nothing but JSON-ready values
    hit = r["results"][0]
    assert set(hit) >= {"title", "url", "source", "published_at", "published_jalali", "snippet_html", "title_html"}
    assert hit["source"]["name"] == "منبع آزمون"
    assert "<mark>موسیقی</mark>" in hit["title_html"]


def test_snippet_escapes_html_in_text():
    make_article(title="آزمون", lead="متن با <b>نشانه</b> و &amp; باران", body="")
    hit = search_articles(query="باران")["results"][0]
    assert "<b>" not in hit["snippet_html"] and "<mark>باران</mark>" in hit["snippet_html"]


def test_search_reindex_rebuilds_and_removes_stale_documents():
    a = make_article(title="خبر دربارهٔ پسته")
    SearchDocument.objects.filter(article_id=a.pk).update(title_terms="چیزدیگر", body_terms="", tsv=None)
    stale = search_articles(query="پسته")
    assert stale["total"] == 0 or stale["fuzzy"]  # PostgreSQL falls back to similar titles
    out = StringIO()
    call_command("search_reindex", "--repair", "--optimize", stdout=out)
    assert "indexed 1 articles" in out.getvalue()
    fresh = search_articles(query="پسته")
    assert ids(fresh) == [a.pk] and not fresh["fuzzy"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm exists only on PostgreSQL")
def test_fuzzy_title_match_on_postgresql():
    a = make_article(title="رونمایی از پهپاد تازه")
    r = search_articles(query="پهپد")
    assert r["fuzzy"] and ids(r) == [a.pk]


def test_a_document_is_named_by_its_articles_title_as_written():
    a = make_article(title="آزمایشی تازه با ۳ پهپاد")
    assert str(SearchDocument.objects.get(article_id=a.pk)) == "آزمایشی تازه با ۳ پهپاد"


def test_a_search_page_is_one_page_for_everyone_and_kept_briefly(client, settings, django_assert_num_queries):
    from django.test import Client

    from didgah.community.tests.factories import make_reader

    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 5
    make_article(title="بارش برف در اردبیل")
    first = client.get("/search/", {"q": "برف"})
    assert first.status_code == 200 and "Age" not in first
    assert not first.cookies and "Cookie" not in first.get("Vary", "")
    reader = Client()
    reader.force_login(make_reader())
    with django_assert_num_queries(0):
        second = reader.get("/search/", {"q": "برف"})
    assert "Age" in second and second.content == first.content
    # Longer than an article page: a popular query's page is not rebuilt every few seconds.
    assert "max-age=60" in second["Cache-Control"]
    settings.SEARCH_PAGE_SECONDS = 1
    assert "max-age=5" in client.get("/search/", {"q": "اردبیل"})["Cache-Control"]  # never below the pages'
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 0
    assert "max-age=0" in client.get("/search/", {"q": "بارش"})["Cache-Control"]  # nothing kept


def test_a_search_page_says_its_own_lifetime_to_nginx(client, settings):
    """The production profile: nginx keeps the pages, Django only says for how long."""
    settings.PAGE_CACHE_STORE = False
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 5
    make_article(title="بارش باران در رشت")
    assert "max-age=60" in client.get("/search/", {"q": "باران"})["Cache-Control"]
    assert "max-age=5" in client.get("/")["Cache-Control"]


def test_a_match_deep_in_the_body_is_still_shown_in_the_snippet():
    filler = "<p>" + "متن آغازین گزارش بی‌ربط است. " * 120 + "</p>"
    make_article(title="گزارش روز", lead="خلاصه‌ای کوتاه.", body=filler + "<p>سرانجام از زعفران قائنات گفت.</p>")
    assert len(filler) > 3000
    hit = search_articles(query="زعفران")["results"][0]
    assert "<mark>زعفران</mark>" in hit["snippet_html"]


def test_migration_takes_drafts_times_off_their_documents():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("didgah.search.migrations.0004_documents_know_drafts")
    draft = make_article(title="پیش‌نویس دربارهٔ سد", status=Article.Status.DRAFT)
    listed = make_article(title="خبر دربارهٔ سد")
    # As an older release left them: every document with its article's time.
    SearchDocument.objects.filter(article_id=draft.pk).update(published_at=timezone.now())
    migration.forget_drafts_times(apps, None)
    assert SearchDocument.objects.get(article_id=draft.pk).published_at is None
    assert SearchDocument.objects.get(article_id=listed.pk).published_at == listed.published_at
    assert search_articles(query="سد")["total"] == 1


def test_the_filter_lists_are_kept_as_long_as_the_search_pages(client, settings):
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 5
    settings.FRAGMENT_SECONDS = 300  # the header's category menu, kept as in production
    make_source(name="خبرگزاری آزمایشی", slug="azmayeshi")
    make_category(name="دستهٔ آزمایشی", slug="azmayeshi")
    make_article(title="بارش برف در اردبیل")
    client.get("/search/", {"q": "برف"})
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/search/", {"q": "اردبیل"}).content.decode()  # a page not kept yet
    assert "خبرگزاری آزمایشی" in page and "دستهٔ آزمایشی" in page
    assert not [q for q in ctx.captured_queries if q["sql"].startswith(('SELECT "news_category"', 'SELECT "news_source"'))]
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 0  # nothing kept: a new one shows at once
    make_source(name="منبع تازه", slug="taze")
    assert "منبع تازه" in client.get("/search/", {"q": "بارش"}).content.decode()
