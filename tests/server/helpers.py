"""Talking to the server schema the way PostgREST does: one transaction per request, run as the
request's role with its JWT claims, upserts as `INSERT ... ON CONFLICT DO UPDATE`."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from halterofit_tui.domain.catalogue import exercise_id

BENCH = exercise_id("barbell-bench-press")
SQUAT = exercise_id("barbell-back-squat")
DEVICE_A = "aaaaaaaa-0000-4000-8000-000000000001"
DEVICE_B = "bbbbbbbb-0000-4000-8000-000000000002"

USER_TABLES = (
    "profiles",
    "exercises",
    "exercise_preferences",
    "workouts",
    "workout_exercises",
    "exercise_sets",
    "body_metrics",
    "plateaus",
    "templates",
    "program_enrollments",
)
# The key a client upserts on, per table (contract: on_conflict=user_id,id).
CONFLICT_KEYS = {
    "profiles": ("user_id",),
    "exercise_preferences": ("user_id", "exercise_id"),
}


def hlc(millis: int, counter: int = 0) -> str:
    """A hybrid-logical-clock stamp as clients write it: they compare as strings."""
    return f"{millis:016d}-{counter:04d}"


def create_user(connection: psycopg.Connection[Any], email: str) -> str:
    user_id = str(uuid.uuid4())
    connection.execute("INSERT INTO auth.users (id, email) VALUES (%s, %s)", (user_id, email))
    return user_id


@contextmanager
def as_role(
    connection: psycopg.Connection[Any], role: str, user_id: str | None = None
) -> Iterator[psycopg.Connection[Any]]:
    """One request: a transaction under `role` with the claims PostgREST would set."""
    claims: dict[str, str] = {"role": role}
    if user_id is not None:
        claims |= {"sub": user_id, "aud": "authenticated"}
    with connection.transaction():
        connection.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        connection.execute(
            "SELECT set_config('request.jwt.claims', %s, true)", (json.dumps(claims),)
        )
        yield connection


def as_user(connection: psycopg.Connection[Any], user_id: str):  # type: ignore[no-untyped-def]
    return as_role(connection, "authenticated", user_id)


def _value(value: Any) -> Any:
    return Jsonb(value) if isinstance(value, dict | list) else value


def upsert(
    connection: psycopg.Connection[Any],
    table: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: Sequence[str] | None = None,
) -> int:
    """PostgREST's batch upsert (resolution=merge-duplicates): one statement. Rows affected."""
    columns = list(rows[0])
    keys = conflict or CONFLICT_KEYS.get(table, ("user_id", "id"))
    row_sql = sql.SQL("({})").format(sql.SQL(", ").join(sql.Placeholder() * len(columns)))
    statement = sql.SQL(
        "INSERT INTO public.{table} ({columns}) VALUES {rows} "
        "ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    ).format(
        table=sql.Identifier(table),
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
        rows=sql.SQL(", ").join([row_sql] * len(rows)),
        keys=sql.SQL(", ").join(map(sql.Identifier, keys)),
        updates=sql.SQL(", ").join(
            sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in columns
        ),
    )
    cursor = connection.execute(statement, [_value(row[c]) for row in rows for c in columns])
    return cursor.rowcount


def _as_in_json(cursor: psycopg.Cursor[Any]) -> Any:
    """Rows as dicts with uuids as strings, as PostgREST's JSON has them."""
    names = [column.name for column in cursor.description or ()]

    def make(values: Sequence[Any]) -> dict[str, Any]:
        return {
            name: str(value) if isinstance(value, uuid.UUID) else value
            for name, value in zip(names, values, strict=True)
        }

    return make


def select_rows(
    connection: psycopg.Connection[Any], table: str, where: str = "true", params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    cursor = connection.cursor(row_factory=_as_in_json)
    query = sql.SQL("SELECT * FROM public.{} WHERE ").format(sql.Identifier(table))
    return cursor.execute(query + sql.SQL(where), params).fetchall()


def sync_columns(
    user_id: str, stamp: str = hlc(1_764_000_000_000), device: str = DEVICE_A
) -> dict[str, Any]:
    return {"user_id": user_id, "hlc": stamp, "device_id": device, "deleted": False}


def workout_row(user_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        **sync_columns(user_id),
        "name": "Evening Workout",
        "date": date(2026, 11, 23),
        "started_at": datetime(2026, 11, 23, 18, 0, tzinfo=UTC),
        "status": "in_progress",
        **fields,
    }


def set_row(user_id: str, workout_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        **sync_columns(user_id),
        "workout_id": workout_id,
        "exercise_id": BENCH,
        "exercise_order": 1,
        "set_number": 1,
        "set_type": "working",
        "weight_kg": 100.0,
        "reps": 5,
        "rpe": 8.0,
        "volume_load": None,
        "estimated_1rm": None,
        "logged_at": datetime(2026, 11, 23, 18, 5, tzinfo=UTC),
        **fields,
    }


def custom_exercise_row(user_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        **sync_columns(user_id),
        "name": "Sled Push",
        "category": "strongman",
        "subcategory": "compound",
        "primary_muscles": ["quadriceps", "glutes"],
        "movement_pattern": "locomotion",
        "plane_of_motion": "sagittal",
        "difficulty": 3,
        "beginner_friendly": False,
        "progression_type": "weight",
        "is_custom": True,
        **fields,
    }


def one_row_per_table(user_id: str) -> dict[str, dict[str, Any]]:
    """A valid row of every lifter table, children pointing at this lifter's parents."""
    workout = workout_row(user_id)
    exercise = custom_exercise_row(user_id)
    own = sync_columns(user_id)
    return {
        "profiles": {**own, "display_name": "Lifter", "unit": "kg"},
        "exercises": exercise,
        "exercise_preferences": {**own, "exercise_id": BENCH, "is_favourite": True},
        "workouts": workout,
        "workout_exercises": {
            "id": str(uuid.uuid4()),
            **own,
            "workout_id": workout["id"],
            "exercise_id": BENCH,
            "position": 1,
        },
        "exercise_sets": set_row(user_id, workout["id"]),
        "body_metrics": {
            "id": str(uuid.uuid4()),
            **own,
            "measured_on": date(2026, 11, 23),
            "bodyweight_kg": 82.5,
        },
        "plateaus": {
            "id": str(uuid.uuid4()),
            **own,
            "exercise_id": exercise["id"],
            "start_date": date(2026, 9, 1),
            "as_of": date(2026, 11, 23),
            "duration_days": 84,
            "confidence": 0.8,
            "last_pr_date": date(2026, 8, 31),
            "last_pr_kg": 140.0,
            "current_avg_kg": 137.5,
            "trend_kg_per_week": 0.0,
        },
        "templates": {
            "id": str(uuid.uuid4()),
            **own,
            "name": "Push day",
            "exercises": [{"exercise_id": BENCH, "sets": 3}],
        },
        "program_enrollments": {
            "id": str(uuid.uuid4()),
            **own,
            "program_key": "5x5",
            "program_name": "5x5",
            "started_on": date(2026, 11, 1),
        },
    }


def key_of(table: str, row: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause naming this row, and its parameters."""
    keys = CONFLICT_KEYS.get(table, ("user_id", "id"))
    return " AND ".join(f"{k} = %s" for k in keys), [row[k] for k in keys]
