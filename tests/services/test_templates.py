"""Templates: writing, saving, editing and deleting them, and starting a workout from one with
weights worked out from the lifter's history and rounded to their plates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.template_spec import TargetSet
from halterofit_tui.services.library import get_exercise
from halterofit_tui.services.plans import planned_sets
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.templates import (
    create_template,
    delete_template,
    edit_template,
    get_template,
    list_templates,
    preview_template,
    save_workout_as_template,
    start_template,
)
from halterofit_tui.services.workouts import (
    SetDetails,
    active_workout,
    finish_workout,
    log_sets,
)
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import WorkoutRow

MONDAY = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


def session(db: Database, at: datetime, *lifts: tuple[str, str]) -> str:
    """A finished workout of `lifts` (exercise, notation); returns its id."""
    for offset, (exercise, notation) in enumerate(lifts):
        log_sets(db, exercise, notation=notation, now=at + timedelta(minutes=offset))
    return finish_workout(db, now=at + timedelta(hours=1)).workout.id


def specs(db: Database, name: str) -> list[tuple[str, tuple[TargetSet, ...]]]:
    return [(e.exercise_name, e.sets) for e in get_template(db, name).exercises]


# --- writing templates --------------------------------------------------------------------------


def test_create_resolves_exercises_and_keeps_the_targets(db: Database) -> None:
    created = create_template(
        db,
        "  Upper   A ",
        ["bench: 1x5 @8, 2x8-12 80kg rest 2m", "ohp: 3x5+ @75%"],
        notes="  after work ",
    )

    assert (created.name, created.notes, created.source_workout_id) == (
        "Upper A",
        "after work",
        None,
    )
    assert specs(db, "upper a") == [
        (
            "Barbell Bench Press",
            (TargetSet(5, 5, rpe=8.0),) + (TargetSet(8, 12, weight_kg=80.0, rest_s=120),) * 2,
        ),
        (
            "Overhead Press",
            (TargetSet(5, 5, percent_1rm=75.0),) * 2 + (TargetSet(5, 5, True, percent_1rm=75.0),),
        ),
    ]
    assert [t.name for t in list_templates(db)] == ["Upper A"]
    assert get_template(db, created.id[:6]).id == created.id


def test_weights_typed_without_a_unit_are_in_the_profile_unit(db: Database) -> None:
    set_setting(db, "unit", "lb")
    create_template(db, "Pounds", ["bench: 3x5 225"])
    assert specs(db, "pounds")[0][1][0].weight_kg == pytest.approx(225 * 0.45359237)


@pytest.mark.parametrize(
    ("name", "lifts", "error", "message"),
    [
        ("Push", [], InvalidInput, "a template needs at least one exercise"),
        ("", ["bench: 3x5"], InvalidInput, "a template name needs 1 to 100 characters"),
        ("x" * 101, ["bench: 3x5"], InvalidInput, "a template name needs 1 to 100 characters"),
        (
            "Push",
            ["bench: 3x5", "bench press: 1x1"],
            InvalidInput,
            "Barbell Bench Press is given twice; write its groups in one spec: "
            "'bench press: 1x5 @8, 3x5 @75%'",
        ),
        ("Push", ["bench: 3x5 @11"], InvalidInput, "bench: cannot read '3x5 @11': RPE must be"),
        ("Push", ["benchh pres: 3x5"], NotFound, "unknown exercise 'benchh pres'; did you mean"),
    ],
)
def test_create_refusals(
    db: Database, name: str, lifts: list[str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        create_template(db, name, lifts)
    assert str(caught.value).startswith(message)
    assert list_templates(db) == []


def test_names_are_unique_whatever_their_case(db: Database) -> None:
    create_template(db, "Push", ["bench: 3x5"])
    with pytest.raises(InvalidInput, match="a template named 'PUSH' already exists"):
        create_template(db, "PUSH", ["squat: 3x5"])


def test_saving_a_finished_workout_keeps_each_exercises_work_sets(db: Database) -> None:
    log_sets(db, "bench", notation="60x10", details=SetDetails(set_type="warmup"), now=MONDAY)
    log_sets(db, "bench", notation="100x5@8 100x5@8.5", details=SetDetails(rest_seconds=180),
             now=MONDAY)  # fmt: skip
    log_sets(db, "bench", notation="80x12", details=SetDetails(set_type="amrap"), now=MONDAY)
    log_sets(db, "pull up", notation="bw+10x8 bw x 6", now=MONDAY)
    workout = finish_workout(db, now=MONDAY + timedelta(hours=1)).workout

    saved = save_workout_as_template(db)

    assert (saved.name, saved.source_workout_id) == ("Evening Workout", workout.id)
    assert specs(db, "evening workout") == [
        (
            "Barbell Bench Press",
            (
                TargetSet(5, 5, weight_kg=100.0, rpe=8.0, rest_s=180),
                TargetSet(5, 5, weight_kg=100.0, rpe=8.5, rest_s=180),
                TargetSet(12, 12, amrap=True, weight_kg=80.0),
            ),
        ),
        # Bodyweight sets: the added load is chosen again each time.
        ("Pull-Up", (TargetSet(8, 8), TargetSet(6, 6))),
    ]
    named = save_workout_as_template(db, workout.id[:8], name="Bench day", notes="heavy")
    assert (named.name, named.notes) == ("Bench day", "heavy")


def test_only_a_finished_workout_with_work_sets_is_saved(db: Database) -> None:
    with pytest.raises(InvalidInput, match="there is no finished workout to save"):
        save_workout_as_template(db)
    open_workout = log_sets(db, "bench", notation="100x5", now=MONDAY).workout
    with pytest.raises(InvalidInput, match="is still in progress: finish it, then save it"):
        save_workout_as_template(db, open_workout.id)
    finish_workout(db, now=MONDAY + timedelta(hours=1))
    log_sets(db, "squat", notation="60x5", details=SetDetails(set_type="warmup"), now=MONDAY)
    warmups_only = finish_workout(db, now=MONDAY + timedelta(hours=2)).workout
    with pytest.raises(InvalidInput, match="has no work sets to make a template of"):
        save_workout_as_template(db, warmups_only.id)


def test_edit_replaces_in_place_adds_removes_and_renames(db: Database) -> None:
    create_template(db, "Push", ["bench: 3x5", "ohp: 3x8", "dips: 3x10"])

    edited = edit_template(
        db,
        "push",
        lifts=["ohp: 5x5 @8", "lateral raise: 3x15"],
        remove=["dips"],
        rename="Push A",
        notes="new block",
    )

    assert (edited.name, edited.notes) == ("Push A", "new block")
    assert [(e.exercise_name, len(e.sets)) for e in edited.exercises] == [
        ("Barbell Bench Press", 3),
        ("Overhead Press", 5),
        ("Dumbbell Lateral Raise", 3),
    ]
    assert edited.exercises[1].sets[0] == TargetSet(5, 5, rpe=8.0)


def test_edit_refusals_change_nothing(db: Database) -> None:
    create_template(db, "Push", ["bench: 3x5"])
    create_template(db, "Pull", ["barbell row: 3x5"])
    with pytest.raises(InvalidInput, match="nothing to change"):
        edit_template(db, "push")
    with pytest.raises(InvalidInput, match="Barbell Back Squat is not in template 'Push'"):
        edit_template(db, "push", remove=["squat"])
    with pytest.raises(InvalidInput, match="a template needs at least one exercise"):
        edit_template(db, "push", remove=["bench"])
    with pytest.raises(InvalidInput, match="a template named 'pull' already exists"):
        edit_template(db, "push", rename="pull")
    assert specs(db, "push") == [("Barbell Bench Press", (TargetSet(5, 5),) * 3)]


def test_delete_and_not_found(db: Database) -> None:
    create_template(db, "Push", ["bench: 3x5"])
    create_template(db, "Pull", ["barbell row: 3x5"])
    assert delete_template(db, "PUSH").name == "Push"
    with pytest.raises(NotFound, match=r"no template 'push'; did you mean 'Pull'\?"):
        get_template(db, "push")
    delete_template(db, "pull")
    with pytest.raises(NotFound, match="no template 'legs'; save one with"):
        get_template(db, "legs")


# --- weights when a template is started ---------------------------------------------------------


def test_weights_come_from_the_last_session_set_by_set(db: Database) -> None:
    session(db, MONDAY, ("bench", "110x5 110x5"))
    session(db, MONDAY + timedelta(days=2), ("bench", "100x5 100x5 95x5"), ("barbell row", "61x8"))
    create_template(db, "Push", ["bench: 4x5 60kg", "barbell row: 2x8", "ohp: 3x5 40kg, 1x5"])

    preview = preview_template(db, "push")

    # The last bench session's sets in order, its last for the extra set; the row's 61 kg on a
    # 2.5 kg grid is 60; the press was never done: the template's own 40 kg, then the lifter's
    # choice.
    assert [e.weights_kg for e in preview.exercises] == [
        (100.0, 100.0, 95.0, 95.0),
        (60.0, 60.0),
        (40.0, 40.0, 40.0, None),
    ]


def test_a_percentage_target_takes_its_share_of_the_latest_e1rm(db: Database) -> None:
    session(db, MONDAY, ("squat", "150x3"))  # Brzycki 150 x 36 / 34 = 158.82
    session(db, MONDAY + timedelta(days=3), ("squat", "140x3 130x5"))  # 148.24, 146.25
    create_template(db, "Legs", ["squat: 5x5 @75%"])

    (squat,) = preview_template(db, "legs").exercises

    # The latest session's best, not the best ever: 75 % of 148.24 = 111.18, loaded as 110.
    assert squat.weights_kg == (110.0,) * 5


def test_a_pound_lifter_gets_pound_plates(db: Database) -> None:
    set_setting(db, "unit", "lb")
    session(db, MONDAY, ("bench", "223x5"))
    create_template(db, "Push", ["bench: 1x5"])
    (bench,) = preview_template(db, "push").exercises
    assert bench.weights_kg == (pytest.approx(225 * 0.45359237),)


def test_starting_a_template_plans_its_sets_in_a_new_workout(db: Database) -> None:
    session(db, MONDAY, ("bench", "100x5"))
    template = create_template(db, "Push", ["bench: 2x5 @8 rest 180", "barbell row: 1x8-12"])

    workout = start_template(db, "push", now=MONDAY + timedelta(days=2))

    assert workout.name == "Push"
    detail = active_workout(db)
    assert detail is not None and detail.workout.id == workout.id
    assert [e.name for e in detail.exercises] == ["Barbell Bench Press", "Barbell Row"]
    with db.session() as store:
        row = store.get(WorkoutRow, workout.id)
        assert row is not None
        assert (row.template_id, row.enrollment_id) == (template.id, None)
    views = planned_sets(db, workout.id)
    assert [
        (v.set_number, v.reps_min, v.reps_max, v.weight_kg, v.rpe, v.rest_s) for v in views
    ] == [
        (1, 5, 5, 100.0, 8.0, 180),
        (2, 5, 5, 100.0, 8.0, 180),
        (1, 8, 12, None, None, None),
    ]
    assert views[2].exercise_id == get_exercise(db, "barbell row").id
    with pytest.raises(InvalidInput, match="already in progress"):
        start_template(db, "push")
