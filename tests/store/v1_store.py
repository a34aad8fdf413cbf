"""A store as the first release (schema 0001) wrote it, for migration and restore tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def insert_v1_history(database: Path) -> None:
    """Rows as the first release wrote them (raw SQL: the models are at head)."""
    sync = "'2025-01-01 10:00:00', '2025-01-01 10:00:00', '0001735725600000-0000', 'dev-1'"
    c = sqlite3.connect(database)
    c.execute(
        "INSERT INTO exercises (id, created_at, updated_at, hlc, device_id, slug, name, aliases,"
        " category, subcategory, equipment, primary_muscles, secondary_muscles, movement_pattern,"
        " plane_of_motion, difficulty, beginner_friendly, progression_type, description,"
        " instructions, tips, common_mistakes, is_custom, is_favourite) VALUES"
        f" ('ex-1', {sync}, NULL, 'Zercher Squat', '[]', 'strength', 'compound',"
        " '[\"barbell\"]', '[\"quadriceps\"]', '[]', 'squat', 'sagittal', 4, 0, 'weight', '',"
        " '[]', '[]', '[]', 1, 0)"
    )
    c.execute(
        "INSERT INTO workouts (id, created_at, updated_at, hlc, device_id, name, notes, date,"
        " started_at, ended_at, status, total_volume_kg, total_sets, total_reps, avg_rpe,"
        f" muscle_groups) VALUES ('w-1', {sync}, 'Legs', 'felt strong', '2025-01-01',"
        " '2025-01-01 10:00:00', '2025-01-01 11:00:00', 'completed', 1000.0, 2, 10, 8.0,"
        " '[\"quadriceps\"]')"
    )
    for number in (1, 2):
        c.execute(
            "INSERT INTO exercise_sets (id, created_at, updated_at, hlc, device_id, workout_id,"
            " exercise_id, exercise_order, set_number, set_type, weight_kg, entered_unit,"
            " is_bodyweight, reps, rpe, notes, volume_load, estimated_1rm, logged_at) VALUES"
            f" ('s-{number}', {sync}, 'w-1', 'ex-1', 1, {number}, 'working', 100.0, 'kg', 0, 5,"
            " 8.0, 'paused', 500.0, 112.5, '2025-01-01 10:10:00')"
        )
    c.commit()
    c.close()
