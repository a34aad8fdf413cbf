"""Workout plans: the sets a workout is meant to have, from a template or a programme session.

A plan is stored whole in `workouts.plan` (JSON), so it survives a restart and syncs with the
workout:

    {"source": "template" | "program", "name": str,
     "program": {"enrollment_id", "week", "session", "session_name"} | null,
     "sets": [{"exercise_id", "exercise_order", "set_number", "set_type", "reps_min", "reps_max",
               "amrap", "weight_kg", "rpe", "percent_1rm", "rest_s", "note"}]}

`exercise_order` is the exercise's slot in the workout and `set_number` counts from 1 within
the exercise; week and session are 1-based. A planned set shows as planned until a set is
logged for it. Matching goes by kind: an exercise's planned work sets are matched, in order,
with its logged sets other than warm-ups, and planned warm-ups with logged warm-ups. With no
warm-up logged that is the logged set of the same number; a warm-up logged first does not
stand in for the first work set.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from sqlmodel import Session

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import MAX_REPS, MAX_WEIGHT_KG
from halterofit_tui.domain.plates import nearest_loadable
from halterofit_tui.domain.programs import PlateKit
from halterofit_tui.domain.records import Profile
from halterofit_tui.domain.units import from_kg, parse_unit, to_kg
from halterofit_tui.store.engine import Database
from halterofit_tui.store.plan_queries import exercise_rows
from halterofit_tui.store.repositories import live_sets, one_by_prefix, workout_exercise_rows
from halterofit_tui.store.tables import ExerciseSetRow, WorkoutExerciseRow, WorkoutRow

SOURCES: Final = ("template", "program")
PLANNED_SET_TYPES: Final = ("working", "warmup")
MAX_PLAN_SETS: Final = 400
MAX_PLAN_PERCENT: Final = 150.0
MAX_PLAN_REST_S: Final = 3600
# How a planned weight is loaded: bar and plates, or fixed steps (dumbbells, cables, machines).
Loading = Literal["barbell", "steps"]


@dataclass(frozen=True)
class PlanSet:
    exercise_id: str
    exercise_order: int
    set_number: int
    set_type: str
    reps_min: int
    reps_max: int
    amrap: bool
    weight_kg: float | None
    rpe: float | None
    percent_1rm: float | None
    rest_s: int | None
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "exercise_id": self.exercise_id,
            "exercise_order": self.exercise_order,
            "set_number": self.set_number,
            "set_type": self.set_type,
            "reps_min": self.reps_min,
            "reps_max": self.reps_max,
            "amrap": self.amrap,
            "weight_kg": self.weight_kg,
            "rpe": self.rpe,
            "percent_1rm": self.percent_1rm,
            "rest_s": self.rest_s,
            "note": self.note,
        }


@dataclass(frozen=True)
class PlanProgram:
    """Which programme session a plan is: the enrollment and the 1-based week and session."""

    enrollment_id: str
    week: int
    session: int
    session_name: str


@dataclass(frozen=True)
class WorkoutPlan:
    source: str
    name: str
    program: PlanProgram | None
    sets: tuple[PlanSet, ...]
    # Kept in workouts.template_id, not in the plan's JSON.
    template_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        program = self.program
        return {
            "source": self.source,
            "name": self.name,
            "program": None
            if program is None
            else {
                "enrollment_id": program.enrollment_id,
                "week": program.week,
                "session": program.session,
                "session_name": program.session_name,
            },
            "sets": [s.as_dict() for s in self.sets],
        }


@dataclass(frozen=True)
class SetDraft:
    """A planned set before it has its place in the workout (see `number_sets`)."""

    exercise_id: str
    reps_min: int
    reps_max: int
    amrap: bool = False
    weight_kg: float | None = None
    rpe: float | None = None
    percent_1rm: float | None = None
    rest_s: int | None = None
    note: str = ""
    set_type: str = "working"


def number_sets(drafts: Sequence[SetDraft]) -> tuple[PlanSet, ...]:
    """Drafts in order with their places: exercises take slots in order of first appearance,
    and sets are numbered from 1 within each exercise (an exercise met again continues)."""
    orders: dict[str, int] = {}
    counts: dict[str, int] = defaultdict(int)
    numbered: list[PlanSet] = []
    for draft in drafts:
        order = orders.setdefault(draft.exercise_id, len(orders) + 1)
        counts[draft.exercise_id] += 1
        numbered.append(
            PlanSet(
                exercise_id=draft.exercise_id,
                exercise_order=order,
                set_number=counts[draft.exercise_id],
                set_type=draft.set_type,
                reps_min=draft.reps_min,
                reps_max=draft.reps_max,
                amrap=draft.amrap,
                weight_kg=draft.weight_kg,
                rpe=draft.rpe,
                percent_1rm=draft.percent_1rm,
                rest_s=draft.rest_s,
                note=draft.note,
            )
        )
    return tuple(numbered)


# --- reading a stored plan ------------------------------------------------------------------


class _PlanReader:
    """Typed reads of a plan's JSON; the first problem raises InvalidInput with its path."""

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        self.data, self.path = data, path

    def fail(self, key: str, reason: str) -> InvalidInput:
        return InvalidInput(f"{self.path}.{key}: {reason}")

    def get(self, key: str) -> Any:
        if key not in self.data:
            raise self.fail(key, "missing")
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str):
            raise self.fail(key, "must be text")
        return value

    def whole(self, key: str, low: int, high: int) -> int:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"must be a whole number from {low} to {high}")
        return value

    def number(self, key: str, low: float, high: float) -> float | None:
        value = self.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "must be a number or null")
        if not (math.isfinite(value) and low <= value <= high):
            raise self.fail(key, f"must be from {low:g} to {high:g}")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value


