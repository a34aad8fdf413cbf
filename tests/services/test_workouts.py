"""Workout use-cases at the service level: derived values and sync bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import parse_sets
from halterofit_tui.services.workouts import (
    SetChanges,
    SetDetails,
    delete,
    edit_set,
    finish_workout,
    history,
    log_sets,
    undo_last_set,
)
from halterofit_tui.store.tables import ExerciseSetRow, WorkoutRow

DAY_ONE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


def log(db, spec: str, exercise: str = "bench press", at: datetime = DAY_ONE, **details):  # type: ignore[no-untyped-def]
    return log_sets(db, exercise, parse_sets(spec, "kg"), SetDetails(**details), now=at)


def test_relative_intensity_uses_the_best_e1rm_of_earlier_days(db) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")  # e1RM 112.5
    finish_workout(db, now=DAY_ONE + timedelta(hours=1))
    later = DAY_ONE + timedelta(days=2)
    (top,) = log(db, "90x5", at=later).sets
    assert top.relative_intensity == pytest.approx(0.8)
    (first,) = log(db, "120x1", exercise="squat", at=later).sets
    assert first.relative_intensity is None  # no earlier squat to compare with


def test_every_write_marks_rows_for_sync_with_increasing_clock(db) -> None:  # type: ignore[no-untyped-def]
    (logged,) = log(db, "100x5").sets
    with db.session() as session:
        first = session.get(ExerciseSetRow, logged.id)
        assert first is not None
        assert (first.dirty, first.local_rev, first.deleted) == (True, 1, False)
        first_stamp = first.hlc
    edit_set(db, logged.id, SetChanges(reps=6))
    with db.session() as session:
        edited = session.get(ExerciseSetRow, logged.id)
        assert edited is not None
        assert edited.local_rev == 2
        assert edited.hlc > first_stamp
        assert edited.device_id == first.device_id


def test_deleting_leaves_tombstones_for_sync(db) -> None:  # type: ignore[no-untyped-def]
    result = log(db, "100x5x2")
    delete(db, result.workout.id)
    with db.session() as session:
        rows = session.exec(select(ExerciseSetRow)).all()
        workout = session.get(WorkoutRow, result.workout.id)
    assert len(rows) == 2 and all(r.deleted for r in rows)
    assert workout is not None and workout.deleted
    assert history(db) == []


def test_undo_reaches_back_into_a_finished_workout(db) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    log(db, "80x8", exercise="barbell row", at=DAY_ONE + timedelta(minutes=5))
    finish_workout(db, now=DAY_ONE + timedelta(hours=1))
    removed = undo_last_set(db)
    assert (removed.exercise_name, removed.weight_kg) == ("Barbell Row", 80.0)
    (detail,) = history(db)
    assert detail.workout.total_sets == 1
    assert detail.workout.total_volume_kg == 500.0


def test_a_rejected_log_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="tempo"):
        log(db, "100x5", tempo="slow")
    with db.session() as session:
        assert session.exec(select(WorkoutRow)).all() == []


def test_added_exercises_keep_their_order_before_any_set(db) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.workouts import active_workout, add_exercise, move_exercise

    add_exercise(db, "squat", now=DAY_ONE)
    add_exercise(db, "bench press", now=DAY_ONE)
    detail = add_exercise(db, "barbell row", now=DAY_ONE)
    names = [e.name for e in detail.exercises]
    assert names == ["Barbell Back Squat", "Barbell Bench Press", "Barbell Row"]
    with pytest.raises(InvalidInput, match="already"):
        add_exercise(db, "bench", now=DAY_ONE)
    log(db, "100x5", exercise="barbell row")
    moved = move_exercise(db, detail.exercises[2].id, -1)
    assert [e.name for e in moved.exercises] == [
        "Barbell Back Squat",
        "Barbell Row",
        "Barbell Bench Press",
    ]
    reopened = active_workout(db)
    assert reopened is not None
    assert [e.name for e in reopened.exercises] == [e.name for e in moved.exercises]
    assert reopened.sets[0].exercise_order == 2


def test_removing_an_exercise_drops_its_sets_from_the_totals(db) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.workouts import remove_exercise

    log(db, "100x5", exercise="squat")
    result = log(db, "60x10x2", exercise="bench press")
    bench_slot = next(e for e in history(db)[0].exercises if e.name == "Barbell Bench Press")
    detail = remove_exercise(db, bench_slot.id)
    assert [e.name for e in detail.exercises] == ["Barbell Back Squat"]
    assert detail.workout.total_volume_kg == 500.0
    assert all(s.exercise_name == "Barbell Back Squat" for s in detail.sets)
    assert result.workout.total_sets == 3


@pytest.mark.parametrize(
    ("hour", "name"),
    [
        (6, "Morning Workout"),
        (13, "Afternoon Workout"),
        (19, "Evening Workout"),
        (1, "Night Workout"),
    ],
)
def test_default_names_follow_the_time_of_day(db, hour: int, name: str) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.profile import set_setting
    from halterofit_tui.services.workouts import start_workout

    set_setting(db, "timezone", "UTC")
    assert start_workout(db, now=DAY_ONE.replace(hour=hour)).name == name


def test_restoring_a_deleted_set_puts_it_back_in_place(db) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.workouts import active_workout, restore_set

    sets = log(db, "100x5 105x5 110x5").sets
    delete(db, sets[1].id)
    restored = restore_set(db, sets[1].id)
    assert restored.set_number == 2
    detail = active_workout(db)
    assert detail is not None
    assert [(s.set_number, s.weight_kg) for s in detail.sets] == [(1, 100), (2, 105), (3, 110)]
    assert detail.workout.total_volume_kg == 1575.0


def test_undoing_an_edit_restores_the_set_exactly_even_in_lb(db) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.workouts import changes_restoring

    (original,) = log_sets(db, "squat", parse_sets("225lbx5@8", "kg"), now=DAY_ONE).sets
    edit_set(db, original.id, SetChanges(weight=100, unit="kg", reps=3, clear_rpe=True))
    back = edit_set(db, original.id, changes_restoring(original))
    assert (back.weight_kg, back.entered_unit, back.reps, back.rpe) == (
        original.weight_kg,
        "lb",
        5,
        8.0,
    )
