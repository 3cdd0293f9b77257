"""One model instance from one plain query, for the per-request hot paths.

The ORM builds (compiles) every query anew; for the rows every request reads (the
signed-in reader, the article on its page) that building cost more than the query.
`fetch_one` reads the same columns with SQL prepared once per model, database and
condition, and gives the instance the ORM would: the database's values go through the
same converters (SQLite returns datetimes as text), and from_db marks it as loaded.
`fetch_pair` does the same for a row and the row of another model joined to it (a
session and its reader), `fetch_pairs` for several."""

from __future__ import annotations

from django.db import connections, router

# The largest id of the 64-bit id columns: a larger one cannot exist (and SQLite refuses
# it as a parameter).
MAX_ID = 2**63 - 1

_plans: dict = {}  # (model(s), database alias, condition(s)) → (SQL, attnames, converters, …)


def _columns(model, db: str, alias: str = ""):
    """(column SQL, attnames, converters) of the model's concrete fields."""
    connection = connections[db]
    q = connection.ops.quote_name
    table = model._meta.db_table
    prefix = f"{alias}." if alias else ""
    fields = model._meta.concrete_fields
    converters = []
    for field in fields:
        col = field.get_col(table)
        converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
    return [f"{prefix}{q(f.column)}" for f in fields], [f.attname for f in fields], converters


def _plan(model, db: str, where: str):
    key = (model, db, where)
    plan = _plans.get(key)
    if plan is None:
        columns, attnames, converters = _columns(model, db)
        sql = f"SELECT {', '.join(columns)} FROM {connections[db].ops.quote_name(model._meta.db_table)} WHERE {where}"  # noqa: S608
        plan = _plans[key] = (sql, attnames, converters)
    return plan


def _instance(model, db: str, connection, row, attnames, converters):
    values = []
    for value, (col, funcs) in zip(row, converters):
        for func in funcs:
            value = func(value, col, connection)
        values.append(value)
    return model.from_db(db, attnames, values)


def fetch_one(model, where: str, params: list):
    """The first row of `model` matching `where` (SQL over its own column names, with
    %s placeholders; a constant string, never built from input), or None."""
    db = router.db_for_read(model)
    connection = connections[db]
    sql, attnames, converters = _plan(model, db, where)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    if row is None:
        return None
    return _instance(model, db, connection, row, attnames, converters)


def fetch_pair(model, other, on: str, where: str, params: list):
    """The first row of `model` matching `where` and the row of `other` joined to it by
    `on` (a LEFT JOIN: None when there is none), as (instance, other instance), or
    (None, None). In `on` and `where`, `m.` names model's columns and `o.` other's;
    both are constant strings, never built from input. Both models must live in the
    same database."""
    rows = fetch_pairs(model, other, on, where, params, limit=1)
    return rows[0] if rows else (None, None)


def fetch_pairs(model, other, on: str, where: str, params: list, *, limit: int | None = None) -> list:
    """fetch_pair for every row matching `where` (at most `limit`): [(instance, other
    instance or None), …], each pair new objects."""
    db = router.db_for_read(model)
    connection = connections[db]
    key = (model, other, db, on, where)
    plan = _plans.get(key)
    if plan is None:
        q = connection.ops.quote_name
        m_columns, m_attnames, m_converters = _columns(model, db, "m")
        o_columns, o_attnames, o_converters = _columns(other, db, "o")
        sql = (f"SELECT {', '.join(m_columns + o_columns)} FROM {q(model._meta.db_table)} m "  # noqa: S608
               f"LEFT JOIN {q(other._meta.db_table)} o ON {on} WHERE {where}")
        pk_index = len(m_columns) + other._meta.concrete_fields.index(other._meta.pk)
        plan = _plans[key] = (sql, m_attnames, m_converters, o_attnames, o_converters, pk_index)
    sql, m_attnames, m_converters, o_attnames, o_converters, pk_index = plan
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchmany(limit) if limit else cur.fetchall()
    split = len(m_attnames)
    return [(_instance(model, db, connection, row[:split], m_attnames, m_converters),
             None if row[pk_index] is None else _instance(other, db, connection, row[split:], o_attnames, o_converters))
            for row in rows]
