"""One model instance from one plain query, for the per-request hot paths.

The ORM builds (compiles) every query anew; for the rows every request reads (the
signed-in reader, the article on its page) that building cost more than the query.
`fetch_one` reads the same columns with SQL prepared once per model, database and
condition, and gives the instance the ORM would: the database's values go through the
same converters (SQLite returns datetimes as text), and from_db marks it as loaded."""

from __future__ import annotations

from django.db import connections, router

_plans: dict = {}  # (model, database alias, where) → (SQL, attnames, converters)


def _plan(model, db: str, where: str):
    key = (model, db, where)
    plan = _plans.get(key)
    if plan is None:
        connection = connections[db]
        fields = model._meta.concrete_fields
        q = connection.ops.quote_name
        table = model._meta.db_table
        sql = f"SELECT {', '.join(q(f.column) for f in fields)} FROM {q(table)} WHERE {where}"  # noqa: S608
        converters = []
        for field in fields:
            col = field.get_col(table)
            converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
        plan = _plans[key] = (sql, [f.attname for f in fields], converters)
    return plan


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
    values = []
    for value, (col, funcs) in zip(row, converters):
        for func in funcs:
            value = func(value, col, connection)
        values.append(value)
    return model.from_db(db, attnames, values)
