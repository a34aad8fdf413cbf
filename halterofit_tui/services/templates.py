"""Workout templates: reusable plans of exercises and target sets.

A template is made from a finished workout (each exercise's work sets: reps, weight, RPE, rest)
or written in the lift spec grammar (domain/template_spec.py: "bench press: 3x8-12 @8 rest
120"). Starting one starts a workout whose planned sets show as planned until logged, each with
a weight the lifter can load: a percentage target takes its share of the exercise's latest e1RM;
otherwise the weight of the same set last time the exercise was done, else the template's own.

Stored in `templates.exercises` (JSON): [{"exercise_id": str, "sets": [{"reps_min", "reps_max",
"amrap", "weight_kg", "rpe", "percent_1rm", "rest_s"}]}], weights in kg.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlmodel import Session

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import MAX_REPS, MAX_WEIGHT_KG
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.domain.records import Workout
from halterofit_tui.domain.template_spec import MAX_REST_S, TargetSet, parse_lift
from halterofit_tui.domain.units import Unit, parse_unit
from halterofit_tui.services.library import resolve_in
from halterofit_tui.services.plans import (
    MAX_PLAN_PERCENT,
    MAX_PLAN_SETS,
    SetDraft,
    WorkoutPlan,
    kit_of,
    loadable_kg,
    loading_of,
    number_sets,
)
from halterofit_tui.services.workouts import MAX_NOTES, start_workout
from halterofit_tui.store.engine import Database
from halterofit_tui.store.plan_queries import (
    exercise_rows,
    find_template,
    last_finished_workout,
    last_session_sets,
    latest_e1rm,
    template_named,
    template_rows,
)
from halterofit_tui.store.repositories import (
    live_sets,
    one_by_prefix,
    profile_record,
    profile_row,
)
from halterofit_tui.store.tables import ExerciseSetRow, TemplateRow, WorkoutRow

MAX_TEMPLATE_NAME: Final = 100
MAX_TEMPLATE_EXERCISES: Final = 40


@dataclass(frozen=True)
class TemplateExercise:
    exercise_id: str
    exercise_name: str
    sets: tuple[TargetSet, ...]


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    notes: str
    source_workout_id: str | None
    exercises: tuple[TemplateExercise, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PlannedExercise:
    """An exercise of a template as it would be planned now: its sets with weights (kg)."""

    exercise_id: str
    exercise_name: str
    targets: tuple[TargetSet, ...]
    weights_kg: tuple[float | None, ...]


@dataclass(frozen=True)
class TemplatePreview:
    template: Template
    unit: Unit
    exercises: tuple[PlannedExercise, ...]
    plan: WorkoutPlan


# --- the stored JSON --------------------------------------------------------------------------


def _field(data: dict[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise InvalidInput(f"{path}.{key}: missing")
    return data[key]


def _whole(data: dict[str, Any], key: str, path: str, low: int, high: int) -> int:
    value = _field(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{path}.{key}: must be a whole number from {low} to {high}")
    return value


def _number(data: dict[str, Any], key: str, path: str, low: float, high: float) -> float | None:
    value = _field(data, key, path)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{path}.{key}: must be a number or null")
    if not (math.isfinite(value) and low < value <= high):
        raise InvalidInput(f"{path}.{key}: must be above {low:g} and at most {high:g}")
    return float(value)


def _target(value: object, path: str) -> TargetSet:
    if not isinstance(value, dict):
        raise InvalidInput(f"{path}: must be an object")
    reps_min = _whole(value, "reps_min", path, 1, MAX_REPS)
    amrap = _field(value, "amrap", path)
    if not isinstance(amrap, bool):
        raise InvalidInput(f"{path}.amrap: must be true or false")
    rest = _field(value, "rest_s", path)
    rpe = _number(value, "rpe", path, 0, 10)
    if rpe is not None and not (rpe >= 1 and (rpe * 2).is_integer()):
        raise InvalidInput(f"{path}.rpe: must be from 1 to 10 in steps of 0.5")
    return TargetSet(
        reps_min=reps_min,
        reps_max=_whole(value, "reps_max", path, reps_min, MAX_REPS),
        amrap=amrap,
        weight_kg=_number(value, "weight_kg", path, 0, MAX_WEIGHT_KG),
        rpe=rpe,
        percent_1rm=_number(value, "percent_1rm", path, 0, MAX_PLAN_PERCENT),
        rest_s=None if rest is None else _whole(value, "rest_s", path, 0, MAX_REST_S),
    )


def exercises_from_json(
    data: object, path: str = "exercises"
) -> list[tuple[str, tuple[TargetSet, ...]]]:
    """A template's stored exercises read back: (exercise id, sets); InvalidInput with the
    path of the first bad field."""
    if not isinstance(data, list) or len(data) > MAX_TEMPLATE_EXERCISES:
        raise InvalidInput(f"{path}: must be a list of at most {MAX_TEMPLATE_EXERCISES} exercises")
    read = []
    for index, item in enumerate(data):
        at = f"{path}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("exercise_id"), str):
            raise InvalidInput(f"{at}: must be an object with an exercise_id")
        sets = _field(item, "sets", at)
        if not isinstance(sets, list) or not 1 <= len(sets) <= MAX_PLAN_SETS:
            raise InvalidInput(f"{at}.sets: must be a list of 1 to {MAX_PLAN_SETS} sets")
        unknown = sorted(set(item) - {"exercise_id", "sets"})
        if unknown:
            raise InvalidInput(f"{at}.{unknown[0]}: unknown field")
        read.append(
            (item["exercise_id"], tuple(_target(s, f"{at}.sets[{n}]") for n, s in enumerate(sets)))
        )
    return read


def exercises_json(exercises: Sequence[tuple[str, Sequence[TargetSet]]]) -> list[dict[str, Any]]:
    return [
        {
            "exercise_id": exercise_id,
            "sets": [
                {
                    "reps_min": t.reps_min,
                    "reps_max": t.reps_max,
                    "amrap": t.amrap,
                    "weight_kg": t.weight_kg,
                    "rpe": t.rpe,
                    "percent_1rm": t.percent_1rm,
                    "rest_s": t.rest_s,
                }
                for t in sets
            ],
        }
        for exercise_id, sets in exercises
    ]


def _record(session: Session, row: TemplateRow) -> Template:
    stored = exercises_from_json(row.exercises)
    names = {e.id: e.name for e in exercise_rows(session, [i for i, _ in stored]).values()}
    return Template(
        id=row.id,
        name=row.name,
        notes=row.notes,
        source_workout_id=row.source_workout_id,
        exercises=tuple(TemplateExercise(i, names.get(i, "?"), sets) for i, sets in stored),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


# --- checks -----------------------------------------------------------------------------------


def _name(session: Session, name: str, own_id: str | None = None) -> str:
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= MAX_TEMPLATE_NAME:
        raise InvalidInput(f"a template name needs 1 to {MAX_TEMPLATE_NAME} characters")
    if template_named(session, cleaned, other_than=own_id) is not None:
        raise InvalidInput(f"a template named '{cleaned}' already exists; choose another name")
    return cleaned


def _notes(notes: str) -> str:
    if len(notes) > MAX_NOTES:
        raise InvalidInput(f"notes are limited to {MAX_NOTES} characters")
    return notes.strip()


def _unit(session: Session, unit: Unit | None) -> Unit:
    if unit is not None:
        return unit
    row = profile_row(session)
    assert row is not None, "open_store() creates the profile"
    return parse_unit(row.unit)


def _parsed_lifts(
    session: Session, lifts: Sequence[str], unit: Unit
) -> list[tuple[str, tuple[TargetSet, ...]]]:
    """Each spec's exercise resolved in the library; an exercise given twice is refused."""
    parsed: list[tuple[str, tuple[TargetSet, ...]]] = []
    names: dict[str, str] = {}
    for text in lifts:
        lift = parse_lift(text, unit)
        exercise = resolve_in(session, lift.exercise)
        if exercise.id in names:
            raise InvalidInput(
                f"{exercise.name} is given twice; write its groups in one spec: "
                f"'{lift.exercise}: 1x5 @8, 3x5 @75%'"
            )
        names[exercise.id] = exercise.name
        parsed.append((exercise.id, lift.sets))
    return parsed


