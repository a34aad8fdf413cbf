"""Opening the store: pragmas in force, and unusable files refused without being touched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from halterofit_tui.config import HomeUnusable, Paths
from halterofit_tui.store.engine import StoreError, open_database


def paths_in(folder: Path) -> Paths:
    return Paths(data_dir=folder, config_dir=folder)


def test_fresh_store_uses_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(paths_in(tmp_path))
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    db.dispose()


def test_corrupt_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    garbage = b"this is not a database, it is a shopping list\n" * 200
    paths.database.write_bytes(garbage)
    with pytest.raises(StoreError, match="corrupt"):
        open_database(paths)
    assert paths.database.read_bytes() == garbage


def test_other_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    c = sqlite3.connect(paths.database)
    c.execute("CREATE TABLE recipes (name TEXT)")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="not a Halterofit database"):
        open_database(paths)
    c = sqlite3.connect(paths.database)
    assert [r[0] for r in c.execute("SELECT name FROM sqlite_master")] == ["recipes"]
    c.close()


def test_home_below_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(HomeUnusable, match="cannot create"):
        open_database(paths_in(blocker / "home"))


def test_sets_survive_a_reopen_with_integrity(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    db = open_database(paths)
    with db.session() as session:
        db.set_meta(session, "probe", "kept")
    db.dispose()
    db = open_database(paths)
    with db.session() as session:
        assert db.meta(session, "probe") == "kept"
        assert session.connection().execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.dispose()
