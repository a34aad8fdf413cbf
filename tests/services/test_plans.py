"""Workout plans: their JSON, numbering, starting a workout with one, and planned sets turning
done as sets are logged."""

from __future__ import annotations

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.programs import PlateKit
from halterofit_tui.services.library import get_exercise
from halterofit_tui.services.plans import (
    SetDraft,
    WorkoutPlan,
    kit_of,
    loadable_kg,
    next_planned_set,
    number_sets,
    plan_from_dict,
    planned_sets,
)
from halterofit_tui.services.profile import get_profile, set_setting
from halterofit_tui.services.workouts import (
    SetDetails,
    active_workout,
    log_sets,
    move_exercise,
    start_workout,
)
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import WorkoutRow

BENCH, SQUAT = "bench-id", "squat-id"


def test_number_sets_gives_slots_by_first_appearance_and_counts_within_each() -> None:
    drafts = [
        SetDraft(SQUAT, 5, 5, rpe=8.0),
        SetDraft(BENCH, 8, 12),
        SetDraft(SQUAT, 5, 5, weight_kg=100.0),
        SetDraft(SQUAT, 5, 5, weight_kg=100.0),
    ]
    numbered = number_sets(drafts)
    assert [(s.exercise_id, s.exercise_order, s.set_number) for s in numbered] == [
        (SQUAT, 1, 1),
        (BENCH, 2, 1),
        (SQUAT, 1, 2),
        (SQUAT, 1, 3),
    ]
    assert (numbered[1].reps_min, numbered[1].reps_max, numbered[2].weight_kg) == (8, 12, 100.0)


def sample_plan() -> WorkoutPlan:
    return WorkoutPlan(
        "template",
        "Push",
        None,
        number_sets([SetDraft(BENCH, 5, 5, weight_kg=100.0, rest_s=180, note="paused")]),
    )


def test_a_plan_reads_back_from_its_json() -> None:
    stored = sample_plan().as_dict()
    assert stored == {
        "source": "template",
        "name": "Push",
        "program": None,
        "sets": [
            {
                "exercise_id": BENCH,
                "exercise_order": 1,
                "set_number": 1,
                "set_type": "working",
                "reps_min": 5,
                "reps_max": 5,
                "amrap": False,
                "weight_kg": 100.0,
                "rpe": None,
                "percent_1rm": None,
                "rest_s": 180,
                "note": "paused",
            }
        ],
    }
    assert plan_from_dict(stored) == sample_plan()


def broken(**changes: object) -> dict[str, object]:
    stored = sample_plan().as_dict()
    stored["sets"][0].update(changes)  # type: ignore[index]
    return stored


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "plan: must be an object"),
        (
            {**sample_plan().as_dict(), "source": "coach"},
            "plan.source: must be one of template, program",
        ),
        ({"source": "template", "name": "x", "program": None}, "plan.sets: missing"),
        (
            {**sample_plan().as_dict(), "program": {"enrollment_id": "e", "week": 0}},
            "plan.program.week: must be a whole number from 1 to 10000",
        ),
        (broken(set_type="drop"), "plan.sets[0].set_type: must be one of working, warmup"),
        (broken(reps_max=4), "plan.sets[0].reps_max: must be a whole number from 5 to 1000"),
        (broken(rpe=8.3), "plan.sets[0].rpe: must be in steps of 0.5"),
        (broken(weight_kg="heavy"), "plan.sets[0].weight_kg: must be a number or null"),
        (broken(amrap=1), "plan.sets[0].amrap: must be true or false"),
    ],
)
def test_a_damaged_plan_is_refused_with_the_field(document: object, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        plan_from_dict(document)
    assert str(caught.value) == message


def test_a_set_planned_twice_is_refused() -> None:
    stored = sample_plan().as_dict()
    stored["sets"].append(dict(stored["sets"][0]))  # type: ignore[attr-defined]
    with pytest.raises(
        InvalidInput, match=r"plan.sets\[1\].set_number: this exercise has it twice"
    ):
        plan_from_dict(stored)


# --- loading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight_kg", "loading", "expected_kg"),
    [
        (91.85, "barbell", 92.5),  # pairs of 1.25 kg: multiples of 2.5 kg on a 20 kg bar
        (91.2, "barbell", 90.0),
        (91.25, "barbell", 90.0),  # a tie goes to the lighter
        (12.0, "barbell", 20.0),  # never below the bar
        (23.6, "steps", 22.5),  # dumbbells and machines: 2.5 kg steps
        (0.4, "steps", 2.5),  # at least one step
    ],
)
def test_loadable_weights_on_the_standard_kg_kit(
    weight_kg: float, loading: str, expected_kg: float
) -> None:
    kit = PlateKit.standard("kg")
    assert loadable_kg(weight_kg, loading, kit) == pytest.approx(expected_kg)  # type: ignore[arg-type]


