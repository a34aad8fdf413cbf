"""What the store hands out: plain frozen records, never database rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Exercise:
    id: str
    slug: str | None
    name: str
    aliases: tuple[str, ...]
    category: str
    subcategory: str
    equipment: tuple[str, ...]
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    movement_pattern: str
    plane_of_motion: str
    difficulty: int
    beginner_friendly: bool
    progression_type: str
    description: str
    instructions: tuple[str, ...]
    tips: tuple[str, ...]
    common_mistakes: tuple[str, ...]
    is_custom: bool
    is_favourite: bool
    rest_seconds: int | None


@dataclass(frozen=True)
class LoggedSet:
    id: str
    workout_id: str
    exercise_id: str
    exercise_name: str
    exercise_order: int
    set_number: int
    set_type: str
    weight_kg: float
    entered_unit: str
    is_bodyweight: bool
    reps: int
    rpe: float | None
    tempo: str | None
    rest_seconds: int | None
    time_under_tension_s: int | None
    notes: str
    technique_rating: int | None
    volume_load: float
    estimated_1rm: float | None
    relative_intensity: float | None
    logged_at: datetime


@dataclass(frozen=True)
class Workout:
    id: str
    name: str
    notes: str
    date: date
    started_at: datetime | None
    ended_at: datetime | None
    status: str
    sleep_quality: int | None
    sleep_hours: float | None
    stress: int | None
    motivation: int | None
    energy: int | None
    soreness: int | None
    readiness_score: float | None
    total_volume_kg: float
    total_sets: int
    total_reps: int
    avg_rpe: float | None
    max_rpe: float | None
    duration_s: int | None
    muscle_groups: tuple[str, ...]
    intensity: float | None


@dataclass(frozen=True)
class WorkoutExercise:
    """An exercise of a workout in the lifter's order, possibly without sets yet."""

    id: str
    exercise_id: str
    name: str
    position: int


@dataclass(frozen=True)
class WorkoutDetail:
    workout: Workout
    sets: tuple[LoggedSet, ...]
    exercises: tuple[WorkoutExercise, ...] = ()


@dataclass(frozen=True)
class PersonalRecord:
    """A record beaten in a workout. `kind` is "e1rm" or "rep_max" (heaviest load for `reps`)."""

    exercise_name: str
    kind: str
    reps: int | None
    value_kg: float
    previous_kg: float
    set_id: str


@dataclass(frozen=True)
class WorkoutSummary:
    workout: Workout
    prs: tuple[PersonalRecord, ...]


@dataclass(frozen=True)
class Profile:
    first_name: str | None
    last_name: str | None
    display_name: str | None
    age: int | None
    sex: str | None
    bodyweight_kg: float | None
    height_cm: float | None
    body_fat_pct: float | None
    experience_level: str | None
    years_training: float | None
    goals: tuple[str, ...]
    unit: str
    theme: str
    timezone: str | None
    rest_compound_s: int
    rest_isolation_s: int
    e1rm_formula: str
    bar_weight_kg: float
    plate_inventory: dict[float, int]