def _check_size(exercises: Sequence[object]) -> None:
    if not exercises:
        raise InvalidInput("a template needs at least one exercise")
    if len(exercises) > MAX_TEMPLATE_EXERCISES:
        raise InvalidInput(f"a template holds at most {MAX_TEMPLATE_EXERCISES} exercises")


# --- use-cases --------------------------------------------------------------------------------


def list_templates(db: Database) -> list[Template]:
    with db.session() as session:
        return [_record(session, row) for row in template_rows(session)]


def get_template(db: Database, name: str) -> Template:
    """A template by name (any case) or id prefix."""
    with db.session() as session:
        return _record(session, find_template(session, name))


def create_template(
    db: Database, name: str, lifts: Sequence[str], notes: str = "", unit: Unit | None = None
) -> Template:
    """A template from lift specs ("bench press: 3x8-12 @8 rest 120"); unitless weights are in
    `unit` (the profile's by default)."""
    with db.session() as session:
        row = TemplateRow(name=_name(session, name), notes=_notes(notes))
        exercises = _parsed_lifts(session, lifts, _unit(session, unit))
        _check_size(exercises)
        row.exercises = exercises_json(exercises)
        db.stamp(session, row, created=True)
        return _record(session, row)


def _work_sets(sets: Sequence[ExerciseSetRow]) -> list[tuple[str, tuple[TargetSet, ...]]]:
    """Per exercise in workout order, its sets other than warm-ups and timed sets, as targets."""
    by_exercise: dict[str, list[TargetSet]] = {}
    for s in sorted(sets, key=lambda s: (s.exercise_order, s.set_number)):
        if s.set_type == "warmup" or s.reps < 1:
            continue
        # A bodyweight set's weight is only what was added: the lifter chooses it again.
        weight = None if s.is_bodyweight or s.weight_kg <= 0 else s.weight_kg
        rest = None if s.rest_seconds is None else min(MAX_REST_S, max(0, s.rest_seconds))
        by_exercise.setdefault(s.exercise_id, []).append(
            TargetSet(
                reps_min=min(s.reps, MAX_REPS),
                reps_max=min(s.reps, MAX_REPS),
                amrap=s.set_type == "amrap",
                weight_kg=weight,
                rpe=s.rpe,
                rest_s=rest,
            )
        )
    return [(exercise_id, tuple(t[:MAX_PLAN_SETS])) for exercise_id, t in by_exercise.items()]


