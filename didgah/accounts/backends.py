"""Django's ModelBackend, with the signed-in reader loaded by one plain query.

AuthenticationMiddleware asks the backend for the user on every signed-in request;
ModelBackend builds that query with the ORM, a large share of a vote's cost. The row
is the same, and so is every rule after it (is_active through user_can_authenticate,
the session hash check in django.contrib.auth.get_user)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router


class ReaderBackend(ModelBackend):
    _plans: dict = {}  # database alias → (SQL, attnames, converters per column)

    def _plan(self, model, db: str):
        plan = self._plans.get(db)
        if plan is None:
            connection = connections[db]
            fields = model._meta.concrete_fields
            q = connection.ops.quote_name
            sql = (f"SELECT {', '.join(q(f.column) for f in fields)} FROM {q(model._meta.db_table)} "  # noqa: S608
                   f"WHERE {q(model._meta.pk.column)} = %s")
            # A plain cursor returns the database's own values (SQLite: text for
            # datetimes); the converters the ORM would apply give the same Python values.
            converters = []
            for field in fields:
                col = field.get_col(model._meta.db_table)
                converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
            plan = self._plans[db] = (sql, [f.attname for f in fields], converters)
        return plan

    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 - a malformed id in a session is no user
            return None
        db = router.db_for_read(model)
        connection = connections[db]
        sql, attnames, converters = self._plan(model, db)
        with connection.cursor() as cur:
            cur.execute(sql, [pk])
            row = cur.fetchone()
        if row is None:
            return None
        values = []
        for value, (col, funcs) in zip(row, converters):
            for func in funcs:
                value = func(value, col, connection)
            values.append(value)
        user = model.from_db(db, attnames, values)
        return user if self.user_can_authenticate(user) else None
