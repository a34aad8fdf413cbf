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

# Columns whose (hashable) values repeat across a batch: one clock stamp per batch, so each
# distinct value is converted once.
_REPEATED = frozenset({"created_at", "updated_at", "hlc", "device_id"})


def _memoised(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Hashable, Any] = {}

    def cached(value: Any) -> Any:
        if value not in seen:
            seen[value] = convert(value)
        return seen[value]

    return cached


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
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, column in enumerate(columns):
        processor = _processor(column, dialect)
        if processor is not None:
            if column.name in _REPEATED:
                processor = _memoised(processor)
            converters.append((index, processor))
    values: list[list[Any]] = []
    for row in rows:
        record = [row[name] for name in names]
        for index, convert in converters:
            if record[index] is not None:
                record[index] = convert(record[index])
        values.append(record)
    sql = (
        f"INSERT INTO {table.__tablename__} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    driver = connection.connection.driver_connection
    assert driver is not None, "a session's connection is open"
    driver.executemany(sql, values)