def save_workout_as_template(
    db: Database, workout_id: str | None = None, name: str | None = None, notes: str = ""
) -> Template:
    """A finished workout (the last one by default) as a template, named after it unless
    `name` is given: per exercise, its work sets with their reps, weight, RPE and rest."""
    with db.session() as session:
        if workout_id is None:
            workout = last_finished_workout(session)
            if workout is None:
                raise InvalidInput("there is no finished workout to save as a template yet")
        else:
            workout = one_by_prefix(session, WorkoutRow, workout_id, "workout")
        if workout.status != "completed":
            raise InvalidInput(
                f"workout '{workout.name}' is still in progress: finish it, then save it"
            )
        exercises = _work_sets(live_sets(session, [workout.id]))
        if not exercises:
            raise InvalidInput(f"workout '{workout.name}' has no work sets to make a template of")
        _check_size(exercises)
        row = TemplateRow(
            name=_name(session, name if name is not None else workout.name),
            notes=_notes(notes),
            source_workout_id=workout.id,
            exercises=exercises_json(exercises),
        )
        db.stamp(session, row, created=True)
        return _record(session, row)


def edit_template(
    db: Database,
    name: str,
    *,
    lifts: Sequence[str] = (),
    remove: Sequence[str] = (),
    rename: str | None = None,
    notes: str | None = None,
    unit: Unit | None = None,
) -> Template:
    """Change a template: a lift spec for an exercise it has replaces that exercise's sets (in
    place), one for a new exercise is added at the end; `remove` takes exercises out."""
    if not (lifts or remove or rename is not None or notes is not None):
        raise InvalidInput("nothing to change: give lifts, exercises to remove, a name or notes")
    with db.session() as session:
        row = find_template(session, name)
        exercises = dict(exercises_from_json(row.exercises))
        for query in remove:
            exercise = resolve_in(session, query)
            if exercises.pop(exercise.id, None) is None:
                raise InvalidInput(f"{exercise.name} is not in template '{row.name}'")
        for exercise_id, sets in _parsed_lifts(session, lifts, _unit(session, unit)):
            exercises[exercise_id] = sets
        _check_size(list(exercises))
        if rename is not None:
            row.name = _name(session, rename, own_id=row.id)
        if notes is not None:
            row.notes = _notes(notes)
        row.exercises = exercises_json(list(exercises.items()))
        db.stamp(session, row)
        return _record(session, row)


