"""Keeping the search index in step with articles.

didgah.news.services calls these inside the transaction that writes or deletes the
article, so the index never shows a state the database does not hold. Drafts are
indexed as well: visibility (status, publication time) is checked at query time,
which also makes scheduled articles searchable at their time with no write.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from didgah.persian import search_key

from . import analysis
from .models import SearchDocument


# A tag, its quoted attribute values allowed to hold ">". Stored bodies have been through
# the allow-list (didgah.common.html), so a pattern is enough to take the tags out; the
# HTML parser behind django.utils.html.strip_tags costs twenty times as much, and the
# search page strips a body for every result's snippet.
_TAG = re.compile(r"""<(?:[^<>"']|"[^"]*"|'[^']*')*>""")


def _plain(html_text: str) -> str:
    # Tags become spaces so words from adjacent paragraphs do not run together.
    return html.unescape(_TAG.sub(" ", html_text or ""))


# PostgreSQL's tsvector limits (src/include/tsearch/ts_type.h): positions above
# MAX_POSITION count as MAX_POSITION, a lexeme keeps at most MAX_POSITIONS of them, and
# a lexeme may be at most MAX_LEXEME_BYTES long. to_tsvector applies the same limits.
MAX_POSITION = 16383
MAX_POSITIONS = 256
MAX_LEXEME_BYTES = 2047
# Positions skipped between title terms, title joins, body terms and body joins, so
# that a phrase (`<->`, one position apart) never runs from one part into the next,
# as FTS5's separate columns never do.
SEGMENT_GAP = 2


# Every position a tsvector can hold, written out once: a reindex writes one per word
# of every article, and formatting each there would cost more than the rest of it.
_AT = tuple(str(i) for i in range(MAX_POSITION + 1))
_AT_TITLE = tuple(f"{i}A" for i in range(MAX_POSITION + 1))


def tsvector_text(title: analysis.Analysed, body: analysis.Analysed) -> str:
    """The tsvector literal of one document: title terms and joins weighted A, body D
    (the default, written bare), each part's positions after the previous part's.

    Pure: the one Python analysis fills PostgreSQL's index (no to_tsvector parsing, so
    the engine sees exactly the keys SQLite's FTS5 sees). Keys are letters or digits
    only, so they need no escaping inside the quotes."""
    at: dict[str, list[str]] = defaultdict(list)
    pos = 1
    for keys, written in ((title.terms, _AT_TITLE), (title.joins, _AT_TITLE), (body.terms, _AT), (body.joins, _AT)):
        end = pos + len(keys)
        if end <= MAX_POSITION:
            for key, position in zip(keys, written[pos:end]):
                at[key].append(position)
        else:
            for i, key in enumerate(keys, pos):
                at[key].append(written[min(i, MAX_POSITION)])
        pos = end + SEGMENT_GAP
    return " ".join(
        f"'{key}':" + ",".join(positions[:MAX_POSITIONS])
        for key, positions in at.items() if key and _writable_key(key)
    )


@lru_cache(maxsize=100_000)
def _writable_key(key: str) -> bool:
    return len(key.encode()) <= MAX_LEXEME_BYTES and analysis.is_safe_key(key)


def document_fields(
    *, title: str, lead: str, body_html: str, source_name: str, vendor: str = "sqlite",
) -> dict[str, str]:
    """The SearchDocument columns for one article's text (pure: no database): the
    analysed terms as text for SQLite's FTS5, as a tsvector for PostgreSQL."""
    t = analysis.analyse(title)
    b = analysis.analyse(" \n ".join((lead or "", _plain(body_html), source_name or "")))
    if vendor == "postgresql":
        return {"title_terms": "", "title_joins": "", "body_terms": "", "body_joins": "",
                "title_key": search_key(title or ""), "tsv": tsvector_text(t, b)}
    return {
        "title_terms": " ".join(t.terms),
        "title_joins": " ".join(t.joins),
        "body_terms": " ".join(b.terms),
        "body_joins": " ".join(b.joins),
        "title_key": search_key(title or ""),
    }


def _fields_for(article) -> dict[str, str]:
    source = getattr(article, "source", None) if article.source_id else None
    fields = document_fields(
        title=article.title, lead=article.lead, body_html=article.body,
        source_name=source.name if source is not None else "", vendor=connection.vendor,
    )
    # NULL for a draft: PostgreSQL tells what readers may see from the document alone.
    fields["published_at"] = article.listed_from()
    return fields


def index_article(*, article) -> None:
    """Create or refresh the article's search document.

    Call inside the transaction that wrote `article` (already saved, so it has a pk).
    The engine index follows through triggers (SQLite) or a generated column (PG)."""
    SearchDocument.objects.update_or_create(article_id=article.pk, defaults=_fields_for(article))


def unindex_article(*, article_id: int) -> None:
    """Call inside the transaction that deletes the article (the row's foreign key
    cascade would remove it too; doing it here keeps the order explicit)."""
    SearchDocument.objects.filter(article_id=article_id).delete()


def search_reindex(
    *, batch_size: int = 500, progress: Callable[[int, int], None] | None = None, workers: int = 1,
) -> dict[str, int]:
    """Rebuild every article's search document, a batch at a time.

    Safe while the site serves: each batch is its own short transaction that reads the
    articles and writes their documents together, holding the write lock (SQLite
    IMMEDIATE) or row locks (PostgreSQL FOR UPDATE), so an editor's concurrent save is
    ordered before or after the batch and its fresh document is never overwritten with
    a stale one. Readers keep seeing the old document until a batch commits.
    Documents of articles that no longer exist are removed at the end.

    workers > 1 (PostgreSQL): that many processes, each over its own range of ids. The
    analysis is Python, so one process uses one core; SQLite has one writer anyway.
    Call outside a transaction when workers > 1: the workers commit on their own
    connections. Inside one, a first build keeps the indexes and adds to them."""
    from didgah.news.models import Article

    from . import schema

    total = Article.objects.count()
    # A first build on PostgreSQL (no document yet: after `migrate` on an archive moved
    # in) loads the rows and then builds the GIN indexes once, as PostgreSQL's guide to
    # populating a database advises, instead of adding every document's lexemes to them
    # one by one. Searches during that build find nothing either way.
    first_build = (connection.vendor == "postgresql" and not connection.in_atomic_block
                   and total > batch_size and not SearchDocument.objects.exists())
    if first_build:
        schema.drop_index(connection)
    try:
        if workers > 1 and connection.vendor == "postgresql" and total > batch_size:
            done = _reindex_in_processes(batch_size=batch_size, progress=progress, workers=workers, total=total)
        else:
            done = _reindex_range(0, None, batch_size=batch_size,
                                  progress=(lambda n: progress(n, total)) if progress else None)
    finally:
        if first_build:
            _create_indexes_at_once(schema.POSTGRES_INDEXES)
            schema.create_index(connection)  # anything else missing
    if first_build:
        # The guide's last step: the planner's statistics of a table just filled (how
        # many documents a word matches, how the dates spread) choose between reading GIN
        # and walking the dates, and estimate the totals; autovacuum gets there later.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
    # NOT EXISTS, an anti-join: `NOT IN (subquery)` cannot be hashed once the ids outgrow
    # PostgreSQL's work_mem, and then compares every document with every article.
    orphans, _ = SearchDocument.objects.filter(
        ~Exists(Article.objects.filter(pk=OuterRef("article_id")))
    ).delete()
    return {"indexed": done, "orphans_removed": orphans}


def _create_indexes_at_once(statements: list[str]) -> None:
    """Run each CREATE INDEX on a connection of its own, at the same time: PostgreSQL
    builds a GIN index on one core, and a first build has two to make (the documents'
    and the titles' trigrams). Call outside a transaction: each statement commits on
    its own connection."""
    from concurrent.futures import ThreadPoolExecutor

    def create(sql: str) -> None:
        try:
            with connection.cursor() as cursor:  # this thread's own connection
                cursor.execute(sql)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(statements)) as pool:
        for future in [pool.submit(create, sql) for sql in statements]:
            future.result()


def _reindex_range(after: int, upto: int | None, *, batch_size: int, progress: Callable[[int], None] | None) -> int:
    """Reindex the articles with after < pk <= upto, a batch per transaction."""
    from didgah.news.models import Article

    done, last_id = 0, after
    while True:
        with transaction.atomic():
            qs = Article.objects.filter(pk__gt=last_id).order_by("pk").select_related("source")
            if upto is not None:
                qs = qs.filter(pk__lte=upto)
            if connection.features.has_select_for_update:
                qs = qs.select_for_update(of=("self",))
            batch = list(qs[:batch_size])
            if not batch:
                break
            _write_batch(batch)
        last_id = batch[-1].pk
        done += len(batch)
        if progress:
            progress(done)
    return done


def _reindex_in_processes(*, batch_size: int, progress, workers: int, total: int) -> int:
    import multiprocessing
    import time

    from django.db import connections
    from django.db.models import Max, Min

    from didgah.news.models import Article

    bounds = Article.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    lo, hi = bounds["lo"] - 1, bounds["hi"]
    cuts = [lo + (hi - lo) * i // workers for i in range(workers)] + [hi]
    ctx = multiprocessing.get_context("fork")
    counters = [ctx.Value("q", 0) for _ in range(workers)]
    # A forked child must not share the parent's database connection.
    connections.close_all()
    procs = [ctx.Process(target=_reindex_worker, args=(cuts[i], cuts[i + 1], batch_size, counters[i]))
             for i in range(workers)]
    for proc in procs:
        proc.start()
    while any(proc.is_alive() for proc in procs):
        time.sleep(0.5)
        if progress:
            progress(sum(c.value for c in counters), total)
    for proc in procs:
        proc.join()
    if any(proc.exitcode for proc in procs):
        raise RuntimeError("a search_reindex worker failed; run it again (finished batches are kept)")
    done = sum(c.value for c in counters)
    if progress:
        progress(done, total)
    return done


def _reindex_worker(after: int, upto: int, batch_size: int, counter) -> None:
    def progress(n: int) -> None:
        counter.value = n

    try:
        _reindex_range(after, upto, batch_size=batch_size, progress=progress)
    finally:
        connection.close()


def _write_batch(articles: Iterable) -> None:
    """Write the documents of `articles` in one statement: new ones inserted, existing
    ones replaced (an upsert on the one-document-per-article key; Django's bulk_update
    would build a CASE per column per row, which costs more than the analysis)."""
    docs = [SearchDocument(article_id=article.pk, **_fields_for(article)) for article in articles]
    fields = ["title_terms", "title_joins", "body_terms", "body_joins", "title_key", "published_at", "indexed_at"]
    if connection.vendor == "postgresql":
        fields.append("tsv")
    SearchDocument.objects.bulk_create(docs, update_conflicts=True, unique_fields=["article"], update_fields=fields)
