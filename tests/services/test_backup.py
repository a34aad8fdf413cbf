"""Backups are consistent while others write; a restore checks first and never half-replaces."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from halterofit_tui.config import DATABASE_NAME, Paths
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import parse_sets
from halterofit_tui.services.backup import (
    apply_restore,
    create_backup,
    prepare_restore,
    rolling_backup,
)
from halterofit_tui.services.workouts import SetDetails, finish_workout, log_sets
from halterofit_tui.store.engine import HEAD_REVISION, StoreError
from halterofit_tui.store.migrate import upgrade
from tests.conftest import database_dump
from tests.store.v1_store import insert_v1_history

DAY_ONE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


def paths_of(home: Path) -> Paths:
    return Paths(data_dir=home, config_dir=home)


def log(db, spec: str, at: datetime = DAY_ONE) -> None:  # type: ignore[no-untyped-def]
    log_sets(db, "bench press", parse_sets(spec, "kg"), SetDetails(), now=at)
    finish_workout(db, now=at + timedelta(hours=1))


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def live_sets(database: Path) -> list[tuple[object, ...]]:
    return query(
        database,
        "SELECT weight_kg, reps FROM exercise_sets WHERE deleted = 0 ORDER BY logged_at, weight_kg",
    )


def leftovers(home: Path) -> list[str]:
    """Staging folders or half-written files a restore must never leave behind."""
    return sorted(p.name for p in home.iterdir() if p.name.startswith("."))


def test_backup_skips_an_open_write_transaction_and_keeps_committed_rows(home: Path) -> None:
    writer = sqlite3.connect(home / DATABASE_NAME)
    writer.execute("INSERT INTO local_meta (key, value) VALUES ('committed', '1')")
    writer.commit()
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO local_meta (key, value) VALUES ('uncommitted', '1')")

    result = create_backup(paths_of(home))

    writer.commit()
    writer.close()
    keys = {row[0] for row in query(result.path, "SELECT key FROM local_meta")}
    assert "committed" in keys
    assert "uncommitted" not in keys
    assert query(result.path, "PRAGMA integrity_check") == [("ok",)]
    # One self-contained file: a rollback journal, nothing beside it.
    assert query(result.path, "PRAGMA journal_mode") == [("delete",)]
    assert result.path.parent == home / "backups"
    assert result.size_bytes == result.path.stat().st_size


def test_backups_taken_while_a_thread_writes_are_each_a_consistent_snapshot(home: Path) -> None:
    stop = threading.Event()
    written: list[int] = []

    def write_pairs() -> None:
        connection = sqlite3.connect(home / DATABASE_NAME, timeout=10)
        number = 0
        while not stop.is_set():
            # Both rows of a pair commit together: a consistent copy never holds half a pair.
            with connection:
                for side in ("a", "b"):
                    connection.execute(
                        "INSERT INTO local_meta (key, value) VALUES (?, '')",
                        (f"pair-{number}-{side}",),
                    )
            number += 1
            written.append(number)
        connection.close()

    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        copies = [create_backup(paths_of(home), home / f"copy-{n}.db").path for n in range(5)]
    finally:
        stop.set()
        thread.join()

    counts = []
    for copy in copies:
        assert query(copy, "PRAGMA integrity_check") == [("ok",)]
        (count,) = query(copy, "SELECT count(*) FROM local_meta WHERE key LIKE 'pair-%'")[0]
        assert count % 2 == 0
        counts.append(count)
    assert counts == sorted(counts)
    assert written  # the writer was never blocked for good by the backups


def test_restore_brings_back_exactly_the_backed_up_sets(db, home: Path) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5 105x3")
    saved = create_backup(paths_of(home)).path
    log(db, "110x1", at=DAY_ONE + timedelta(days=2))
    assert live_sets(home / DATABASE_NAME) == [(100.0, 5), (105.0, 3), (110.0, 1)]

    with prepare_restore(paths_of(home), saved) as prepared:
        result = apply_restore(paths_of(home), prepared)

    assert live_sets(home / DATABASE_NAME) == [(100.0, 5), (105.0, 3)]
    assert result.found_schema == HEAD_REVISION
    assert (result.summary.workouts, result.summary.sets) == (1, 2)
    assert result.summary.last_workout == "2026-03-02"
    # The replaced database is kept aside with all three sets.
    assert result.kept_aside is not None
    assert result.kept_aside.parent == home / "backups"
    assert live_sets(result.kept_aside) == [(100.0, 5), (105.0, 3), (110.0, 1)]
    # The open store keeps working on the restored content.
    log(db, "90x8", at=DAY_ONE + timedelta(days=4))
    assert live_sets(home / DATABASE_NAME) == [(100.0, 5), (105.0, 3), (90.0, 8)]
    assert query(home / DATABASE_NAME, "PRAGMA journal_mode") == [("wal",)]
    assert leftovers(home) == []


def test_a_restored_store_is_a_new_sync_device(db, home: Path) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    saved = create_backup(paths_of(home)).path
    device_sql = "SELECT value FROM local_meta WHERE key = 'device_id'"
    [(before,)] = query(home / DATABASE_NAME, device_sql)

    with prepare_restore(paths_of(home), saved) as prepared:
        apply_restore(paths_of(home), prepared)
    log(db, "90x8", at=DAY_ONE + timedelta(days=4))

    # Sync never pulls a device's own rows back: under the old id, what this store pushed
    # after the backup would never come back to it.
    [(after,)] = query(home / DATABASE_NAME, device_sql)
    assert after != before
    assert query(home / DATABASE_NAME, "SELECT device_id FROM exercise_sets WHERE reps = 8") == [
        (after,)
    ]


def corrupt_backup(home: Path, folder: Path) -> Path:
    data = bytearray(create_backup(paths_of(home)).path.read_bytes())
    # Garbage over the b-tree pages after the schema page: the header still says SQLite.
    data[4096 * 2 : 4096 * 6] = b"\xa5" * (4096 * 4)
    target = folder / "bad.db"
    target.write_bytes(bytes(data))
    return target


def text_file(home: Path, folder: Path) -> Path:
    target = folder / "notes.txt"
    target.write_text("squat 3x5\n")
    return target


def foreign_database(home: Path, folder: Path) -> Path:
    target = folder / "recipes.db"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    return target


def newer_backup(home: Path, folder: Path) -> Path:
    target = create_backup(paths_of(home), folder / "newer.db").path
    connection = sqlite3.connect(target)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    return target


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (corrupt_backup, "is damaged"),
        (text_file, "is not a SQLite database"),
        (foreign_database, "is not a Halterofit database"),
        (newer_backup, r"newer Halterofit \(schema 9999\)"),
    ],
    ids=["corrupt", "not-sqlite", "foreign", "newer-schema"],
)
def test_a_bad_backup_is_refused_and_the_store_is_untouched(
    db,
    home: Path,
    tmp_path: Path,
    make,
    message: str,
) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    bad = make(home, tmp_path)
    before = database_dump(home)
    kept_before = sorted((home / "backups").glob("*")) if (home / "backups").exists() else []

    with pytest.raises(InvalidInput, match=message) as refused:
        prepare_restore(paths_of(home), bad)

    assert "\n" not in str(refused.value)
    assert database_dump(home) == before
    after = sorted((home / "backups").glob("*")) if (home / "backups").exists() else []
    assert after == kept_before
    assert leftovers(home) == []


def _version_one_backup(target: Path) -> Path:
    """A store as the first release wrote it: one workout of two sets."""
    upgrade(target, "0001")
    insert_v1_history(target)
    return target


def test_an_older_schema_backup_is_migrated_on_its_copy_and_restored(
    db,
    home: Path,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    log(db, "140x3")
    old = _version_one_backup(tmp_path / "v1.db")
    old_bytes = old.read_bytes()

    with prepare_restore(paths_of(home), old) as prepared:
        result = apply_restore(paths_of(home), prepared)

    assert result.found_schema == "0001"
    assert result.summary.schema == HEAD_REVISION
    live = home / DATABASE_NAME
    assert query(live, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert query(live, "SELECT name FROM workouts WHERE deleted = 0") == [("Legs",)]
    assert live_sets(live) == [(100.0, 5), (100.0, 5)]
    # Added by migration 0003: the exercise's slot in its workout.
    assert query(live, "SELECT workout_id, exercise_id FROM workout_exercises") == [("w-1", "ex-1")]
    assert old.read_bytes() == old_bytes  # the user's file is never modified


def test_a_restore_that_cannot_write_leaves_the_store_as_it_was(
    db,
    home: Path,
) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    saved = create_backup(paths_of(home)).path
    log(db, "110x1", at=DAY_ONE + timedelta(days=2))
    before = database_dump(home)
    # Another process in the middle of a long write: the restore waits, then gives up.
    blocker = sqlite3.connect(home / DATABASE_NAME)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with (
            prepare_restore(paths_of(home), saved) as prepared,
            pytest.raises(StoreError, match="busy"),
        ):
            apply_restore(paths_of(home), prepared, wait_s=0.5)
    finally:
        blocker.rollback()
        blocker.close()
    assert database_dump(home) == before
    assert leftovers(home) == []


def test_restore_replaces_an_unreadable_store_and_keeps_its_bytes(
    db,
    home: Path,
) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    saved = create_backup(paths_of(home)).path
    db.dispose()
    live = home / DATABASE_NAME
    garbage = b"not a database any more\n" * 500
    live.write_bytes(garbage)

    with prepare_restore(paths_of(home), saved) as prepared:
        result = apply_restore(paths_of(home), prepared)

    assert live_sets(live) == [(100.0, 5)]
    assert result.kept_aside is not None
    assert result.kept_aside.read_bytes() == garbage


def test_restore_into_an_empty_home(tmp_path: Path, db, home: Path) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    saved = create_backup(paths_of(home)).path
    fresh = paths_of(tmp_path / "fresh")

    with prepare_restore(fresh, saved) as prepared:
        result = apply_restore(fresh, prepared)

    assert result.kept_aside is None
    assert live_sets(fresh.database) == [(100.0, 5)]


def test_a_backup_with_another_page_size_restores_into_the_wal_store(
    db,
    home: Path,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    small_pages = create_backup(paths_of(home), tmp_path / "small.db").path
    connection = sqlite3.connect(small_pages)
    connection.execute("PRAGMA page_size = 1024")
    connection.execute("VACUUM")
    connection.close()
    assert query(small_pages, "PRAGMA page_size") == [(1024,)]
    log(db, "110x1", at=DAY_ONE + timedelta(days=2))

    with prepare_restore(paths_of(home), small_pages) as prepared:
        apply_restore(paths_of(home), prepared)

    assert live_sets(home / DATABASE_NAME) == [(100.0, 5)]


def test_rolling_backups_keep_the_ten_newest_of_each_reason(db, home: Path) -> None:  # type: ignore[no-untyped-def]
    backups = home / "backups"
    backups.mkdir(exist_ok=True)
    other_reason = backups / "pre-migration-0003-to-0004-20250101T000000000000Z.db"
    other_reason.write_bytes(b"kept")
    made = [rolling_backup(db, "import") for _ in range(12)]

    kept = sorted(backups.glob("pre-import-*.db"))
    assert kept == sorted(made)[2:]
    assert all(p.name.startswith("pre-import-") and p.suffix == ".db" for p in made)
    assert other_reason.read_bytes() == b"kept"
    assert query(kept[-1], "PRAGMA integrity_check") == [("ok",)]