def _object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{path}: must be an object")
    return value


def _read_set(value: object, path: str) -> PlanSet:
    f = _PlanReader(_object(value, path), path)
    set_type = f.text("set_type")
    if set_type not in PLANNED_SET_TYPES:
        raise f.fail("set_type", f"must be one of {', '.join(PLANNED_SET_TYPES)}")
    reps_min = f.whole("reps_min", 1, MAX_REPS)
    rest = f.get("rest_s")
    if rest is not None:
        rest = f.whole("rest_s", 0, MAX_PLAN_REST_S)
    rpe = f.number("rpe", 1, 10)
    if rpe is not None and not (rpe * 2).is_integer():
        raise f.fail("rpe", "must be in steps of 0.5")
    return PlanSet(
        exercise_id=f.text("exercise_id"),
        exercise_order=f.whole("exercise_order", 1, MAX_PLAN_SETS),
        set_number=f.whole("set_number", 1, MAX_PLAN_SETS),
        set_type=set_type,
        reps_min=reps_min,
        reps_max=f.whole("reps_max", reps_min, MAX_REPS),
        amrap=f.flag("amrap"),
        weight_kg=f.number("weight_kg", 0, MAX_WEIGHT_KG),
        rpe=rpe,
        percent_1rm=f.number("percent_1rm", 0, MAX_PLAN_PERCENT),
        rest_s=rest,
        note=f.text("note"),
    )


def plan_from_dict(data: object, *, template_id: str | None = None) -> WorkoutPlan:
    """A stored plan read back, refused (InvalidInput naming the field) when it is not one."""
    f = _PlanReader(_object(data, "plan"), "plan")
    source = f.text("source")
    if source not in SOURCES:
        raise f.fail("source", f"must be one of {', '.join(SOURCES)}")
    program = None
    raw_program = f.get("program")
    if raw_program is not None:
        p = _PlanReader(_object(raw_program, "plan.program"), "plan.program")
        program = PlanProgram(
            enrollment_id=p.text("enrollment_id"),
            week=p.whole("week", 1, 10_000),
            session=p.whole("session", 1, 10_000),
            session_name=p.text("session_name"),
        )
    raw_sets = f.get("sets")
    if not isinstance(raw_sets, list) or len(raw_sets) > MAX_PLAN_SETS:
        raise f.fail("sets", f"must be a list of at most {MAX_PLAN_SETS} sets")
    sets = tuple(_read_set(item, f"plan.sets[{index}]") for index, item in enumerate(raw_sets))
    seen: set[tuple[str, int]] = set()
    for index, planned in enumerate(sets):
        key = (planned.exercise_id, planned.set_number)
        if key in seen:
            raise InvalidInput(f"plan.sets[{index}].set_number: this exercise has it twice")
        seen.add(key)
    return WorkoutPlan(source, f.text("name"), program, sets, template_id)


def plan_of(row: WorkoutRow) -> WorkoutPlan | None:
    """The workout's plan, None when it has none."""
    if row.plan is None:
        return None
    return plan_from_dict(row.plan, template_id=row.template_id)


# --- weights the lifter can load --------------------------------------------------------------


def kit_of(profile: Profile) -> PlateKit:
    """The lifter's bar, plates and dumbbell/machine step, in their unit."""
    return PlateKit.from_kg(
        parse_unit(profile.unit), profile.bar_weight_kg, profile.plate_inventory
    )


def loading_of(equipment: Sequence[str]) -> Loading:
    """Barbell lifts are loaded with the bar and plates; everything else moves in steps."""
    return "barbell" if "barbell" in equipment else "steps"


