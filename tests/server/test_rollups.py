"""The server's triggers derive what the local store derives: a set's volume load and e1RM, and
a workout's roll-ups, to the last bit, for the same sets."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from halterofit_tui.domain.metrics import SetFacts, workout_totals
from halterofit_tui.services.library import add_custom_exercise
from halterofit_tui.services.workouts import (
    SetChanges,
    SetDetails,
    delete,
    edit_set,
    finish_workout,
    log_sets,
)
from halterofit_tui.store.tables import ExerciseRow, ExerciseSetRow, WorkoutExerciseRow, WorkoutRow
from tests.server.helpers import (
    SQUAT,
    as_user,
    hlc,
    select_rows,
    set_row,
    upsert,
    workout_row,
)

DAY_ONE = datetime(2026, 11, 16, 18, 0, tzinfo=UTC)
DAY_TWO = DAY_ONE + timedelta(days=7)
ROLLUPS = (
    "total_volume_kg",
    "total_sets",
    "total_reps",
    "avg_rpe",
    "max_rpe",
    "muscle_groups",
    "intensity",
)


def log(db: Any, exercise: str, notation: str, at: datetime, **details: Any) -> list[str]:
    result = log_sets(
        db, exercise, notation=notation, details=SetDetails(**details), now=at, anomalies="confirm"
    )
    return [s.id for s in result.sets]


def train_locally(db: Any) -> None:
    """Two sessions through the services: warm-ups, pounds, bodyweight, a single, a custom
    exercise, high reps, an edit and a deletion."""
    add_custom_exercise(db, "Tyre Drag", primary_muscles=["hamstrings", "calves"])
    log(db, "bench press", "100x5@8 100x5@8.5", DAY_ONE)
    log(db, "squat", "140x5@7", DAY_ONE)
    finish_workout(db, now=DAY_ONE + timedelta(hours=1))

    log(db, "bench press", "60x5 80x3", DAY_TWO, set_type="warmup")
    log(db, "bench press", "102.5x5@8 102.5x5@8 105x3@9 110x1@9.5", DAY_TWO)
    (edited, dropped) = log(db, "squat", "225lbx5@7.5 235lbx3@9", DAY_TWO)
    log(db, "squat", "315lbx2", DAY_TWO)
    log(db, "pull-up", "bw+20x8@9 bw x 12", DAY_TWO)
    log(db, "tyre drag", "40x20@7", DAY_TWO)
    edit_set(db, edited, SetChanges(weight=104.5, reps=4))
    delete(db, dropped)
    finish_workout(db, now=DAY_TWO + timedelta(hours=1, minutes=5))


def server_row(row: SQLModel, user_id: str, **changes: Any) -> dict[str, Any]:
    """A local row as the client pushes it: no device-local columns, the lifter's user_id."""
    values = row.model_dump(exclude={"dirty", "local_rev"})
    for name, value in values.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            values[name] = value.replace(tzinfo=UTC)
    return {**values, "user_id": user_id, **changes}


NO_TOTALS: dict[str, Any] = {
    "total_volume_kg": 0.0,
    "total_sets": 0,
    "total_reps": 0,
    "avg_rpe": None,
    "max_rpe": None,
    "muscle_groups": [],
    "intensity": None,
}


def local_rows(db: Any) -> dict[str, list[Any]]:
    with db.session() as session:
        return {
            "exercises": [
                e.model_copy()
                for e in session.exec(select(ExerciseRow).where(ExerciseRow.is_custom == True))  # noqa: E712
            ],
            "workouts": [w.model_copy() for w in session.exec(select(WorkoutRow))],
            "workout_exercises": [s.model_copy() for s in session.exec(select(WorkoutExerciseRow))],
            "exercise_sets": [s.model_copy() for s in session.exec(select(ExerciseSetRow))],
        }


def push_sets(server: Any, user_id: str, sets: list[ExerciseSetRow]) -> None:
    """The sets without volume load and e1RM, so that the server derives them."""
    with as_user(server, user_id):
        upsert(
            server,
            "exercise_sets",
            [server_row(s, user_id, volume_load=None, estimated_1rm=None) for s in sets],
        )


