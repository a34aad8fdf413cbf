"""Backups and restores of the local store.

Every copy goes through SQLite's online backup API, which reads one consistent snapshot even
while the app or another `halterofit` process writes (WAL). Copies are switched to a rollback
journal so that a backup is one self-contained file.

A restore checks a private copy of the file first (SQLite header, integrity, a Halterofit
schema this program knows) and brings an older schema up to date on that copy, so the current
database is touched only once everything has passed. It is then kept aside in backups/ and
overwritten through the backup API: one transaction, which other open connections see as any
other write, and which leaves the database as it was if it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Final

from sqlalchemy.exc import SQLAlchemyError

from halterofit_tui.config import Paths, ensure_writable_dir
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.store.engine import (
    HEAD_REVISION,
    Database,
    StoreError,
    backup_database,
    describe_database_error,
    prune_backups,
)

SQLITE_HEADER: Final = b"SQLite format 3\x00"
# Tables every Halterofit schema has had, from the first migration on.
HALTEROFIT_TABLES: Final = frozenset({"alembic_version", "exercises", "workouts", "exercise_sets"})
_REASON: Final = re.compile(r"[a-z0-9_]+")
# How long a copy waits for another process to finish writing before giving up.
LOCK_WAIT_S: Final = 10.0


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class StoreSummary:
    """What a database holds, so a lifter can tell two of them apart before a restore."""

    schema: str
    workouts: int
    sets: int
    last_workout: str | None  # ISO date


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _sidecars(database: Path) -> tuple[Path, Path]:
    return database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")


def _copy_consistent(source: Path, target: Path, *, wait_s: float = LOCK_WAIT_S) -> None:
    """A consistent single-file copy of `source` (no -wal beside it)."""
    backup_database(source, target, wait_s=wait_s)
    connection = sqlite3.connect(target)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def create_backup(paths: Paths, target: Path | None = None, *, force: bool = False) -> BackupResult:
    """Copy the store to `target` (default: a timestamped file in backups/)."""
    source = paths.database
    if not source.is_file():
        raise NotFound(f"no database at {source} yet: nothing to back up")
    folder = paths.backups if target is None else target.expanduser().absolute()
    target = folder / f"halterofit-{_stamp()}.db" if target is None or folder.is_dir() else folder
    if target.resolve() == source.resolve():
        raise InvalidInput(f"{target} is the database itself; back it up to another file")
    if target.exists() and not force:
        raise InvalidInput(f"{target} already exists; add --force to overwrite it")
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        _copy_consistent(source, partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreError(describe_database_error(exc, paths)) from exc
    except OSError as exc:
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size)


def rolling_backup(db: Database, reason: str) -> Path:
    """A copy in backups/ named `pre-{reason}-<time>.db`; the last 10 of each reason are kept."""
    if not _REASON.fullmatch(reason):
        raise ValueError(f"a backup reason is lower-case letters, digits and '_' (got {reason!r})")
    target = db.paths.backups / f"pre-{reason}-{_stamp()}.db"
    try:
        _copy_consistent(db.paths.database, target)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StoreError(describe_database_error(exc, db.paths)) from exc
    prune_backups(db.paths.backups, f"pre-{reason}-")
    return target


def summarise(database: Path) -> StoreSummary | None:
    """Schema, workouts and sets of a Halterofit database, or None when it cannot be read."""
    try:
        connection = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        (schema,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        workouts, last = connection.execute(
            "SELECT count(*), max(date) FROM workouts WHERE deleted = 0"
        ).fetchone()
        (sets,) = connection.execute(
            "SELECT count(*) FROM exercise_sets WHERE deleted = 0"
        ).fetchone()
        return StoreSummary(schema, workouts, sets, last)
    except (sqlite3.Error, TypeError):
        return None
    finally:
        connection.close()


class PreparedRestore:
    """A checked, up-to-date copy of a backup, ready to replace the store (a context manager:
    leaving it removes the copy)."""

    def __init__(self, source: Path, staged: Path, found_schema: str, summary: StoreSummary):
        self.source = source
        self.staged = staged
        self.found_schema = found_schema
        self.summary = summary

    def close(self) -> None:
        shutil.rmtree(self.staged.parent, ignore_errors=True)

    def __enter__(self) -> PreparedRestore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    kept_aside: Path | None  # the database that was replaced, or None when there was none
    found_schema: str  # the backup's schema before it was brought up to date
    summary: StoreSummary


def _page_size(database: Path) -> int | None:
    """From the file header (bytes 16-17, where 1 means 65536), without opening the file."""
    try:
        with database.open("rb") as file:
            header = file.read(18)
    except OSError:
        return None
    if len(header) < 18 or not header.startswith(SQLITE_HEADER):
        return None
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _check_backup(source: Path, staged: Path) -> str:
    """The schema revision of `staged` (a copy of `source`), or InvalidInput saying why not."""
    from halterofit_tui.store.migrate import known_revisions

    connection = sqlite3.connect(staged)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise InvalidInput(
                f"{source} is damaged (integrity check: {problems[0]}); choose another backup"
            )
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if HALTEROFIT_TABLES.issubset(tables):
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        if revision is None:
            raise InvalidInput(f"{source} is not a Halterofit database")
        if revision not in known_revisions():
            raise InvalidInput(
                f"{source} was written by a newer Halterofit (schema {revision}); "
                "upgrade Halterofit to restore it"
            )
        # A copy with a rollback journal; with the store's page size, which the backup API
        # needs when writing into a database in WAL mode.
        connection.execute("PRAGMA journal_mode = DELETE")
        return str(revision)
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"{source} is damaged ({exc}); choose another backup") from None
    finally:
        connection.close()


def _match_page_size(staged: Path, live: Path) -> None:
    wanted = _page_size(live)
    if wanted is not None and wanted != _page_size(staged):
        connection = sqlite3.connect(staged)
        try:
            connection.execute(f"PRAGMA page_size = {wanted}")
            connection.execute("VACUUM")
        finally:
            connection.close()


def _forget_device(staged: Path) -> None:
    """The restored store becomes a new sync device. Sync never pulls a device's own rows back,
    so under the old id this store would never get again what it pushed after the backup
    (nor would a copy restored on a second machine get the first one's)."""
    connection = sqlite3.connect(staged)
    try:
        with connection:
            connection.execute("DELETE FROM local_meta WHERE key = 'device_id'")
    finally:
        connection.close()


def prepare_restore(paths: Paths, source: Path) -> PreparedRestore:
    """Check `source` and stage an up-to-date copy of it; the store is not touched."""
    source = source.expanduser().absolute()
    if not source.exists():
        raise NotFound(f"no file {source}")
    if not source.is_file():
        raise InvalidInput(f"{source} is not a file")
    if paths.database.exists() and source.resolve() == paths.database.resolve():
        raise InvalidInput(f"{source} is the current database; give a backup to restore")
    try:
        with source.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise InvalidInput(f"{source} is not a SQLite database, so not a Halterofit backup")
    ensure_writable_dir(paths.data_dir)
    # Staged next to the store so that the final move stays on one file system.
    folder = Path(tempfile.mkdtemp(prefix=".restore-", dir=paths.data_dir))
    staged = folder / "restore.db"
    try:
        # A file copy (with its -wal, if the backup has one) leaves the user's file untouched:
        # even a read-only SQLite connection would create -wal/-shm files beside it.
        shutil.copyfile(source, staged)
        source_wal = _sidecars(source)[0]
        if source_wal.exists():
            shutil.copyfile(source_wal, _sidecars(staged)[0])
        found = _check_backup(source, staged)
        _match_page_size(staged, paths.database)
        if found != HEAD_REVISION:
            from halterofit_tui.store.migrate import upgrade

            try:
                upgrade(staged, HEAD_REVISION)
            except SQLAlchemyError as exc:
                reason = exc.__cause__ or exc
                raise InvalidInput(
                    f"{source} (schema {found}) cannot be brought up to date: {reason}"
                ) from None
        summary = summarise(staged)
        if summary is None:
            raise InvalidInput(f"{source} cannot be read as a Halterofit database")
        _forget_device(staged)
        return PreparedRestore(source, staged, found, summary)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise InvalidInput(f"cannot stage {source} for a restore: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise InvalidInput(f"{source} cannot be restored: {exc}") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _keep_aside(paths: Paths, wait_s: float) -> tuple[Path, bool]:
    """Copy the store into backups/; True when it is a readable SQLite database."""
    kept = paths.backups / f"before-restore-{_stamp()}.db"
    ensure_writable_dir(paths.backups)
    try:
        _copy_consistent(paths.database, kept, wait_s=wait_s)
        return kept, True
    except sqlite3.OperationalError as exc:
        kept.unlink(missing_ok=True)
        raise StoreError(describe_database_error(exc, paths)) from exc
    except sqlite3.DatabaseError:
        # Not readable as a database (the reason to restore, often): keep its bytes as they are.
        kept.unlink(missing_ok=True)
        shutil.copyfile(paths.database, kept)
        wal = _sidecars(paths.database)[0]
        if wal.exists():
            shutil.copyfile(wal, _sidecars(kept)[0])
        return kept, False


def _replace_file(staged: Path, database: Path) -> None:
    """Put `staged` in place of a missing or unreadable store: a file move, never half done."""
    incoming = database.with_name(f".{database.name}.restoring")
    try:
        shutil.copyfile(staged, incoming)
        with incoming.open("rb") as file:
            os.fsync(file.fileno())
        # A -wal left from the old file would be replayed into the new one.
        for sidecar in _sidecars(database):
            sidecar.unlink(missing_ok=True)
        os.replace(incoming, database)
    finally:
        incoming.unlink(missing_ok=True)


def apply_restore(
    paths: Paths, prepared: PreparedRestore, *, wait_s: float = LOCK_WAIT_S
) -> RestoreResult:
    """Keep the store aside in backups/, then replace it with the prepared copy."""
    kept: Path | None = None
    readable = False
    if paths.database.exists():
        kept, readable = _keep_aside(paths, wait_s)
    try:
        if readable:
            backup_database(prepared.staged, paths.database, wait_s=wait_s)
        else:
            _replace_file(prepared.staged, paths.database)
    except sqlite3.Error as exc:
        raise StoreError(describe_database_error(exc, paths)) from exc
    except OSError as exc:
        raise StoreError(f"cannot write {paths.database}: {exc.strerror or exc}") from exc
    return RestoreResult(prepared.source, kept, prepared.found_schema, prepared.summary)
