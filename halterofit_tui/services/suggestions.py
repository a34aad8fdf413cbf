"""The set logger's suggestion: gathers what `domain.suggestions` needs from the store.

Today's working sets of the exercise, the last session's (`workouts.previous_session_sets`),
the next planned set (`plans.next_planned_set`), the workout's readiness score and the
profile's unit, bar and plates.
"""

from __future__ import annotations

from dataclasses import dataclass

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.programs import PlateKit
from halterofit_tui.domain.records import LoggedSet, Profile
from halterofit_tui.domain.suggestions import (
    DoneSet,
    PlannedTarget,
    Suggestion,
    SuggestionInput,
    loading_for,
)
from halterofit_tui.domain.suggestions import suggest_next_set as suggest
from halterofit_tui.domain.units import Unit, from_kg, parse_unit
from halterofit_tui.services.plans import PlannedSetView, planned_sets
from halterofit_tui.services.workouts import previous_session_sets
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import live_sets, profile_record, profile_row, set_record
from halterofit_tui.store.tables import ExerciseRow, WorkoutRow

# Timed and distance exercises have no load to suggest.
_LOADED_PROGRESSIONS = ("weight", "reps")


@dataclass(frozen=True)
class _Facts:
    profile: Profile
    equipment: tuple[str, ...]
    progression_type: str
    readiness: float | None
    today: tuple[LoggedSet, ...]


def _facts(db: Database, workout_id: str, exercise_id: str) -> _Facts:
    with db.session() as session:
        workout = session.get(WorkoutRow, workout_id)
        if workout is None or workout.deleted:
            raise NotFound(f"no workout with id {workout_id}")
        exercise = session.get(ExerciseRow, exercise_id)
        if exercise is None or exercise.deleted:
            raise NotFound(f"no exercise with id {exercise_id}")
        row = profile_row(session)
        assert row is not None, "open_store() creates the profile"
        today = tuple(
            set_record(s, exercise.name)
            for s in live_sets(session, [workout_id])
            if s.exercise_id == exercise_id
        )
        return _Facts(
            profile_record(row),
            tuple(exercise.equipment),
            exercise.progression_type,
            workout.readiness_score,
            today,
        )


def _done(sets: tuple[LoggedSet, ...], unit: Unit) -> tuple[DoneSet, ...]:
    """Working sets (warm-ups left out) in the lifter's unit, in set order."""
    ordered = sorted((s for s in sets if s.set_type != "warmup"), key=lambda s: s.set_number)
    return tuple(DoneSet(from_kg(s.weight_kg, unit), s.reps, s.rpe) for s in ordered)


def _target(plan: list[PlannedSetView], exercise_id: str, unit: Unit) -> PlannedTarget | None:
    """The exercise's first planned set not done yet, with its place among the work sets."""
    mine = [p for p in plan if p.exercise_id == exercise_id]
    upcoming = next((p for p in mine if not p.done), None)
    if upcoming is None:
        return None
    working = [p for p in mine if p.set_type != "warmup"]
    index = next((i for i, p in enumerate(working, start=1) if p is upcoming), 0)
    return PlannedTarget(
        reps_min=upcoming.reps_min,
        reps_max=upcoming.reps_max,
        weight=None if upcoming.weight_kg is None else from_kg(upcoming.weight_kg, unit),
        rpe=upcoming.rpe,
        amrap=upcoming.amrap,
        warmup=upcoming.set_type == "warmup",
        set_number=upcoming.set_number,
        working_index=index,
        working_count=len(working),
    )


def _plan(db: Database, workout_id: str) -> list[PlannedSetView]:
    """The workout's planned sets; a plan that cannot be read is left out (the workout screen
    says so once) rather than leaving the lifter without any suggestion."""
    try:
        return planned_sets(db, workout_id)
    except InvalidInput:
        return []


def suggest_next_set(db: Database, workout_id: str, exercise_id: str) -> Suggestion | None:
    """The next set of `exercise_id` in the workout, with its reasons (weights in the profile's
    unit), or None when neither a plan nor any set gives something to go on."""
    facts = _facts(db, workout_id, exercise_id)
    if facts.progression_type not in _LOADED_PROGRESSIONS:
        return None
    profile = facts.profile
    unit = parse_unit(profile.unit)
    previous = tuple(
        s for s in previous_session_sets(db, exercise_id) if s.workout_id != workout_id
    )
    bodyweight = "bodyweight" in facts.equipment and facts.progression_type == "reps"
    data = SuggestionInput(
        kit=PlateKit.from_kg(unit, profile.bar_weight_kg, profile.plate_inventory),
        loading=loading_for(facts.equipment),
        bodyweight=bodyweight,
        today=_done(facts.today, unit),
        previous=_done(previous, unit),
        planned=_target(_plan(db, workout_id), exercise_id, unit),
        readiness=facts.readiness,
    )
    return suggest(data)