def test_a_pound_lifter_gets_weights_their_plates_make(db: Database) -> None:
    set_setting(db, "unit", "lb")  # moves to the 45 lb bar and lb plates (smallest pair 2 x 2.5)
    kit = kit_of(get_profile(db))
    assert (kit.unit, kit.bar) == ("lb", 45.0)
    # 100 kg = 220.46 lb: the nearest 5 lb step is 220 lb = 99.79 kg.
    assert loadable_kg(100.0, "barbell", kit) == pytest.approx(220 * 0.45359237)


# --- a workout with a plan ----------------------------------------------------------------------


def push_plan(db: Database) -> tuple[WorkoutPlan, str, str]:
    bench = get_exercise(db, "bench press").id
    row = get_exercise(db, "barbell row").id
    drafts = [
        SetDraft(bench, 5, 5, weight_kg=100.0),
        SetDraft(bench, 5, 5, weight_kg=100.0),
        SetDraft(row, 8, 12, rpe=8.0),
        SetDraft(row, 8, 12, rpe=8.0),
    ]
    return WorkoutPlan("template", "Push", None, number_sets(drafts)), bench, row


def test_starting_with_a_plan_stores_it_and_puts_its_exercises_in_order(db: Database) -> None:
    plan, bench, row = push_plan(db)
    workout = start_workout(db, "Push", plan=plan)

    detail = active_workout(db)
    assert detail is not None
    assert [(e.exercise_id, e.position) for e in detail.exercises] == [(bench, 1), (row, 2)]
    with db.session() as session:
        stored = session.get(WorkoutRow, workout.id)
        assert stored is not None
        assert (stored.plan, stored.template_id, stored.enrollment_id) == (
            plan.as_dict(),
            None,
            None,
        )
    views = planned_sets(db, workout.id[:8])
    assert [(v.exercise_name, v.set_number, v.weight_kg, v.done) for v in views] == [
        ("Barbell Bench Press", 1, 100.0, False),
        ("Barbell Bench Press", 2, 100.0, False),
        ("Barbell Row", 1, None, False),
        ("Barbell Row", 2, None, False),
    ]


def test_planned_sets_turn_done_as_sets_are_logged_warmups_aside(db: Database) -> None:
    plan, bench, row = push_plan(db)
    workout = start_workout(db, "Push", plan=plan)
    log_sets(db, "bench press", notation="60x10", details=SetDetails(set_type="warmup"))

    # A warm-up is not the first work set.
    assert next_planned_set(db, workout.id, bench) == planned_sets(db, workout.id)[0]
    (first,) = log_sets(db, "bench press", notation="100x5").sets

    views = planned_sets(db, workout.id)
    assert [(v.done, v.logged_set_id) for v in views[:2]] == [(True, first.id), (False, None)]
    following = next_planned_set(db, workout.id, bench)
    assert following is not None and following.set_number == 2
    log_sets(db, "bench press", notation="100x4")
    assert next_planned_set(db, workout.id, bench) is None
    # Nothing planned for squats; the row is untouched.
    assert next_planned_set(db, workout.id, get_exercise(db, "squat").id) is None
    upcoming = next_planned_set(db, workout.id, row)
    assert upcoming is not None and (upcoming.set_number, upcoming.rpe) == (1, 8.0)


def test_planned_sets_follow_exercises_moved_in_the_workout(db: Database) -> None:
    plan, bench, row = push_plan(db)
    workout = start_workout(db, "Push", plan=plan)
    detail = active_workout(db)
    assert detail is not None
    move_exercise(db, detail.exercises[1].id, -1)

    assert [(v.exercise_id, v.exercise_order) for v in planned_sets(db, workout.id)] == [
        (row, 1),
        (row, 1),
        (bench, 2),
        (bench, 2),
    ]


def test_a_workout_without_a_plan_has_no_planned_sets(db: Database) -> None:
    workout = log_sets(db, "bench press", notation="100x5").workout
    assert planned_sets(db, workout.id) == []
    assert next_planned_set(db, workout.id, get_exercise(db, "bench press").id) is None
