"""The next-set suggestion from the store: today's sets, the last session, the plan, readiness.

RTS chart fractions: 5 @9 → 0.837, 5 @9.5 → 0.850, 5 @8 → 0.811.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import NotFound
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.suggestions import suggest_next_set
from halterofit_tui.services.workouts import SetDetails, finish_workout, log_sets, start_workout
from halterofit_tui.store.tables import WorkoutRow

DAY_ONE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
DAY_THREE = DAY_ONE + timedelta(days=2)
SQUAT = exercise_id("barbell-back-squat")
# Sleep hours 2 (0.25), every other answer 3 (0.5): 100 x (0.2 x 0.25 + 0.8 x 0.5) = 45.
TIRED = Readiness(sleep_quality=3, sleep_hours=2, energy=3, stress=3, soreness=3, motivation=3)


def planned_set(number: int, set_type: str, reps: int, **fields: Any) -> dict[str, Any]:
    return {
        "exercise_id": SQUAT,
        "exercise_order": 1,
        "set_number": number,
        "set_type": set_type,
        "reps_min": reps,
        "reps_max": fields.get("reps_max", reps),
        "amrap": False,
        "weight_kg": fields.get("weight_kg"),
        "rpe": fields.get("rpe"),
        "percent_1rm": None,
        "rest_s": None,
        "note": "",
    }


def attach_plan(db, workout_id: str, sets: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        row = session.get(WorkoutRow, workout_id)
        row.plan = {"source": "template", "name": "Heavy", "program": None, "sets": sets}
        db.stamp(session, row)


def test_the_plan_the_last_session_and_readiness_make_the_suggestion(db) -> None:  # type: ignore[no-untyped-def]
    log_sets(db, "squat", notation="100x5@9", now=DAY_ONE)
    finish_workout(db, now=DAY_ONE + timedelta(hours=1))
    workout = start_workout(db, "Heavy", DAY_THREE, TIRED)
    assert workout.readiness_score == 45.0
    attach_plan(
        db,
        workout.id,
        [
            planned_set(1, "warmup", 5, weight_kg=60.0),
            planned_set(2, "working", 5, rpe=8.0),
            planned_set(3, "working", 5, rpe=8.0),
        ],
    )
    first = suggest_next_set(db, workout.id, SQUAT)
    assert first is not None and first.text == "60 kg x 5"  # the planned warm-up, as planned

    log_sets(db, "squat", notation="60x5", details=SetDetails(set_type="warmup"), now=DAY_THREE)
    # The first work set: no weight planned, so the last session's 100 x 5 @9 gives
    # e1RM 119.47 → 5 @8 = 96.89 → 97.5; readiness 45 takes 5 %: 92.63 → 92.5.
    second = suggest_next_set(db, workout.id, SQUAT)
    assert second is not None
    assert second.text == "92.5 kg x 5 @8"
    assert second.reasons == (
        "last session 100 kg x 5 @9 → e1RM 119.5 kg; 5 @8 → 97.5 kg",
        "readiness 45 (under 50): 5 % lighter: 97.5 kg → 92.5 kg",
    )

    log_sets(db, "squat", notation="92.5x5@9.5", now=DAY_THREE + timedelta(minutes=5))
    # Today's set decides now: 92.5 / 0.850 = 108.82 → x 0.811 = 88.26 → 87.5, no readiness cut.
    third = suggest_next_set(db, workout.id, SQUAT)
    assert third is not None
    assert third.text == "87.5 kg x 5 @8"
    assert third.reason == "last set 92.5 kg x 5 @9.5 → e1RM 108.8 kg; 5 @8 → 87.5 kg"
    assert third.readiness is None


def test_weights_come_in_the_profile_unit(db) -> None:  # type: ignore[no-untyped-def]
    set_setting(db, "unit", "lb")
    log_sets(db, "bench press", notation="225x5@8 225x5@8.5", now=DAY_ONE)
    finish_workout(db, now=DAY_ONE + timedelta(hours=1))
    workout = start_workout(db, None, DAY_THREE)
    suggestion = suggest_next_set(db, workout.id, exercise_id("barbell-bench-press"))
    assert suggestion is not None
    assert (suggestion.text, suggestion.unit) == ("225 lb x 5 @8", "lb")
    assert suggestion.reason == "as set 1 last session"


def test_no_suggestion_for_timed_or_never_done_exercises(db) -> None:  # type: ignore[no-untyped-def]
    workout = start_workout(db, None, DAY_THREE)
    log_sets(db, "plank", notation="bw x 1", now=DAY_THREE)
    assert suggest_next_set(db, workout.id, exercise_id("plank")) is None
    assert suggest_next_set(db, workout.id, SQUAT) is None


def test_an_unknown_workout_is_not_found(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        suggest_next_set(db, "00000000-0000-0000-0000-000000000000", SQUAT)