def test_the_server_derives_the_same_sets_and_workout_roll_ups_as_the_local_store(
    db: Any, server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    train_locally(db)
    local = local_rows(db)
    # Foreign-key order, one batch per table; the workouts without their totals, which the
    # server must then work out from the sets alone.
    with as_user(server, a):
        upsert(server, "exercises", [server_row(e, a) for e in local["exercises"]])
        upsert(server, "workouts", [server_row(w, a, **NO_TOTALS) for w in local["workouts"]])
        upsert(server, "workout_exercises", [server_row(s, a) for s in local["workout_exercises"]])
    push_sets(server, a, local["exercise_sets"])

    on_server = {r["id"]: r for r in select_rows(server, "exercise_sets")}
    assert on_server.keys() == {s.id for s in local["exercise_sets"]}
    for mine in local["exercise_sets"]:
        theirs = on_server[mine.id]
        assert (theirs["volume_load"], theirs["estimated_1rm"]) == (
            mine.volume_load,
            mine.estimated_1rm,
        ), (mine.weight_kg, mine.reps, mine.is_bodyweight)
    assert {s.estimated_1rm for s in local["exercise_sets"] if s.reps == 1} == {110.0}
    # No estimate: the two bodyweight pull-ups and the 20-rep drag.
    assert sum(s.estimated_1rm is None for s in local["exercise_sets"]) == 3

    workouts = {r["id"]: r for r in select_rows(server, "workouts")}
    for mine in local["workouts"]:
        assert {k: workouts[mine.id][k] for k in ROLLUPS} == {k: getattr(mine, k) for k in ROLLUPS}
    (day_two,) = (w for w in local["workouts"] if w.date == DAY_TWO.date())
    assert day_two.total_sets == 11  # 12 logged, one deleted
    assert day_two.intensity is not None
    assert day_two.muscle_groups == [
        "calves",
        "chest",
        "glutes",
        "hamstrings",
        "lats",
        "quadriceps",
    ]

    # Sent again (a retry after a lost answer), the sets change no total: the workouts keep
    # their versions, so no device pulls them again.
    push_sets(server, a, local["exercise_sets"])
    again = {r["id"]: r["server_version"] for r in select_rows(server, "workouts")}
    assert again == {i: w["server_version"] for i, w in workouts.items()}


def test_a_set_pushed_later_updates_the_workout_and_its_version_but_not_its_clock(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    workout = workout_row(a)
    first = set_row(a, workout["id"], weight_kg=100.0, reps=5, rpe=8.0)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(server, "exercise_sets", [first])
        (before,) = select_rows(server, "workouts")
        upsert(
            server,
            "exercise_sets",
            [set_row(a, workout["id"], set_number=2, weight_kg=100.0, reps=3, rpe=9.0)],
        )
        (after,) = select_rows(server, "workouts")
    assert (before["total_volume_kg"], before["total_sets"], before["avg_rpe"]) == (500.0, 1, 8.0)
    assert (after["total_volume_kg"], after["total_reps"], after["avg_rpe"]) == (800.0, 8, 8.5)
    assert after["max_rpe"] == 9.0
    assert after["server_version"] > before["server_version"]
    assert (after["hlc"], after["device_id"]) == (workout["hlc"], workout["device_id"])


def test_a_workout_edit_with_stale_totals_keeps_the_totals_of_the_sets_held(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    workout = workout_row(a)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(server, "exercise_sets", [set_row(a, workout["id"], reps=5, rpe=8.0)])
        # Another device, unaware of that set, renames the workout with its own totals.
        renamed = {**workout, "name": "Heavy day", "hlc": hlc(1_764_000_100_000), "total_sets": 0}
        upsert(server, "workouts", [renamed])
        (stored,) = select_rows(server, "workouts")
    assert (stored["name"], stored["total_sets"], stored["total_volume_kg"]) == (
        "Heavy day",
        1,
        500.0,
    )


def test_a_deleted_workout_keeps_its_totals_as_in_the_local_store(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    workout = workout_row(a)
    one_set = set_row(a, workout["id"])
    later = hlc(1_764_000_100_000)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(server, "exercise_sets", [one_set])
        upsert(server, "workouts", [{**workout, "deleted": True, "hlc": later}])
        upsert(server, "exercise_sets", [{**one_set, "deleted": True, "hlc": later}])
        (stored,) = select_rows(server, "workouts")
    assert (stored["deleted"], stored["total_sets"], stored["total_volume_kg"]) == (True, 1, 500.0)


def test_a_set_moved_to_another_workout_updates_both(server: Any, lifters: tuple[str, str]) -> None:
    a, _ = lifters
    first, second = workout_row(a), workout_row(a, name="Second")
    moving = set_row(a, first["id"])
    with as_user(server, a):
        upsert(server, "workouts", [first, second])
        upsert(server, "exercise_sets", [moving])
        upsert(
            server,
            "exercise_sets",
            [{**moving, "workout_id": second["id"], "hlc": hlc(1_764_000_100_000)}],
        )
        totals = {r["name"]: r["total_sets"] for r in select_rows(server, "workouts")}
    assert totals == {"Evening Workout": 0, "Second": 1}


LB = 0.45359237
# weight_kg, reps, rpe, set_type, relative_intensity
ROUNDING_CASES: dict[str, Sequence[tuple[float, int, float | None, str, float | None]]] = {
    # RPE 8, 8, 8, 8.5 average 8.125 exactly: Python rounds the tie to even, 8.12.
    "rpe tie to even": [(100.0, 5, 8.0, "working", None)] * 3 + [(100.0, 5, 8.5, "working", None)],
    # 100 / 128 = 0.78125 exactly: 0.7812, not 0.7813.
    "intensity tie to even": [(100.0, 3, None, "working", 100 / 128)],
    # Warm-ups count in volume, sets and reps, not in intensity.
    "warm-ups": [
        (60.0, 5, None, "warmup", 0.5),
        (100.0, 5, 8.0, "working", 0.85),
        (100.0, 5, 9.0, "working", 0.8583),
    ],
    # 1000 lb x 10 x 5 is 22679.6185 kg, just above the tie in binary: 22679.619.
    "pounds tie": [(1000 * LB, 10, None, "working", None)] * 5,
    "pounds": [
        (w * LB, r, rpe, "working", w * LB / 160.0)
        for w, r, rpe in (
            (225, 5, 7.5),
            (235, 3, 9.0),
            (245, 2, 9.5),
            (135, 10, 6.5),
            (187.5, 8, 8.0),
        )
    ]
    * 4,
    "no rpe, nothing left": [(0.0, 12, None, "working", None)],
}


@pytest.mark.parametrize("case", ROUNDING_CASES, ids=list(ROUNDING_CASES))
def test_roll_ups_round_as_the_local_store_does(
    server: Any, lifters: tuple[str, str], case: str
) -> None:
    a, _ = lifters
    sets = ROUNDING_CASES[case]
    expected = workout_totals(
        SetFacts(weight_kg=w, reps=r, rpe=rpe, set_type=kind, relative_intensity=ri)
        for w, r, rpe, kind, ri in sets
    )
    workout = workout_row(a)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(
            server,
            "exercise_sets",
            [
                set_row(
                    a,
                    workout["id"],
                    exercise_id=SQUAT,
                    set_number=number,
                    weight_kg=w,
                    reps=r,
                    rpe=rpe,
                    set_type=kind,
                    relative_intensity=ri,
                )
                for number, (w, r, rpe, kind, ri) in enumerate(sets, start=1)
            ],
        )
        (stored,) = select_rows(server, "workouts")
    assert (
        stored["total_volume_kg"],
        stored["total_sets"],
        stored["total_reps"],
        stored["avg_rpe"],
        stored["max_rpe"],
        stored["intensity"],
    ) == (
        expected.total_volume_kg,
        expected.total_sets,
        expected.total_reps,
        expected.avg_rpe,
        expected.max_rpe,
        expected.intensity,
    )
    assert stored["muscle_groups"] == ["glutes", "quadriceps"]


def test_hand_computed_ties_round_to_even() -> None:
    """The expectations above are Python's, and Python rounds these ties to even."""
    assert (
        workout_totals([SetFacts(100.0, 5, rpe, "working") for rpe in (8.0, 8.0, 8.0, 8.5)]).avg_rpe
        == 8.12
    )
    assert (
        workout_totals(
            [SetFacts(100.0, 3, None, "working", relative_intensity=100 / 128)]
        ).intensity
        == 0.7812
    )


@pytest.mark.parametrize(
    ("weight_kg", "reps", "bodyweight", "expected"),
    [
        (100.0, 5, False, 100.0 * 36 / 32),  # Brzycki: 112.5
        (140.0, 1, False, 140.0),  # a single is its own max
        (100.0, 12, False, 100.0 * 36 / 25),
        (100.0, 13, False, None),  # past 12 reps no estimate
        (60.0, 0, False, None),  # a timed set
        (0.0, 10, False, None),  # no load
        (20.0, 8, True, None),  # bodyweight plus 20 kg
    ],
)
def test_the_server_fills_a_missing_e1rm_with_brzycki(
    server: Any,
    lifters: tuple[str, str],
    weight_kg: float,
    reps: int,
    bodyweight: bool,
    expected: float | None,
) -> None:
    a, _ = lifters
    workout = workout_row(a)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(
            server,
            "exercise_sets",
            [
                set_row(
                    a,
                    workout["id"],
                    weight_kg=weight_kg,
                    reps=reps,
                    is_bodyweight=bodyweight,
                    duration_s=60 if reps == 0 else None,
                )
            ],
        )
        (stored,) = select_rows(server, "exercise_sets")
    assert stored["estimated_1rm"] == expected
    assert stored["volume_load"] == weight_kg * reps


def test_an_e1rm_and_volume_the_client_sent_are_kept(server: Any, lifters: tuple[str, str]) -> None:
    a, _ = lifters
    workout = workout_row(a)
    epley = 100.0 * (1 + 5 / 30)  # the lifter chose Epley
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(
            server,
            "exercise_sets",
            [set_row(a, workout["id"], estimated_1rm=epley, volume_load=500.000001)],
        )
        (stored,) = select_rows(server, "exercise_sets")
    assert (stored["estimated_1rm"], stored["volume_load"]) == (epley, 500.000001)


def test_the_server_rounds_any_double_as_python_does(server: Any) -> None:
    generator = random.Random(20261201)
    values = [0.0625, 8.125, 0.78125, 22679.6185, 2.675, 1.005, -3.25, 5e-324, 2.0**60 + 2**8]
    values += [generator.uniform(0, 50_000) for _ in range(200)]
    values += [
        generator.randrange(1, 2_000_000) / 2 ** generator.randrange(1, 12) for _ in range(200)
    ]
    for digits in (2, 3, 4):
        rounded = server.execute(
            "SELECT array_agg(public.halterofit_round(v, %s) ORDER BY n) "
            "FROM unnest(%s::double precision[]) WITH ORDINALITY AS t (v, n)",
            [digits, values],
        ).fetchone()
        assert rounded == ([round(v, digits) for v in values],)
