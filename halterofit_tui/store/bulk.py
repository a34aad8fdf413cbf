"""Bulk INSERTs straight through the sqlite3 driver, values stored exactly as the ORM stores them.

SQLAlchemy's executemany spends most of an import converting values through its statement
machinery; here each column's own bind processor (the same one the ORM uses, so stored text is
identical) runs in a plain loop, and values repeated across a batch (the batch's sync stamps)
are converted once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from sqlmodel import Session, SQLModel


def _processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    processor: Callable[[Any], Any] | None = column.type.dialect_impl(dialect).bind_processor(
        dialect
    )
    return processor


def insert_many(session: Session, table: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` in the session's transaction: dicts keyed by column name, all with the
    first row's keys. Columns left out take NULL or their server default: no Python-side
    default runs here."""
    if not rows:
        return
    session.flush()  # rows the ORM holds go first: ours may refer to them
    connection = session.connection()
    dialect = connection.dialect
    columns = [c for c in table.__table__.columns if c.name in rows[0]]  # type: ignore[attr-defined]
    names = [column.name for column in columns]
    processors = [_processor(column, dialect) for column in columns]
    memo: list[dict[Hashable, Any]] = [{} for _ in columns]

    def stored(index: int, value: Any) -> Any:
        processor = processors[index]
        if processor is None or value is None:
            return value
        if isinstance(value, Hashable):
            cache = memo[index]
            if value not in cache:
                cache[value] = processor(value)
            return cache[value]
        return processor(value)

    values = [tuple(stored(index, row[name]) for index, name in enumerate(names)) for row in rows]
    sql = (
        f"INSERT INTO {table.__tablename__} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    driver = connection.connection.driver_connection
    assert driver is not None, "a session's connection is open"
    driver.executemany(sql, values)
