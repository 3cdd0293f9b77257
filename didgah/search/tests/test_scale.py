"""What keeps search fast on a large archive, checked for correctness on whichever
database the suite runs on: the newest-first sort, estimated totals past the
candidates (PostgreSQL), and the tsvector the Python analysis builds. Speed itself is
measured by bench/search_bench.py, not here."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from didgah.news.tests.factories import make_article
from didgah.search import analysis
from didgah.search.selectors import rounded_estimate, search_articles
from didgah.search.services import MAX_POSITION, MAX_POSITIONS, tsvector_text

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")


def ids(result) -> list[int]:
    return [r["id"] for r in result["results"]]


@pytest.mark.django_db
def test_sort_by_date_puts_the_newest_first_where_relevance_puts_the_title_match(client):
    now = timezone.now()
    title_old = make_article(title="برداشت زعفران", published_at=now - timedelta(days=90))
    body_new = make_article(title="گزارش روز", body="<p>دربارهٔ زعفران هم سخن گفت.</p>",
                            published_at=now - timedelta(hours=1))
    assert ids(search_articles(query="زعفران")) == [title_old.pk, body_new.pk]
    by_date = search_articles(query="زعفران", sort="date")
    assert ids(by_date) == [body_new.pk, title_old.pk] and by_date["sort"] == "date"
    assert search_articles(query="زعفران", sort="nonsense")["sort"] == "relevance"

    html = client.get("/search/", {"q": "زعفران", "sort": "date"}).content.decode()
    assert html.index(body_new.get_absolute_url()) < html.index(title_old.get_absolute_url())
    assert '<span aria-current="true">تازه‌ترین</span>' in html
    assert 'name="sort" value="date"' in html  # a new query keeps the order


# A corpus of nine matches, three candidates a query, exact counting up to four: past
# the candidates, the total is estimated.
SMALL = {"SEARCH_CANDIDATES": 3, "SEARCH_RANK_CANDIDATES": 3, "SEARCH_MAX_PAGES": 1,
         "SEARCH_RESULTS_PER_PAGE": 2}


@pytest.fixture
def nine_matches(db):
    now = timezone.now()
    return [make_article(title=f"بارش باران {i}", published_at=now - timedelta(days=i)) for i in range(9)]


@postgres_only
@override_settings(**SMALL, SEARCH_EXACT_COUNT_MAX=4)
def test_past_the_candidates_the_total_is_an_estimate_shown_as_such(client, nine_matches):
    result = search_articles(query="باران")
    assert result["estimated"] and result["total"] >= 3
    assert len(result["results"]) == 2  # still a full page, best of the candidates
    html = client.get("/search/", {"q": "باران"}).content.decode()
    assert "حدود" in html


@postgres_only
@override_settings(**SMALL, SEARCH_EXACT_COUNT_MAX=100)
def test_a_small_total_past_the_candidates_is_counted_exactly(nine_matches):
    result = search_articles(query="باران")
    assert not result["estimated"] and result["total"] == 9


@override_settings(**SMALL)
def test_sqlite_counts_exactly(nine_matches):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's counts")
    result = search_articles(query="باران")
    assert not result["estimated"] and result["total"] == 9


@pytest.mark.parametrize(("n", "shown"), [
    (0, 0), (99, 99), (100, 100), (1234, 1200), (68_951, 69_000), (1_005_000, 1_000_000), (995, 1000),
])
def test_rounded_estimate(n, shown):
    assert rounded_estimate(n) == shown


def _analysed(text: str) -> analysis.Analysed:
    return analysis.analyse(text)


@pytest.mark.parametrize(("title", "body", "expected"), [
    # title terms from 1 (weight A), its joins after a gap, body terms (D, bare) after another
    ("پهپاد تازه", "باران", "'پهپاد':1A 'تازه':2A 'پهپادتازه':5A 'باران':8"),
    # a word twice keeps both positions; «و» is never joined
    ("باران و باران", "", "'باران':1A,3A 'و':2A"),
    ("", "", ""),
])
def test_tsvector_text(title, body, expected):
    assert tsvector_text(_analysed(title), _analysed(body)) == expected


def test_tsvector_text_keeps_postgresqls_limits():
    body = analysis.Analysed(terms=["باران"] * 300 + ["پایان"], joins=[])
    text = tsvector_text(analysis.Analysed([], []), body)
    positions = text.split(" ")[0].split(":")[1].split(",")
    assert len(positions) == MAX_POSITIONS
    far = tsvector_text(analysis.Analysed([], []), analysis.Analysed(["الف"] * 20_000 + ["پایان"], []))
    assert far.endswith(f"'پایان':{MAX_POSITION}")


@pytest.mark.django_db
def test_a_phrase_is_found_from_positions_however_its_words_are_inflected():
    a = make_article(title="نشست‌های خبری هفته", body="<p>متن.</p>")
    b = make_article(title="نشست امروز", body="<p>هیچ خبری نبود.</p>")
    assert ids(search_articles(query='"نشست خبری"')) == [a.pk]
    assert set(ids(search_articles(query="نشست خبری"))) == {a.pk, b.pk}


@pytest.mark.django_db
def test_a_negated_verb_finds_negated_text_only():
    pos = make_article(title="بنزین گران می‌شود")
    neg = make_article(title="بنزین گران نمی‌شود")
    assert ids(search_articles(query="نمیشود")) == [neg.pk]
    assert ids(search_articles(query="نمی شود بنزین")) == [neg.pk]
    assert ids(search_articles(query="میشود")) == [pos.pk]


@pytest.mark.django_db
def test_reindex_replaces_existing_documents_and_fills_missing_ones_in_batches():
    from didgah.search.models import SearchDocument
    from didgah.search.services import search_reindex

    articles = [make_article(title=f"خبر شمارهٔ {i} دربارهٔ زعفران") for i in range(5)]
    SearchDocument.objects.filter(article_id__in=[a.pk for a in articles[:2]]).delete()
    SearchDocument.objects.filter(article_id=articles[2].pk).update(
        title_terms="کهنه", body_terms="", tsv=None, title_key="کهنه")
    assert search_reindex(batch_size=2) == {"indexed": 5, "orphans_removed": 0}
    assert set(ids(search_articles(query="زعفران"))) == {a.pk for a in articles}
    assert not search_articles(query="کهنه")["total"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_first_build_on_postgresql_loads_then_builds_the_indexes():
    from didgah.search.models import SearchDocument
    from didgah.search.services import search_reindex

    articles = [make_article(title=f"گزارش {i} از برداشت پسته") for i in range(5)]
    SearchDocument.objects.all().delete()
    assert search_reindex(batch_size=2)["indexed"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchdocument'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"search_doc_tsv", "search_doc_title_trgm"} <= names
    with connection.cursor() as cursor:  # and the planner has the filled table's statistics
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'search_searchdocument'")
        assert cursor.fetchone()[0] is not None
    assert set(ids(search_articles(query="پسته"))) == {a.pk for a in articles}


@override_settings(SEARCH_RESULTS_PER_PAGE=2, SEARCH_RELEVANCE_PAGES=2, SEARCH_MAX_PAGES=4)
def test_a_ranking_serves_its_pages_and_points_past_them_to_the_newest_first_order(client, nine_matches):
    by_relevance = search_articles(query="باران", page=3)
    assert by_relevance["page"] == 2 and by_relevance["num_pages"] == 2 and by_relevance["more_by_date"]
    by_date = search_articles(query="باران", sort="date", page=4)
    assert by_date["page"] == 4 and by_date["num_pages"] == 4 and not by_date["more_by_date"]
    assert ids(by_date) == [a.pk for a in nine_matches[6:8]]
    html = client.get("/search/", {"q": "باران", "page": "2"}).content.decode()
    assert "به ترتیب تازه‌ترین" in html and "sort=date" in html
    first = client.get("/search/", {"q": "باران"}).content.decode()
    assert "به ترتیب تازه‌ترین" not in first


@postgres_only
@pytest.mark.parametrize("exact_max", [4, 100])
def test_both_orders_show_the_same_total(nine_matches, settings, exact_max):
    settings.SEARCH_RESULTS_PER_PAGE, settings.SEARCH_RELEVANCE_PAGES, settings.SEARCH_MAX_PAGES = 2, 1, 5
    settings.SEARCH_EXACT_COUNT_MAX = exact_max
    by_relevance = search_articles(query="باران")
    by_date = search_articles(query="باران", sort="date")
    assert (by_relevance["total"], by_relevance["estimated"]) == (by_date["total"], by_date["estimated"])
    if exact_max == 100:  # an estimate this small is counted
        assert (by_relevance["total"], by_relevance["estimated"]) == (9, False)


@override_settings(SEARCH_RESULTS_PER_PAGE=3, SEARCH_RELEVANCE_PAGES=3, SEARCH_MAX_PAGES=3)
def test_newest_first_carries_each_result_s_own_score(nine_matches):
    # The newest-first page is chosen by date alone; each row's score is still its rank.
    make_article(title="باران", lead="باران باران باران", published_at=timezone.now() - timedelta(days=20))
    by_relevance = {r["id"]: r["score"] for p in (1, 2, 3) for r in search_articles(query="باران", page=p)["results"]}
    for page in (1, 2, 3):
        for r in search_articles(query="باران", sort="date", page=page)["results"]:
            if r["id"] in by_relevance:
                assert r["score"] == pytest.approx(by_relevance[r["id"]], rel=1e-4)
