"""Engine-specific index DDL, shared by the migrations and `search_reindex --repair`.

SQLite: an FTS5 *external-content* table over search_searchdocument (SQLite 3.40 has
no contentless_delete), kept in step by triggers, so every write to a SearchDocument
row, from any code path, updates the index in the same transaction.
PostgreSQL: the model's `tsv` column, a tsvector the Python analysis builds
(services.tsvector_text: the same terms, with positions and title/body weights; the
text columns stay empty there), kept in its row compressed with lz4 rather than in a
TOAST table, since search reads it for every candidate; a GIN index over it, and
pg_trgm for fuzzy title matches.

Caution: a later migration that makes Django rebuild search_searchdocument on SQLite
(some ALTERs do) drops the triggers; run `search_reindex --repair` after it.
"""

from __future__ import annotations

TABLE = "search_searchdocument"
FTS = "search_fts"
COLUMNS = ("title_terms", "title_joins", "body_terms", "body_joins")

_cols = ", ".join(COLUMNS)
_new = ", ".join(f"new.{c}" for c in COLUMNS)
_old = ", ".join(f"old.{c}" for c in COLUMNS)

SQLITE_CREATE = [
    # unicode61 splits on what our tokenizer already split on; our keys are letters or
    # digits only. remove_diacritics 0: search_key has already folded what matters.
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({_cols},
        content='{TABLE}', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {_cols}) VALUES (new.article_id, {_new}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_cols}) VALUES ('delete', old.article_id, {_old}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_cols}) VALUES ('delete', old.article_id, {_old});
        INSERT INTO {FTS}(rowid, {_cols}) VALUES (new.article_id, {_new}); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_doc_ai",
    "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_au",
    f"DROP TABLE IF EXISTS {FTS}",
]

# The two indexes that POSTGRES_DROP drops, for a first build to make again.
POSTGRES_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS search_doc_tsv ON {TABLE} USING GIN (tsv)",
    f"CREATE INDEX IF NOT EXISTS search_doc_title_trgm ON {TABLE} USING GIN (title_key gin_trgm_ops)",
]
POSTGRES_CREATE = [
    # MAIN: compressed in the row, moved out only if the row would not fit a page. A
    # document's tsvector is a few kilobytes, which the default (EXTENDED) moves to the
    # TOAST table, one index probe and more pages for every candidate read. lz4
    # decompresses several times faster than pglz; it only applies to new values.
    f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN tsv SET COMPRESSION lz4",
    POSTGRES_INDEXES[0],
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    POSTGRES_INDEXES[1],
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_title_trgm",
    "DROP INDEX IF EXISTS search_doc_tsv",
]


def create_index(connection) -> None:
    """Idempotent: creates only what is missing (so `search_reindex --repair` may run it
    on a live database; an ALTER on a table that has its column would still lock it)."""
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            checks = [
                ("SELECT 1 FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'tsv' "
                 "AND attstorage = 'm' AND attcompression = 'l'", [TABLE]),
                ("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_tsv'", []),
                ("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'", []),
                ("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_title_trgm'", []),
            ]
            missing = []
            for sql, (check, params) in zip(statements, checks):
                cursor.execute(check, params)
                if not cursor.fetchone():
                    missing.append(sql)
            statements = missing
        for sql in statements:
            cursor.execute(sql)


def drop_index(connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
