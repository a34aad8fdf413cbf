"""Migrations: the schema they build is the one the code expects, and upgrades keep data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import halterofit_tui.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from halterofit_tui.config import Paths
from halterofit_tui.store.engine import HEAD_REVISION, StoreError, open_database
from halterofit_tui.store.migrate import head_revision, upgrade
from tests.store.v1_store import insert_v1_history


def test_head_constant_matches_the_migration_scripts() -> None:
    assert head_revision() == HEAD_REVISION


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    database = tmp_path / "schema.db"
    upgrade(database)
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_from_the_first_migration_keeps_data(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    upgrade(database, "0001")
    insert_v1_history(database)

    upgrade(database)

    c = sqlite3.connect(database)
    assert c.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert c.execute("SELECT name, notes, total_volume_kg FROM workouts").fetchall() == [
        ("Legs", "felt strong", 1000.0)
    ]
    rows = c.execute(
        "SELECT id, weight_kg, reps, rpe, notes, estimated_1rm, duration_s, distance_m,"
        " deleted, dirty, local_rev FROM exercise_sets ORDER BY set_number"
    ).fetchall()
    assert rows == [
        ("s-1", 100.0, 5, 8.0, "paused", 112.5, None, None, 0, 1, 1),
        ("s-2", 100.0, 5, 8.0, "paused", 112.5, None, None, 0, 1, 1),
    ]
    slots = c.execute("SELECT workout_id, exercise_id, position, length(id) FROM workout_exercises")
    assert slots.fetchall() == [("w-1", "ex-1", 1, 36)]
    assert c.execute("PRAGMA foreign_key_check").fetchall() == []
    assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    c.close()


def test_opening_an_old_database_backs_it_up_first(tmp_path: Path) -> None:
    paths = Paths(data_dir=tmp_path, config_dir=tmp_path)
    upgrade(paths.database, "0001")
    insert_v1_history(paths.database)

    open_database(paths).dispose()

    (backup,) = paths.backups.glob("pre-migration-0001-to-*.db")
    c = sqlite3.connect(backup)
    assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert c.execute("SELECT count(*) FROM exercise_sets").fetchone() == (2,)
    c.close()


def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    paths = Paths(data_dir=tmp_path, config_dir=tmp_path)
    upgrade(paths.database)
    c = sqlite3.connect(paths.database)
    c.execute("UPDATE alembic_version SET version_num = '9999'")
    c.commit()
    c.close()
    before = paths.database.read_bytes()
    with pytest.raises(StoreError, match="newer Halterofit"):
        open_database(paths)
    assert paths.database.read_bytes() == before
    assert not paths.backups.exists()
