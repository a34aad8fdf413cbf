"""Workout history on the read-only sqlite3 path (store/reader.py), for `history`.

The records are exactly those `repositories.workout_details` builds from ORM rows (a test
compares the two on the same store), read without importing SQLAlchemy: values are decoded the
way the ORM's column types decode them (UTC datetimes, ISO dates, JSON lists, 0/1 booleans).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from halterofit_tui.domain.records import LoggedSet, Workout, WorkoutDetail, WorkoutExercise
from halterofit_tui.store.reader import Reader

_WORKOUT_COLUMNS = (
    "id, name, notes, date, started_at, ended_at, status, sleep_quality, sleep_hours, stress, "
    "motivation, energy, soreness, readiness_score, total_volume_kg, total_sets, total_reps, "
    "avg_rpe, max_rpe, duration_s, muscle_groups, intensity"
)
_SET_COLUMNS = (
    "s.id, s.workout_id, s.exercise_id, e.name, s.exercise_order, s.set_number, s.set_type, "
    "s.weight_kg, s.entered_unit, s.is_bodyweight, s.reps, s.rpe, s.tempo, s.rest_seconds, "
    "s.time_under_tension_s, s.notes, s.technique_rating, s.volume_load, s.estimated_1rm, "
    "s.relative_intensity, s.logged_at"
)


def _moment(text: str | None) -> datetime | None:
    """Stored as naive UTC text; the ORM hands it out as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text is not None else None


def _workout(row: Sequence[Any]) -> Workout:
    values = list(row)
    values[3] = date.fromisoformat(values[3])
    values[4], values[5] = _moment(values[4]), _moment(values[5])
    values[20] = tuple(json.loads(values[20]))
    return Workout(*values)


def _set(row: Sequence[Any]) -> LoggedSet:
    values = list(row)
    values[3] = values[3] if values[3] is not None else "?"
    values[9] = bool(values[9])
    values[20] = _moment(values[20])
    return LoggedSet(*values)


def recent_workouts(
    reader: Reader, *, limit: int, since: date | None, exercise_id: str | None
) -> list[WorkoutDetail]:
    """Live workouts newest first with their sets and exercises; with `exercise_id`, only
    workouts with a live set of it, and only those sets."""
    where = ["deleted = 0"]
    params: list[Any] = []
    if exercise_id is not None:
        where.append(
            "id IN (SELECT workout_id FROM exercise_sets WHERE exercise_id = ? AND deleted = 0)"
        )
        params.append(exercise_id)
    if since is not None:
        where.append("date >= ?")
        params.append(since.isoformat())
    workouts = [
        _workout(row)
        for row in reader.rows(
            f"SELECT {_WORKOUT_COLUMNS} FROM workouts WHERE {' AND '.join(where)} "
            "ORDER BY date DESC, started_at DESC, id DESC LIMIT ?",
            [*params, limit],
        )
    ]
    ids = json.dumps([w.id for w in workouts])
    sets: dict[str, list[LoggedSet]] = {w.id: [] for w in workouts}
    for row in reader.rows(
        f"SELECT {_SET_COLUMNS} FROM exercise_sets s LEFT JOIN exercises e ON e.id = s.exercise_id "
        "WHERE s.workout_id IN (SELECT value FROM json_each(?)) AND s.deleted = 0 "
        "ORDER BY s.workout_id, s.exercise_order, s.set_number",
        (ids,),
    ):
        logged = _set(row)
        if exercise_id is None or logged.exercise_id == exercise_id:
            sets[logged.workout_id].append(logged)
    slots: dict[str, list[WorkoutExercise]] = {w.id: [] for w in workouts}
    for slot_id, workout_id, slot_exercise, name, position in reader.rows(
        "SELECT w.id, w.workout_id, w.exercise_id, e.name, w.position "
        "FROM workout_exercises w LEFT JOIN exercises e ON e.id = w.exercise_id "
        "WHERE w.workout_id IN (SELECT value FROM json_each(?)) AND w.deleted = 0 "
        "ORDER BY w.workout_id, w.position",
        (ids,),
    ):
        slots[workout_id].append(
            WorkoutExercise(slot_id, slot_exercise, name if name is not None else "?", position)
        )
    return [
        WorkoutDetail(w, tuple(sets[w.id]), tuple(slots[w.id]) if exercise_id is None else ())
        for w in workouts
    ]


def profile_unit(reader: Reader) -> str:
    row = reader.one("SELECT unit FROM profiles WHERE deleted = 0 LIMIT 1")
    return str(row[0]) if row else "kg"