def loadable_kg(weight_kg: float, loading: Loading, kit: PlateKit) -> float:
    """The nearest weight the kit makes (ties to the lighter), in kg; never below one step."""
    weight = from_kg(weight_kg, kit.unit)
    if loading == "barbell":
        rounded = nearest_loadable(weight, kit.bar, kit.plates)
    else:
        rounded = max(1, math.floor(weight / kit.step + 0.5 - 1e-9)) * kit.step
    return to_kg(round(rounded, 6), kit.unit)


# --- writing a plan into a workout ------------------------------------------------------------


def attach_plan_in(db: Database, session: Session, workout: WorkoutRow, plan: WorkoutPlan) -> None:
    """Give a just-started workout its plan and a slot for each planned exercise, in order."""
    workout.plan = plan.as_dict()
    workout.template_id = plan.template_id
    workout.enrollment_id = plan.program.enrollment_id if plan.program is not None else None
    session.add(workout)
    session.flush()
    orders = {s.exercise_id: s.exercise_order for s in plan.sets}
    for exercise_id, order in sorted(orders.items(), key=lambda item: item[1]):
        slot = WorkoutExerciseRow(workout_id=workout.id, exercise_id=exercise_id, position=order)
        db.stamp(session, slot, created=True)


# --- planned sets against logged ones ---------------------------------------------------------


def match_logged(
    planned: Sequence[PlanSet], logged: Sequence[ExerciseSetRow]
) -> dict[tuple[str, int], ExerciseSetRow]:
    """(exercise id, planned set number) -> the logged set that does it (see the docstring)."""
    queues: dict[tuple[str, bool], list[ExerciseSetRow]] = defaultdict(list)
    for row in sorted(logged, key=lambda r: r.set_number):
        if not row.deleted:
            queues[(row.exercise_id, row.set_type == "warmup")].append(row)
    matched: dict[tuple[str, int], ExerciseSetRow] = {}
    for target in sorted(planned, key=lambda s: s.set_number):
        queue = queues[(target.exercise_id, target.set_type == "warmup")]
        if queue:
            matched[(target.exercise_id, target.set_number)] = queue.pop(0)
    return matched


@dataclass(frozen=True)
class PlannedSetView:
    """A planned set as the set logger shows it; `done` once a logged set does it."""

    exercise_id: str
    exercise_name: str
    exercise_order: int
    set_number: int
    set_type: str
    reps_min: int
    reps_max: int
    amrap: bool
    weight_kg: float | None
    rpe: float | None
    percent_1rm: float | None
    rest_s: int | None
    note: str
    done: bool
    logged_set_id: str | None


def planned_sets_in(session: Session, workout: WorkoutRow) -> list[PlannedSetView]:
    plan = plan_of(workout)
    if plan is None:
        return []
    matched = match_logged(plan.sets, live_sets(session, [workout.id]))
    reweighed: dict[tuple[str, int], float] = {}
    if plan.program is not None:
        # Imported here: programs builds on this module.
        from halterofit_tui.services.programs import backoff_weights_in

        reweighed = backoff_weights_in(session, workout)
    names = {
        e.id: e.name for e in exercise_rows(session, {s.exercise_id for s in plan.sets}).values()
    }
    # The lifter may have moved exercises since the plan was made: show today's order.
    slots: list[WorkoutExerciseRow] = workout_exercise_rows(session, [workout.id])
    positions = {slot.exercise_id: slot.position for slot in slots}
    views = []
    for s in plan.sets:
        key = (s.exercise_id, s.set_number)
        logged = matched.get(key)
        views.append(
            PlannedSetView(
                exercise_id=s.exercise_id,
                exercise_name=names.get(s.exercise_id, "?"),
                exercise_order=positions.get(s.exercise_id, s.exercise_order),
                set_number=s.set_number,
                set_type=s.set_type,
                reps_min=s.reps_min,
                reps_max=s.reps_max,
                amrap=s.amrap,
                weight_kg=reweighed.get(key, s.weight_kg),
                rpe=s.rpe,
                percent_1rm=s.percent_1rm,
                rest_s=s.rest_s,
                note=s.note,
                done=logged is not None,
                logged_set_id=logged.id if logged is not None else None,
            )
        )
    return sorted(views, key=lambda v: (v.exercise_order, v.set_number))


def planned_sets(db: Database, workout_id: str) -> list[PlannedSetView]:
    """The workout's planned sets in workout order, each with whether it is done (empty when
    the workout has no plan). `workout_id` may be shortened to its first 4+ characters."""
    with db.session() as session:
        return planned_sets_in(session, one_by_prefix(session, WorkoutRow, workout_id, "workout"))


def next_planned_set(db: Database, workout_id: str, exercise_id: str) -> PlannedSetView | None:
    """The exercise's first planned set not done yet (to prefill the logger); None when every
    planned set of it is done or it has none."""
    for view in planned_sets(db, workout_id):
        if view.exercise_id == exercise_id and not view.done:
            return view
    return None
