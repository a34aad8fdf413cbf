"""SQLModel tables of the local store. Rows never leave the store layer: repositories convert them.

Every synced row carries a client-made UUID, created/updated stamps, the hybrid-logical-clock
stamp and device of its last edit, a tombstone, a dirty flag and a local revision, so sync
(see SYNC.md) needs no schema rewrite. Weights are kilograms as full doubles; `entered_unit`
remembers what the lifter typed so a set entered in lb reads back exactly in lb.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncColumns(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # Defaults are placeholders: Database.stamp() sets these on every write. Datetimes are
    # timezone-aware UTC (SQLModel stores them as UTC and returns them aware).
    created_at: dt.datetime = Field(default_factory=utc_now)
    updated_at: dt.datetime = Field(default_factory=utc_now)
    hlc: str = Field(default="", max_length=32)
    device_id: str = Field(default="", max_length=36)
    deleted: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    dirty: bool = Field(default=True, sa_column_kwargs={"server_default": text("1")})
    local_rev: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})


def json_column(factory: type[list[Any]] | type[dict[str, Any]]) -> Any:
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=False))


class ProfileRow(SyncColumns, table=True):
    __tablename__ = "profiles"

    first_name: str | None = None
    last_name: str | None = None
    display_name: str | None = None
    age: int | None = None
    sex: str | None = None
    bodyweight_kg: float | None = None
    height_cm: float | None = None
    body_fat_pct: float | None = None
    experience_level: str | None = None
    years_training: float | None = None
    goals: list[str] = json_column(list)
    unit: str = "kg"
    theme: str = "dark"
    timezone: str | None = None
    rest_compound_s: int = 180
    rest_isolation_s: int = 90
    e1rm_formula: str = "brzycki"
    bar_weight_kg: float = 20.0
    plate_inventory: dict[str, int] = json_column(dict)


class ExerciseRow(SyncColumns, table=True):
    __tablename__ = "exercises"

    slug: str | None = Field(default=None, unique=True)
    name: str = Field(index=True)
    aliases: list[str] = json_column(list)
    category: str
    subcategory: str
    equipment: list[str] = json_column(list)
    primary_muscles: list[str] = json_column(list)
    secondary_muscles: list[str] = json_column(list)
    movement_pattern: str
    plane_of_motion: str
    difficulty: int
    beginner_friendly: bool
    progression_type: str
    description: str = ""
    instructions: list[str] = json_column(list)
    tips: list[str] = json_column(list)
    common_mistakes: list[str] = json_column(list)
    is_custom: bool = False
    is_favourite: bool = False
    rest_seconds: int | None = None


class WorkoutRow(SyncColumns, table=True):
    __tablename__ = "workouts"

    name: str
    notes: str = ""
    date: dt.date = Field(index=True)
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    status: str = Field(default="in_progress", index=True)
    sleep_quality: int | None = None
    sleep_hours: float | None = None
    stress: int | None = None
    motivation: int | None = None
    energy: int | None = None
    soreness: int | None = None
    readiness_score: float | None = None
    total_volume_kg: float = 0.0
    total_sets: int = 0
    total_reps: int = 0
    avg_rpe: float | None = None
    max_rpe: float | None = None
    duration_s: int | None = None
    muscle_groups: list[str] = json_column(list)
    intensity: float | None = None


class ExerciseSetRow(SyncColumns, table=True):
    __tablename__ = "exercise_sets"
    __table_args__ = (
        Index("ix_exercise_sets_exercise_logged", "exercise_id", "logged_at"),
        Index("ix_exercise_sets_exercise_e1rm", "exercise_id", "estimated_1rm"),
    )

    workout_id: str = Field(foreign_key="workouts.id", index=True, max_length=36)
    exercise_id: str = Field(foreign_key="exercises.id", max_length=36)
    exercise_order: int
    set_number: int
    set_type: str = "working"
    weight_kg: float = 0.0
    entered_unit: str = "kg"
    is_bodyweight: bool = False
    reps: int
    rpe: float | None = None
    tempo: str | None = None
    rest_seconds: int | None = None
    time_under_tension_s: int | None = None
    duration_s: int | None = None
    distance_m: float | None = None
    notes: str = ""
    technique_rating: int | None = None
    volume_load: float = 0.0
    estimated_1rm: float | None = None
    relative_intensity: float | None = None
    logged_at: dt.datetime


class WorkoutExerciseRow(SyncColumns, table=True):
    """An exercise in a workout, at a position, with or without sets yet."""

    __tablename__ = "workout_exercises"

    workout_id: str = Field(foreign_key="workouts.id", index=True, max_length=36)
    exercise_id: str = Field(foreign_key="exercises.id", max_length=36)
    position: int
    notes: str = ""


class BodyMetricRow(SyncColumns, table=True):
    __tablename__ = "body_metrics"

    measured_on: dt.date = Field(index=True)
    bodyweight_kg: float | None = None
    body_fat_pct: float | None = None
    measurements: dict[str, float] = json_column(dict)
    notes: str = ""


class LocalMetaRow(SQLModel, table=True):
    """Device-local facts that never sync: device id, clock state, catalogue fingerprint."""

    __tablename__ = "local_meta"

    key: str = Field(primary_key=True)
    value: str


SYNCED_TABLES: tuple[type[SyncColumns], ...] = (
    ProfileRow,
    ExerciseRow,
    WorkoutRow,
    WorkoutExerciseRow,
    ExerciseSetRow,
    BodyMetricRow,
)