def delete_template(db: Database, name: str) -> Template:
    """Delete a template (workouts started from it keep their plan)."""
    with db.session() as session:
        row = find_template(session, name)
        removed = _record(session, row)
        row.deleted = True
        db.stamp(session, row)
        return removed


def _planned_weight(
    target: TargetSet, index: int, last: Sequence[float], e1rm_kg: float | None
) -> float | None:
    if target.percent_1rm is not None and e1rm_kg is not None:
        return e1rm_kg * target.percent_1rm / 100
    if last:
        return last[min(index, len(last) - 1)]
    return target.weight_kg


def _preview_in(session: Session, row: TemplateRow) -> TemplatePreview:
    template = _record(session, row)
    profile = profile_row(session)
    assert profile is not None, "open_store() creates the profile"
    kit = kit_of(profile_record(profile))
    rows = exercise_rows(session, [e.exercise_id for e in template.exercises])
    planned: list[PlannedExercise] = []
    drafts: list[SetDraft] = []
    for exercise in template.exercises:
        last = [
            s.weight_kg
            for s in last_session_sets(session, exercise.exercise_id)
            if not s.is_bodyweight and s.weight_kg > 0
        ]
        wants_e1rm = any(t.percent_1rm is not None for t in exercise.sets)
        e1rm = latest_e1rm(session, exercise.exercise_id) if wants_e1rm else None
        known = rows.get(exercise.exercise_id)
        # An exercise not on this device yet (sync brings it later) moves in plain steps.
        loading = loading_of(known.equipment) if known is not None else "steps"
        weights = []
        for index, target in enumerate(exercise.sets):
            raw = _planned_weight(target, index, last, e1rm)
            weight = None if raw is None else loadable_kg(raw, loading, kit)
            weights.append(weight)
            drafts.append(
                SetDraft(
                    exercise_id=exercise.exercise_id,
                    reps_min=target.reps_min,
                    reps_max=target.reps_max,
                    amrap=target.amrap,
                    weight_kg=weight,
                    rpe=target.rpe,
                    percent_1rm=target.percent_1rm,
                    rest_s=target.rest_s,
                )
            )
        planned.append(
            PlannedExercise(
                exercise.exercise_id, exercise.exercise_name, exercise.sets, tuple(weights)
            )
        )
    plan = WorkoutPlan("template", template.name, None, number_sets(drafts), template.id)
    return TemplatePreview(template, kit.unit, tuple(planned), plan)


def preview_template(db: Database, name: str) -> TemplatePreview:
    """The template with the weights it would plan now."""
    with db.session() as session:
        return _preview_in(session, find_template(session, name))


def start_template(
    db: Database, name: str, now: datetime | None = None, readiness: Readiness | None = None
) -> Workout:
    """Start a workout from a template: its exercises in place and its sets planned."""
    preview = preview_template(db, name)
    return start_workout(db, preview.template.name, now, readiness, plan=preview.plan)
