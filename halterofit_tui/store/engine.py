"""Opening the local database: pragmas, migrations, clear errors.

Start-up cost matters (every CLI call opens the store), so an up-to-date database is recognised
with one query and alembic is imported only when a migration has to run.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from halterofit_tui.config import Paths, ensure_writable_dir
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.hlc import Hlc, tick
from halterofit_tui.store import reader
from halterofit_tui.store.tables import LocalMetaRow, SyncColumns

# The newest migration, defined where read commands can import it without SQLAlchemy.
HEAD_REVISION = reader.HEAD_REVISION
BACKUPS_KEPT = 10


class StoreError(HalterofitError):
    """The database cannot be used as it is (corrupt, read-only, newer than this program)."""


def _read_only(database: Path) -> str:
    return f"database {database} is read-only; make it writable (chmod u+w, or chattr -i)"


def _restore_hint(paths: Paths) -> str:
    return f"restore a copy from {paths.backups}" if paths.backups.is_dir() else "restore a backup"


def describe_database_error(exc: BaseException, paths: Paths) -> str:
    """One line a lifter can act on, for an error SQLite raised."""
    message = str(getattr(exc, "orig", None) or exc).strip()
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return _read_only(paths.database)
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return (
            f"database {paths.database} is corrupt ({message}); move it aside and "
            f"{_restore_hint(paths)}"
        )
    if "locked" in lowered or "busy" in lowered:
        return f"database {paths.database} is busy (another Halterofit is writing); try again"
    if "disk" in lowered and "full" in lowered:
        return f"cannot write {paths.database}: the disk is full"
    return f"database {paths.database} cannot be used: {message}"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    # FULL: a set whose command returned survives a power cut, not only a killed process.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


@dataclass
class Database:
    paths: Paths
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except (OperationalError, DatabaseError) as exc:
            raise StoreError(describe_database_error(exc, self.paths)) from exc

    def meta(self, session: Session, key: str) -> str | None:
        row = session.get(LocalMetaRow, key)
        return row.value if row else None

    def set_meta(self, session: Session, key: str, value: str) -> None:
        row = session.get(LocalMetaRow, key)
        if row is None:
            session.add(LocalMetaRow(key=key, value=value))
        else:
            row.value = value
            session.add(row)

    def device_id(self, session: Session) -> str:
        device = self.meta(session, "device_id")
        if device is None:
            device = str(uuid.uuid4())
            self.set_meta(session, "device_id", device)
        return device

    def stamp(self, session: Session, row: SyncColumns, *, created: bool = False) -> None:
        """Mark an edit for sync: a fresh clock stamp, dirty, next local revision."""
        now = datetime.now(UTC)
        last = self.meta(session, "hlc")
        stamp = tick(Hlc.decode(last) if last else None, time.time_ns() // 1_000_000)
        self.set_meta(session, "hlc", stamp.encode())
        row.hlc = stamp.encode()
        row.device_id = self.device_id(session)
        row.updated_at = now
        row.dirty = True
        if created:
            row.created_at = now
            row.local_rev = 1
        else:
            row.local_rev = (row.local_rev or 0) + 1
        session.add(row)

    def dispose(self) -> None:
        self.engine.dispose()


def _current_revision(connection: sqlite3.Connection) -> str | None:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables:
            raise StoreError("this file is not a Halterofit database (no schema version)")
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _check_file(paths: Paths) -> None:
    database = paths.database
    if database.exists() and not database.is_file():
        raise StoreError(f"database path {database} is not a file")
    if database.exists() and not os.access(database, os.R_OK | os.W_OK):
        raise StoreError(_read_only(database))


def backup_database(source: Path, target: Path, *, wait_s: float = 30.0) -> Path:
    """A consistent copy through SQLite's online backup (safe while another process writes).

    Raises sqlite3.OperationalError when a database stays locked by another writer for `wait_s`
    (Python's backup loop would otherwise retry forever).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s

    def give_up_when_stuck(status: int, _remaining: int, _total: int) -> None:
        if status in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED} and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    src = sqlite3.connect(source, timeout=wait_s)
    dst = sqlite3.connect(target, timeout=wait_s)
    try:
        src.backup(dst, progress=give_up_when_stuck)
    finally:
        dst.close()
        src.close()
    return target


def prune_backups(folder: Path, prefix: str) -> None:
    copies = sorted(folder.glob(f"{prefix}*.db"))
    for old in copies[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)


def _migrate(paths: Paths, current: str | None) -> None:
    if current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = paths.backups / f"pre-migration-{current}-to-{HEAD_REVISION}-{stamp}.db"
        backup_database(paths.database, target)
        prune_backups(paths.backups, "pre-migration-")
    from halterofit_tui.store.migrate import upgrade

    upgrade(paths.database, HEAD_REVISION)


def open_database(paths: Paths) -> Database:
    """Open (creating or migrating as needed) the store in `paths`, or raise a clear error."""
    ensure_writable_dir(paths.data_dir)
    _check_file(paths)
    try:
        raw = sqlite3.connect(paths.database)
        try:
            # WAL lets the app read while the CLI writes; the setting persists in the file.
            mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
            current = _current_revision(raw)
            if current is not None and current != HEAD_REVISION and not _is_known(current):
                raise StoreError(
                    f"database {paths.database} was written by a newer Halterofit "
                    f"(schema {current}); upgrade Halterofit to open it"
                )
            if mode != "wal":
                raw.execute("PRAGMA journal_mode = WAL")
        finally:
            raw.close()
        if current != HEAD_REVISION:
            _migrate(paths, current)
    except (sqlite3.Error, SQLAlchemyError) as exc:
        raise StoreError(describe_database_error(exc, paths)) from exc
    engine = create_engine(f"sqlite:///{paths.database}")
    event.listen(engine, "connect", _set_pragmas)
    return Database(paths=paths, engine=engine)


def _is_known(revision: str) -> bool:
    from halterofit_tui.store.migrate import known_revisions

    return revision in known_revisions()
