"""``select_for_update(of=…)`` names checked on every backend, as PostgreSQL checks them.

SQLite has no ``FOR UPDATE``: Django leaves the clause out there, and with it the check that every name
in ``of`` is ``"self"`` or a relation the query follows. A misspelt name (``of=("SELF",)``) would then
pass the suite on SQLite and fail every request on PostgreSQL. While the suite runs, each compiled
query that asks for ``FOR UPDATE OF`` on a backend without it goes through Django's own check
(``SQLCompiler.get_select_for_update_of_arguments``, which raises ``FieldError`` for a bad name), so
a wrong ``of`` fails the tests on SQLite too (``tests/test_select_for_update_of.py``).
"""

from __future__ import annotations

from django.db.models.sql.compiler import SQLCompiler

_original_as_sql = SQLCompiler.as_sql


def _as_sql_checking_lock_names(self, *args, **kwargs):
    result = _original_as_sql(self, *args, **kwargs)
    query = self.query
    if query.select_for_update and query.select_for_update_of and not self.connection.features.has_select_for_update_of:
        self.get_select_for_update_of_arguments()  # FieldError for a name PostgreSQL would refuse
    return result


def install() -> None:
    SQLCompiler.as_sql = _as_sql_checking_lock_names


def uninstall() -> None:
    SQLCompiler.as_sql = _original_as_sql
