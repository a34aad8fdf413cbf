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
    # Where the workout's plan came from, and the plan itself: services/programs.py and
    # services/templates.py define its shape. Planned sets show as "planned" until logged.
    template_id: str | None = Field(default=None, max_length=36)
    enrollment_id: str | None = Field(default=None, max_length=36)
    plan: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )


class ExerciseSetRow(SyncColumns, table=True):
    __tablename__ = "exercise_sets"
    __table_args__ = (
        Index("ix_exercise_sets_exercise_logged", "exercise_id", "logged_at"),
        Index("ix_exercise_sets_exercise_e1rm", "exercise_id", "estimated_1rm"),
        # Covers the per-exercise PR queries, so they never read the (wide) set rows.
        Index(
            "ix_exercise_sets_exercise_lifts",
            "exercise_id",
            "deleted",
            "set_type",
            "workout_id",
            "weight_kg",
            "reps",
            "is_bodyweight",
            "estimated_1rm",
        ),
        # Implausible sets awaiting the lifter's confirmation: kept out of records, listed by
        # `halterofit anomalies`. Record queries exclude them by rowid, so the covering index
        # above keeps answering them alone.
        Index(
            "ix_exercise_sets_pending_anomaly",
            "exercise_id",
            sqlite_where=text("anomaly IS NOT NULL AND anomaly_confirmed = 0"),
        ),
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
    # Why the set looked implausible when it was logged or edited (docs/METRICS.md: code,
    # message, value, threshold per reason); None when it looked fine.
    anomaly: list[dict[str, Any]] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    # The lifter said the flagged set is real: it counts for records again.
    anomaly_confirmed: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})


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


class PerformanceMetricRow(SQLModel, table=True):
    """One exercise's training over one day, week (from Monday) or calendar month.

    A derived, device-local summary (never synced: every device rebuilds it from the sets), kept
    current by services/analytics.py whenever sets change. The period's figures over all
    exercises are the sums of its rows, except sessions (count workouts instead). docs/METRICS.md
    defines each column.
    """

    __tablename__ = "performance_metrics"
    __table_args__ = (
        Index("ix_performance_metrics_exercise", "exercise_id", "period", "period_start"),
    )

    period: str = Field(primary_key=True)  # "day", "week" or "month"
    period_start: dt.date = Field(primary_key=True)
    exercise_id: str = Field(primary_key=True, max_length=36)
    sessions: int
    sets: int
    working_sets: int
    hard_sets: int
    reps: int
    volume_kg: float
    rpe_sets: int
    rpe_sum: float
    rpe_6: int  # RPE 6 or less
    rpe_6_5: int
    rpe_7: int
    rpe_7_5: int
    rpe_8: int
    rpe_8_5: int
    rpe_9: int
    rpe_9_5: int
    rpe_10: int
    intensity_sets: int
    intensity_sum: float
    zone_below_60: int
    zone_60_70: int
    zone_70_80: int
    zone_80_90: int
    zone_90_up: int
    best_e1rm_kg: float | None = None


class PlateauRow(SyncColumns, table=True):
    """A stall of one exercise's e1RM as the detector reported it (docs/METRICS.md), and what
    the lifter said about it. One row per exercise and start date (the day after the last new
    best); services/plateaus.py keeps the figures current."""

    __tablename__ = "plateaus"
    __table_args__ = (Index("ix_plateaus_exercise_start", "exercise_id", "start_date"),)

    exercise_id: str = Field(foreign_key="exercises.id", max_length=36)
    metric: str = "e1rm"
    start_date: dt.date
    end_date: dt.date | None = None  # the day it stopped being active
    as_of: dt.date  # the day the figures below describe
    duration_days: int  # start_date .. as_of inclusive
    confidence: float
    last_pr_date: dt.date
    last_pr_kg: float
    current_avg_kg: float  # mean session best e1RM over the last 6 weeks to as_of
    trend_kg_per_week: float
    status: str = "active"  # "active", "resolved" or "false_positive"
    # Why it is resolved: "new_pr", "lapsed" (no longer reported, no new best) or "user".
    resolution: str | None = None
    acknowledged: bool = False
    feedback: str = ""
    causes: list[dict[str, Any]] = json_column(list)  # code, text, value, threshold
    protocols: list[dict[str, Any]] = json_column(list)  # code, text, rationale, causes
    detected_at: dt.datetime = Field(default_factory=utc_now)


class TemplateRow(SyncColumns, table=True):
    """A reusable workout plan: exercises with planned sets (services/templates.py)."""

    __tablename__ = "templates"

    name: str
    notes: str = ""
    source_workout_id: str | None = Field(default=None, max_length=36)
    exercises: list[dict[str, Any]] = json_column(list)


class ProgramEnrollmentRow(SyncColumns, table=True):
    """A lifter following a programme: the programme as started (so a user file or a newer
    built-in cannot change it underneath) and the engine's state (domain/programs.py)."""

    __tablename__ = "program_enrollments"

    program_key: str  # built-in name or the user file's stem
    program_name: str
    program: dict[str, Any] = json_column(dict)
    state: dict[str, Any] = json_column(dict)
    status: str = Field(default="active", index=True)  # "active", "stopped" or "finished"
    started_on: dt.date
    ended_on: dt.date | None = None


class SyncCheckpointRow(SQLModel, table=True):
    """Device-local: the highest server_version pulled for one table (SYNC.md)."""

    __tablename__ = "sync_checkpoints"

    table_name: str = Field(primary_key=True)
    server_version: int = 0


class SyncQuarantineRow(SQLModel, table=True):
    """Device-local: a row the server refused, kept (never dropped) and reported until the
    lifter edits it or asks for a retry."""

    __tablename__ = "sync_quarantine"

    table_name: str = Field(primary_key=True)
    row_id: str = Field(primary_key=True, max_length=36)
    local_rev: int
    http_status: int
    code: str
    message: str
    quarantined_at: dt.datetime = Field(default_factory=utc_now)


SYNCED_TABLES: tuple[type[SyncColumns], ...] = (
    ProfileRow,
    ExerciseRow,
    WorkoutRow,
    WorkoutExerciseRow,
    ExerciseSetRow,
    BodyMetricRow,
    PlateauRow,
    TemplateRow,
    ProgramEnrollmentRow,
)
