"""The variant table: Persian documents written the many ways published text varies, and
queries typed the many ways readers type, each with exactly the documents it must find.

Runs unchanged on SQLite (FTS5) and PostgreSQL (tsvector): `make test` and
`make test-postgres` must both pass it with the same expected results. The same table
is the recall measure of bench/search_bench.py.
"""

import pytest

from didgah.search.selectors import search_articles

from .variant_table import DOCUMENTS, VARIANT_QUERIES, load_documents

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def docs(django_db_setup, django_db_blocker):
    """The table's documents, created once for the module (through the news services,
    so they are indexed the way editors' and feeds' articles are)."""
    with django_db_blocker.unblock():
        ids = load_documents()
        yield ids
        from didgah.news.models import Article, Source

        Article.objects.filter(pk__in=ids.values()).delete()
        Source.objects.filter(slug__startswith="variant-").delete()


def _found(query: str, ids: dict[str, int]) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    result = search_articles(query=query, per_page=100)
    return {by_id[r["id"]] for r in result["results"] if r["id"] in by_id}


@pytest.mark.parametrize(("query", "expected"), VARIANT_QUERIES, ids=[q for q, _ in VARIANT_QUERIES])
def test_variant_query_finds_exactly_its_documents(docs, query, expected):
    assert _found(query, docs) == set(expected)


def test_table_documents_all_exist(docs):
    assert set(docs) == set(DOCUMENTS)
