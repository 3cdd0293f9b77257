"""Related stories from search similarity: an article with no tag or category in common
is found by its headline's words through the search app's public query; never the
article itself, its cluster, or the same headline from another outlet."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from didgah.news import selectors, services
from didgah.news.models import StoryCluster
from didgah.search.related import key_words, similar_queries

from .factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title, words", [
    ("آتش‌سوزی گسترده در جنگل‌های هیرکانی", ["آتش‌سوزی", "جنگل‌های", "هیرکانی"]),
    ("سه شنبه ۱۴ آبان در تهران", ["تهران", "شنبه", "آبان"]),  # digits and short words are no key
    ("", []),
])
def test_key_words_are_the_longest_words_of_the_title(title, words):
    assert key_words(title) == words


@pytest.mark.parametrize("title, queries", [
    ("ال بب", []),
    ("تهران", ["تهران"]),
    ("هیرکانی جنگل تهران", ["هیرکانی تهران", "هیرکانی جنگل", "تهران جنگل"]),
])
def test_similar_queries_pair_the_key_words(title, queries):
    assert similar_queries(title) == queries


def test_search_similarity_finds_stories_with_nothing_else_in_common():
    article = make_article(title="آتش‌سوزی گسترده در جنگل‌های هیرکانی", tags=["محیط زیست"])
    alike = make_article(title="مهار آتش‌سوزی جنگل‌های هیرکانی پس از سه روز")
    make_article(title="نرخ ارز در بازار امروز")
    related = selectors.article_related(article=article)
    assert [a.pk for a in related] == [alike.pk]


def test_shared_tags_still_lead_and_search_matches_follow():
    category = make_category()
    article = make_article(title="آتش‌سوزی گسترده در جنگل‌های هیرکانی", tags=["جنگل"])
    article.categories.add(category)
    tagged = make_article(title="کاشت نهال در شمال", tags=["جنگل"])
    alike = make_article(title="مهار آتش‌سوزی جنگل‌های هیرکانی")
    in_category = make_article(title="خبری دیگر از همین بخش")
    in_category.categories.add(category)
    article = selectors.article_for_reader(pk=article.pk)
    titles = [a.title for a in selectors.article_related(article=article)]
    assert titles == [tagged.title, alike.title, in_category.title]


def test_never_itself_its_cluster_or_the_same_headline_elsewhere():
    headline = "آتش‌سوزی گسترده در جنگل‌های هیرکانی"
    article = make_article(title=headline, source=make_source())
    # Another outlet's copy, typed with other letters and no ZWNJ, not clustered.
    make_article(title="آتش سوزی گسترده در جنگلهای هيرکانی", source=make_source())
    cluster = StoryCluster.objects.create()
    twin = make_article(title="گزارش آتش‌سوزی جنگل‌های هیرکانی از منبعی دیگر", source=make_source())
    services.article_update(article=twin, cluster=cluster)
    services.article_update(article=article, cluster=cluster)
    other = make_article(title="مهار آتش‌سوزی جنگل‌های هیرکانی")
    article.refresh_from_db()
    assert [a.pk for a in selectors.article_related(article=article)] == [other.pk]


def test_the_related_fragment_is_chosen_once_per_edit(client, settings):
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                               "LOCATION": f"related-fragment-{alias}"} for alias in ("default", "pages")}
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 0
    settings.FRAGMENT_SECONDS = 300
    article = make_article(title="آتش‌سوزی گسترده در جنگل‌های هیرکانی")
    make_article(title="مهار آتش‌سوزی جنگل‌های هیرکانی")
    first = client.get(article.get_absolute_url()).content.decode()
    assert "مهار آتش‌سوزی جنگل‌های هیرکانی" in first
    with CaptureQueriesContext(connection) as again:
        assert client.get(article.get_absolute_url()).content.decode() == first
    # The page is made again, its related stories are not: no search, no ranking.
    sql = " ".join(q["sql"] for q in again.captured_queries)
    assert "search" not in sql and "shared_tags" not in sql
