"""What every service's repository shares: running its SQL in the request's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg import sql

from shared.db import Transaction

Row = dict[str, Any]


class SqlStore:
    """Base of the PostgreSQL repositories: the transaction, one row, all rows, commit."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def commit(self) -> None:
        self._tx.commit()

    def _one(self, query: Any, params: Any = None) -> Row | None:
        row: Row | None = self._tx.execute(query, params).fetchone()
        return row

    def _all(self, query: Any, params: Any = None) -> list[Row]:
        return list(self._tx.execute(query, params).fetchall())


def column_equals(columns: Iterable[str]) -> list[sql.Composed]:
    """``"column" = %(column)s`` for each column. The names come from a wire model with
    ``extra="forbid"`` or a fixed list, never from free input; they are quoted anyway."""
    return [sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(column)) for column in columns]


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with the user's ``%``, ``_`` and ``\\`` taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
