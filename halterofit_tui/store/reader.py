"""Read-only access to the store through the standard library's sqlite3.

Importing SQLAlchemy and SQLModel costs ~480 ms on a small machine, more than a read command's
whole budget, and reading needs neither: queries are SQL. A read command opens a `Reader` when
the store needs no work first (file present, schema current, catalogue applied, profile made);
otherwise `open_reader` answers None and the caller opens the store the full way (which
creates, migrates and fills it) and tries again. Writes always go through SQLModel.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from halterofit_tui.config import Paths

# The newest migration; store/engine.py uses it and tests/store/test_migrations.py checks it
# against alembic's head.
HEAD_REVISION = "0007"
CATALOGUE_META_KEY = "catalogue_sha256"


def catalogue_path() -> Path:
    """data/exercises.json as shipped in the wheel, or the repository's in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "data", package.parent / "data"):
        candidate = folder / "exercises.json"
        if candidate.is_file():
            return candidate
    return package / "data" / "exercises.json"


class Reader:
    """A connection that only reads (PRAGMA query_only), with small query helpers."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        return self.connection.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        return self.connection.execute(sql, params).fetchone()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def connect_reader(database: Path) -> Reader:
    """A reader on a store already opened the full way (the app's, after open_store)."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA query_only = ON")
    connection.execute("PRAGMA busy_timeout = 5000")
    return Reader(connection)


def _ready(reader: Reader) -> bool:
    tables = {r[0] for r in reader.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"alembic_version", "local_meta", "profiles"} <= tables:
        return False
    if reader.one("SELECT version_num FROM alembic_version") != (HEAD_REVISION,):
        return False
    stored = reader.one("SELECT value FROM local_meta WHERE key = ?", (CATALOGUE_META_KEY,))
    try:
        shipped = hashlib.sha256(catalogue_path().read_bytes()).hexdigest()
    except OSError:
        return False
    if stored != (shipped,):
        return False
    return reader.one("SELECT 1 FROM profiles WHERE deleted = 0 LIMIT 1") is not None


def open_reader(paths: Paths) -> Reader | None:
    """A reader on the store in `paths`, or None when opening it the full way has work to do
    (or an error to report): no file yet, an older or newer schema, a changed catalogue, no
    profile, or a file SQLite cannot read."""
    database = paths.database
    if not database.is_file():
        return None
    try:
        reader = connect_reader(database)
    except sqlite3.Error:
        return None
    try:
        if _ready(reader):
            return reader
    except sqlite3.Error:
        pass
    reader.close()
    return None
