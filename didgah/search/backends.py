"""The two engines behind one interface: `matches(...)` returns a page of
(article_id, score) rows, the total and whether the total is an estimate, using SQL
specific to the connection's vendor. Filters and the recency boost are the same SQL on
both; what readers may see is read from the article's row on SQLite and from the
document's copy of it (`SearchDocument.published_at`) on PostgreSQL.

Scores are only comparable within one engine; the order they give is what matters:
relevance (FTS5 bm25 / PostgreSQL ts_rank, title weighted above body) multiplied by a
recency factor 1 + 1 / (1 + age_days / SEARCH_RECENCY_DAYS). `by_date` orders by
publication time instead, newest first.

PostgreSQL ranks the newest SEARCH_RANK_CANDIDATES matches, never all of them: the
documents are walked newest first (or the GIN index is read, when the words are rare:
the planner chooses) and the walk stops there. So a word in most of the archive costs
what a rare one does. Past that many matches the total is estimated from how dense the
matches are among the articles the walk covered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from didgah.news.models import Article

from . import analysis, conf
from .schema import FTS, TABLE


@dataclass(frozen=True)
class Page:
    rows: list[tuple[int, float]]
    total: int
    estimated: bool = False


@dataclass(frozen=True)
class Filters:
    now: datetime
    source_id: int | None = None
    category_id: int | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive


def _visible_where(filters: Filters, *, documents: bool = False) -> tuple[str, str, list]:
    """(join, where, params): SQL for what readers may see, and the filters.

    documents=False (SQLite): over alias `a`, the article's own row.
    documents=True (PostgreSQL): over alias `d`, the search documents. A document's
    published_at is NULL unless its article is listed (Article.listed_from), so
    visibility needs no article row: a common word's thousands of matches are not each
    looked up in news_article, which cost as much as finding them. The article is
    joined only to filter by source."""
    ops = connection.ops
    if documents:
        time, article_id = "d.published_at", "d.article_id"
        join = "JOIN news_article a ON a.id = d.article_id" if filters.source_id is not None else ""
        where: list[str] = []
        params: list = []
    else:
        time, article_id, join = "a.published_at", "a.id", ""
        where = [f"a.status IN ({', '.join(['%s'] * len(Article.LISTED_STATUSES))})"]
        params = [*Article.LISTED_STATUSES]
    where.append(f"{time} <= %s")
    params.append(ops.adapt_datetimefield_value(filters.now))
    if filters.source_id is not None:
        where.append("a.source_id = %s")
        params.append(filters.source_id)
    if filters.category_id is not None:
        through = Article.categories.through._meta.db_table
        where.append(f"EXISTS (SELECT 1 FROM {through} ac WHERE ac.article_id = {article_id} AND ac.category_id = %s)")
        params.append(filters.category_id)
    if filters.start is not None:
        where.append(f"{time} >= %s")
        params.append(ops.adapt_datetimefield_value(filters.start))
    if filters.end is not None:
        where.append(f"{time} < %s")
        params.append(ops.adapt_datetimefield_value(filters.end))
    return join, " AND ".join(where), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _total(rows: list, limit: int, offset: int, count_sql: str, params: list) -> int:
    """The number of matches; counted only when the page does not already tell."""
    if rows and len(rows) < limit:
        return offset + len(rows)
    if not rows and not offset:
        return 0
    return _fetch(count_sql, params)[0][0]


def matches(query: analysis.Query, filters: Filters, *, limit: int, offset: int, by_date: bool = False) -> Page:
    """One page of (article_id, score), best (or newest) first, and how many match."""
    if query.is_empty:
        return Page([], 0)
    if connection.vendor == "postgresql":
        return _postgres(query, filters, limit=limit, offset=offset, by_date=by_date)
    return _sqlite(query, filters, limit=limit, offset=offset, by_date=by_date)


def _sqlite(query, filters, *, limit, offset, by_date):
    _, where, params = _visible_where(filters)
    expr = analysis.fts5_expression(query)
    tw = conf.title_weight()
    now = connection.ops.adapt_datetimefield_value(filters.now)
    # CROSS JOIN fixes the loop order (SQLite never reorders it): the FTS matches
    # outside, one primary-key probe into news_article each. Left to itself the planner
    # may walk news_article's (status, published_at) index and query FTS5 per row:
    # 0.9 s instead of 0.1 s for a count over 4,000 matches in 100,000 articles.
    base = f"FROM {FTS} f CROSS JOIN news_article a ON a.id = f.rowid WHERE {FTS} MATCH %s AND {where}"
    recency = "(1.0 + 1.0 / (1.0 + max(0.0, julianday(%s) - julianday(a.published_at)) / %s))"
    if by_date:
        rows = _fetch(
            f"""SELECT a.id, -bm25({FTS}, {tw}, {tw}, 1.0, 1.0) * {recency} AS score
                {base} ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s""",
            [now, conf.recency_days(), expr, *params, limit, offset],
        )
    elif _unfiltered(filters):
        # A common word matches most of the corpus; joining every match to news_article
        # to weigh recency costs ~6x the match itself at 100k articles. The recency factor
        # is between 1 and 2, so the best pages come from the best bm25 matches: take
        # those inside FTS5 (no join), then weigh recency and visibility on them only.
        rows = _fetch(
            f"""WITH hits AS (
                    SELECT rowid AS id, bm25({FTS}, {tw}, {tw}, 1.0, 1.0) AS r FROM {FTS}
                    WHERE {FTS} MATCH %s ORDER BY r LIMIT %s)
                SELECT a.id, -h.r * {recency} AS score
                FROM hits h CROSS JOIN news_article a ON a.id = h.id WHERE {where}
                ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT %s OFFSET %s""",
            [expr, conf.candidates(), now, conf.recency_days(), *params, limit, offset],
        )
    else:
        rows = _fetch(
            f"""SELECT a.id, -bm25({FTS}, {tw}, {tw}, 1.0, 1.0) * {recency} AS score
                {base} ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT %s OFFSET %s""",
            [now, conf.recency_days(), expr, *params, limit, offset],
        )
    return Page([(r[0], float(r[1])) for r in rows],
                _total(rows, limit, offset, f"SELECT count(*) {base}", [expr, *params]))


def _postgres(query, filters, *, limit, offset, by_date):
    join, where, params = _visible_where(filters, documents=True)
    expr = analysis.tsquery_expression(query)
    tw = conf.title_weight()
    # ts_rank weights are {D, C, B, A}: body terms are D, title terms A.
    weights = "'{%s, 0.2, 0.4, %s}'" % (0.1, min(1.0, 0.1 * tw))
    # The newest matches a ranking ranks, and the ones a total is counted from (more
    # only for a page size larger than the site's, as the API may ask).
    cap = max(conf.rank_candidates(), limit if by_date else offset + limit)
    # The newest visible matches, as (id, time) only: ORDER BY the documents' own
    # (published_at, article_id) index lets PostgreSQL walk it and stop at the limit
    # when the words are common, or collect the few matches from GIN and sort them when
    # they are rare; either way the sort carries no tsvector (kilobytes a row).
    newest = f"""SELECT d.article_id, d.published_at FROM {TABLE} d {join}
        WHERE d.tsv @@ to_tsquery('simple', %s) AND {where}
        ORDER BY d.published_at DESC, d.article_id DESC LIMIT %s"""
    score = ("ts_rank(%s::float4[], d.tsv, q) * (1.0 + 1.0 / (1.0 + greatest(0.0, "
             "extract(epoch from (%%s - c.published_at)) / 86400.0) / %%s))" % weights)
    count_newest = f"SELECT count(*), min(published_at) FROM ({newest}) c"
    if by_date:
        # Newest first needs no ranking to choose its page: the page's rows alone have
        # their tsvector read for the score the results carry. The candidates' limit
        # stays (at least the page's end): a walk for the page alone (LIMIT 20) tempts the
        # planner to walk the dates for a rare phrase it thinks common, reading every
        # document's positions, where the candidates' limit lets it read the few matches
        # from GIN. Their count comes with the page (a window over the candidates).
        # MATERIALIZED: the candidates are planned as a whole; under the page's LIMIT the
        # planner would cost them as if only the page were read, and walk the dates.
        rows = _fetch(
            f"""WITH x AS MATERIALIZED ({newest})
                SELECT c.article_id, {score}, c.published_at, c.n, c.oldest
                FROM (SELECT x.article_id, x.published_at, count(*) OVER () AS n,
                             min(x.published_at) OVER () AS oldest
                      FROM x ORDER BY x.published_at DESC, x.article_id DESC LIMIT %s OFFSET %s) c
                JOIN {TABLE} d ON d.article_id = c.article_id, to_tsquery('simple', %s) q
                ORDER BY c.published_at DESC, c.article_id DESC""",
            [expr, *params, max(cap, offset + limit), filters.now, conf.recency_days(), limit, offset, expr])
        if rows and offset + limit <= cap:
            found, oldest = rows[0][3], rows[0][4]
        else:
            # Past the candidates: the total is still counted from them alone, so a reader
            # sees one total for a query in both orders.
            found, oldest = _fetch(count_newest, [expr, *params, cap])[0]
    else:
        # Ranked by reading each candidate's tsvector again through the primary key. The
        # inner query is kept whole (OFFSET 0) so the score is computed there: flattened,
        # PostgreSQL carries every candidate's tsvector through the window functions and
        # spills them to disk before ranking.
        rows = _fetch(
            f"""SELECT r.article_id, r.score, r.published_at, count(*) OVER (), min(r.published_at) OVER ()
                FROM (SELECT c.article_id, {score} AS score, c.published_at
                      FROM ({newest}) c JOIN {TABLE} d ON d.article_id = c.article_id, to_tsquery('simple', %s) q
                      OFFSET 0) r
                ORDER BY r.score DESC, r.published_at DESC, r.article_id DESC LIMIT %s OFFSET %s""",
            [filters.now, conf.recency_days(), expr, *params, cap, expr, limit, offset])
        if rows:
            found, oldest = rows[0][3], rows[0][4]
        else:
            found, oldest = _fetch(count_newest, [expr, *params, cap])[0]
    page = [(r[0], float(r[1])) for r in rows]
    # Both orders count from the same candidates, so a reader sees one total for a query.
    if found < cap:
        return Page(page, found)
    return Page(page, *_postgres_total(expr, join, where, params, found, oldest, filters))


def _unfiltered(filters: Filters) -> bool:
    return (filters.source_id, filters.category_id, filters.start, filters.end) == (None, None, None, None)


def _visible_count(join: str, where: str, params: list, filters: Filters) -> int:
    """How many articles readers may see under the filters. Unfiltered, the planner's
    row count of news_article (kept by autovacuum's ANALYZE) stands in: counting a
    million rows for every common word would cost more than the search, and an
    estimate is all it feeds."""
    if _unfiltered(filters):
        rows = _fetch("SELECT reltuples::bigint FROM pg_class WHERE oid = 'news_article'::regclass", [])
        if rows and rows[0][0] > 0:
            return rows[0][0]
    return _fetch(f"SELECT count(*) FROM {TABLE} d {join} WHERE {where}", params)[0][0]


def _window_count(join: str, where: str, params: list, oldest, filters: Filters) -> int:
    """How many articles readers may see from `oldest` on. Unfiltered, the planner's
    estimate (from the publication times' histogram) stands in, as for _visible_count:
    counting the window of a common word reads a third of the archive's index."""
    sql = f"SELECT 1 FROM {TABLE} d {join} WHERE {where} AND d.published_at >= %s"
    if _unfiltered(filters):
        plan = _fetch("EXPLAIN (FORMAT JSON) " + sql, [*params, oldest])[0][0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        rows = plan[0]["Plan"]["Plan Rows"]
        if rows > 0:
            return int(rows)
    return _fetch(f"SELECT count(*) FROM ({sql}) w", [*params, oldest])[0][0]


def _postgres_total(expr: str, join: str, where: str, params: list, found: int, oldest,
                    filters: Filters) -> tuple[int, bool]:
    """(total, estimated) when the candidates ran out before the matches did.

    Estimated as the matches' density among the visible articles the candidates span
    (newest back to `oldest`) times all the visible articles; counted exactly when
    that comes out small, where an exact count is cheap (the GIN index finds them)."""
    in_window = _window_count(join, where, params, oldest, filters)
    visible = _visible_count(join, where, params, filters)
    estimate = max(found, round(found * visible / max(in_window, 1)))
    limit = conf.exact_count_max()
    if estimate <= limit:
        exact = _fetch(
            f"""SELECT count(*) FROM (SELECT 1 FROM {TABLE} d {join}
                WHERE d.tsv @@ to_tsquery('simple', %s) AND {where} LIMIT %s) m""",
            [expr, *params, limit + 1],
        )[0][0]
        if exact <= limit:
            return exact, False
        estimate = max(estimate, exact)
    return estimate, True


def fuzzy_title_matches(key: str, filters: Filters, *, limit: int) -> list[tuple[int, float]]:
    """Titles similar to `key` (a search key) by pg_trgm, for a query that matched
    nothing exactly (a typo). PostgreSQL only: the embedded SQLite index has no
    trigram similarity, so there it returns nothing."""
    if connection.vendor != "postgresql" or not key:
        return []
    join, where, params = _visible_where(filters, documents=True)
    with connection.cursor() as cursor:
        # `<%` (word similarity above the threshold) is what the trigram index serves.
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                       [str(conf.fuzzy_threshold())])
        cursor.execute(
            f"""SELECT d.article_id, word_similarity(%s, d.title_key) AS score
                FROM {TABLE} d {join}
                WHERE %s <%% d.title_key AND {where}
                ORDER BY score DESC, d.published_at DESC, d.article_id DESC LIMIT %s""",
            [key, key, *params, limit],
        )
        return [(r[0], float(r[1])) for r in cursor.fetchall()]
