"""Bulk inserts store exactly what the ORM stores, so nothing downstream can tell them apart."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from halterofit_tui.store.bulk import insert_many
from halterofit_tui.store.tables import WorkoutRow


def raw_row(db: Any, workout_id: str) -> tuple[Any, ...]:
    connection = sqlite3.connect(db.paths.database)
    try:
        row: tuple[Any, ...] = connection.execute(
            "SELECT * FROM workouts WHERE id = ?", (workout_id,)
        ).fetchone()
        return row[1:]  # everything but the id
    finally:
        connection.close()


def test_bulk_rows_are_stored_like_orm_rows(db: Any) -> None:
    paris = timezone(timedelta(hours=2))
    values: dict[str, Any] = {
        "name": "Push 💪",
        "notes": "line one\nline two",
        "date": date(2025, 7, 26),
        "started_at": datetime(2025, 7, 26, 7, 6, 5, 123456, tzinfo=paris),
        "ended_at": datetime(2025, 7, 26, 6, 11, tzinfo=UTC),
        "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "hlc": "1796152582732-0000",
        "device_id": "device",
        "deleted": False,
        "dirty": True,
        "local_rev": 1,
        "status": "completed",
        "sleep_hours": 7.5,
        "total_volume_kg": 1234.5,
        "total_sets": 12,
        "total_reps": 80,
        "muscle_groups": ["chest", "triceps"],
    }
    with db.session() as session:
        session.add(WorkoutRow(id="orm", **values))
    with db.session() as session:
        insert_many(session, WorkoutRow, [{"id": "bulk", **values}])

    assert raw_row(db, "bulk") == raw_row(db, "orm")
    stored = raw_row(db, "bulk")
    assert "2025-07-26 05:06:05.123456" in stored  # aware times are stored as UTC
    assert '["chest", "triceps"]' in stored


def test_columns_left_out_take_their_server_defaults(db: Any) -> None:
    moment = datetime(2026, 1, 2, tzinfo=UTC)
    bare = {
        "id": "bare",
        "name": "Bare",
        "date": date(2025, 1, 1),
        "created_at": moment,
        "updated_at": moment,
        "hlc": "",
        "device_id": "",
        "status": "completed",
        "notes": "",
        "total_volume_kg": 0.0,
        "total_sets": 0,
        "total_reps": 0,
        "muscle_groups": [],
    }
    with db.session() as session:
        insert_many(session, WorkoutRow, [bare])
    with db.session() as session:
        row = session.get(WorkoutRow, "bare")
        assert row is not None
        assert (row.deleted, row.dirty, row.local_rev) == (False, True, 1)
