"""The programme engine on small programmes: units and plates, each rule's edge cases, seeding
optional starts, back-offs from the day's top set, and the saved state."""

from __future__ import annotations

import json
from typing import Any

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.plates import DEFAULT_PLATES_KG
from halterofit_tui.domain.program_loader import parse_program
from halterofit_tui.domain.programs import (
    PerformedSet,
    PlannedLift,
    PlateKit,
    Program,
    ProgramState,
    SessionResult,
    TrackState,
    adjust_backoffs,
    apply_result,
    next_session,
    start,
    top_set_e1rm,
)
from halterofit_tui.domain.units import to_kg

SLUGS = frozenset(
    {"barbell-back-squat", "conventional-deadlift", "barbell-bench-press", "lat-pulldown"}
)
KG = PlateKit.standard("kg")
LB = PlateKit.standard("lb")


def program(progressions: dict[str, Any], lifts: list[dict[str, Any]], **extra: Any) -> Program:
    """A one-session-a-week programme with these progressions and lifts."""
    document = {
        "format": 1,
        "name": "Test",
        "level": "beginner",
        "progressions": progressions,
        "weeks": [{"sessions": [{"name": "Day", "lifts": lifts}]}],
        **extra,
    }
    return parse_program(document, SLUGS)


def linear(increment: float = 2.5, **rule: Any) -> dict[str, Any]:
    return {"type": "linear", "increment": increment, **rule}


SQUAT_AND_DEADLIFT = program(
    {
        "squat": {"exercise": "barbell-back-squat", "rule": linear(2.5)},
        "deadlift": {"exercise": "conventional-deadlift", "rule": linear(5)},
    },
    [
        {"progression": "squat", "sets": 3, "reps": 5},
        {"progression": "deadlift", "sets": 1, "reps": 5},
    ],
)


def done(
    lift: PlannedLift, reps: int | None = None, weight_kg: float | None = None
) -> tuple[PerformedSet, ...]:
    return tuple(
        PerformedSet(
            s.reps if reps is None else reps, s.weight_kg if weight_kg is None else weight_kg
        )
        for s in lift.sets
    )


def run(
    prog: Program, state: ProgramState, kit: PlateKit, sessions: int
) -> list[list[float | None]]:
    """Each session's first-set weight per lift (in the kit's unit), everything done as planned."""
    seen = []
    for _ in range(sessions):
        session = next_session(prog, state, kit)
        seen.append([lift.sets[0].weight for lift in session.lifts])
        state = apply_result(prog, state, SessionResult(tuple(done(x) for x in session.lifts)), kit)
    return seen


# --- units and plates -----------------------------------------------------------------------


def test_pound_lifter_gets_five_and_ten_pound_jumps_from_kg_increments() -> None:
    # 2.5 kg = 5.51 lb and 5 kg = 11.02 lb: the nearest loadable jumps are 5 lb and 10 lb.
    state = start(SQUAT_AND_DEADLIFT, {"squat": to_kg(135, "lb"), "deadlift": to_kg(225, "lb")}, LB)
    assert run(SQUAT_AND_DEADLIFT, state, LB, 4) == [
        [135, 225], [140, 235], [145, 245], [150, 255]
    ]  # fmt: skip
    session = next_session(SQUAT_AND_DEADLIFT, state, LB)
    assert session.unit == "lb"
    assert session.lifts[0].sets[0].weight_kg == pytest.approx(61.23496995)  # 135 lb


def test_starting_weights_are_rounded_to_the_plates() -> None:
    # 61 kg is not loadable: 60 is 1 away, 62.5 is 1.5.
    state = start(SQUAT_AND_DEADLIFT, {"squat": 61, "deadlift": 100}, KG)
    assert state.tracks["squat"].value_kg == 60.0


def test_without_small_plates_a_jump_is_at_least_the_smallest_pair() -> None:
    # No 1.25 kg plates: 62.5 cannot be loaded, so 2.5 kg jumps become 5 kg (never zero).
    kit = PlateKit("kg", 20, {25: 8, 20: 2, 15: 2, 10: 2, 5: 2, 2.5: 2}, 2.5)
    state = start(SQUAT_AND_DEADLIFT, {"squat": 60, "deadlift": 100}, kit)
    assert run(SQUAT_AND_DEADLIFT, state, kit, 3) == [[60, 100], [65, 105], [70, 110]]


def test_microplates_keep_the_written_increment() -> None:
    # With 0.5 kg plates the smallest jump is 1 kg, but 2.5 kg is loadable and stays 2.5.
    kit = PlateKit("kg", 20, {**DEFAULT_PLATES_KG, 0.5: 2}, 2.5)
    state = start(SQUAT_AND_DEADLIFT, {"squat": 60, "deadlift": 100}, kit)
    assert run(SQUAT_AND_DEADLIFT, state, kit, 3) == [[60, 100], [62.5, 105], [65, 110]]


def test_kit_from_the_profile_converts_kilograms_back_to_pounds() -> None:
    # The profile stores a lb kit in kg at 6 decimals: 45 lb = 20.411657 kg, which converts
    # back to 45.000001 lb; the kit reads 45.
    kit = PlateKit.from_kg("lb", to_kg(45, "lb"), {20.411657: 8, 1.133981: 2})
    assert (kit.unit, kit.bar, dict(kit.plates), kit.step) == ("lb", 45.0, {45.0: 8, 2.5: 2}, 5.0)
    with pytest.raises(InvalidInput, match="step must be positive"):
        PlateKit.from_kg("kg", 20, {25: 2}, step=0)


def test_steps_loading_rounds_to_the_step_ties_to_the_lighter() -> None:
    pulldown = program(
        {"pulldown": {"exercise": "lat-pulldown", "loading": "steps", "rule": linear(2.5)}},
        [{"progression": "pulldown", "sets": 3, "reps": 10, "percent": 75}],
    )
    state = start(pulldown, {"pulldown": 55}, KG)
    # 55 x 0.75 = 41.25: halfway between 40 and 42.5 -> 40. No bar: 2.5 kg steps.
    assert next_session(pulldown, state, KG).lifts[0].sets[0].weight == 40
    # A 4 kg step: 41.25 -> 40 (1.25 away; 44 is 2.75).
    assert next_session(pulldown, state, PlateKit("kg", 20, {}, 4)).lifts[0].sets[0].weight == 40


# --- rules ----------------------------------------------------------------------------------


def test_linear_deload_after_failures_in_a_row_only() -> None:
    prog = program(
        {"squat": {"exercise": "barbell-back-squat",
                   "rule": linear(2.5, deload_after_failures=2, deload_percent=20)}},
        [{"progression": "squat", "sets": 3, "reps": 5}],
    )  # fmt: skip
    state = start(prog, {"squat": 100}, KG)
    weights = []
    for reps in (4, 5, 4, 4, 5):  # miss, make, miss, miss (two in a row), make
        session = next_session(prog, state, KG)
        weights.append(session.lifts[0].sets[0].weight)
        state = apply_result(prog, state, SessionResult((done(session.lifts[0], reps),)), KG)
    # 100 missed -> 100 made -> 102.5 missed -> 102.5 missed -> 102.5 x 0.8 = 82 -> 82.5.
    assert weights == [100, 100, 102.5, 102.5, 82.5]
    assert state.tracks["squat"] == TrackState(value_kg=85.0, failures=0)


def test_a_lighter_weight_than_planned_is_a_miss() -> None:
    state = start(SQUAT_AND_DEADLIFT, {"squat": 100, "deadlift": 100}, KG)
    session = next_session(SQUAT_AND_DEADLIFT, state, KG)
    result = SessionResult((done(session.lifts[0], weight_kg=97.5), done(session.lifts[1])))
    after = apply_result(SQUAT_AND_DEADLIFT, state, result, KG)
    assert after.tracks["squat"] == TrackState(value_kg=100.0, failures=1)
    assert after.tracks["deadlift"].value_kg == 105.0


def test_a_skipped_lift_leaves_its_progression_alone() -> None:
    state = start(SQUAT_AND_DEADLIFT, {"squat": 100, "deadlift": 100}, KG)
    session = next_session(SQUAT_AND_DEADLIFT, state, KG)
    after = apply_result(SQUAT_AND_DEADLIFT, state, SessionResult(((), done(session.lifts[1]))), KG)
    assert after.tracks["squat"] == state.tracks["squat"]
    assert after.sessions_done == 1


def test_optional_start_lets_the_lifter_choose_then_progresses_from_it() -> None:
    prog = program(
        {"pulldown": {"exercise": "lat-pulldown", "loading": "steps",
                      "start": {"given": "weight", "optional": True},
                      "rule": {"type": "double", "increment": 2.5}}},
        [{"progression": "pulldown", "sets": 3, "reps": [8, 12]}],
    )  # fmt: skip
    state = start(prog, {}, KG)
    first = next_session(prog, state, KG).lifts[0]
    assert [(s.weight, s.basis, s.reps, s.reps_max) for s in first.sets] == [
        (None, "free", 8, 12)
    ] * 3
    # Chose 52.5 and reached 12 on every set: the next session is one step heavier.
    state = apply_result(prog, state, SessionResult((done(first, 12, 52.5),)), KG)
    assert next_session(prog, state, KG).lifts[0].sets[0].weight == 55
    # Logging without a weight (nothing to seed from) leaves it to choose again.
    fresh = start(prog, {}, KG)
    fresh = apply_result(prog, fresh, SessionResult(((PerformedSet(10),) * 3,)), KG)
    assert fresh.tracks["pulldown"].value_kg is None


def test_training_max_moves_once_per_cycle_in_the_lifters_unit() -> None:
    prog = program(
        {"bench": {"exercise": "barbell-bench-press",
                   "rule": {"type": "training_max", "increment": 2.5}}},
        [{"progression": "bench", "sets": 1, "reps": 5, "percent": 100, "amrap": True}],
    )  # fmt: skip
    state = start(prog, {"bench": to_kg(200, "lb")}, LB)
    assert run(prog, state, LB, 3) == [[200], [205], [210]]  # +2.5 kg -> +5 lb per cycle
    # A short set during the cycle: the TM drops 10 % instead (200 -> 180 lb).
    session = next_session(prog, state, LB)
    state = apply_result(prog, state, SessionResult((done(session.lifts[0], 4),)), LB)
    assert next_session(prog, state, LB).lifts[0].sets[0].weight == 180


def test_deload_weeks_are_not_judged() -> None:
    prog = parse_program(
        {
            "format": 1, "name": "Deload test", "level": "beginner",
            "progressions": {"squat": {"exercise": "barbell-back-squat",
                                       "rule": linear(2.5, deload_after_failures=2)}},
            "weeks": [
                {"sessions": [{"name": "Heavy", "lifts": [
                    {"progression": "squat", "sets": 3, "reps": 5}]}]},
                {"deload": True, "sessions": [{"name": "Light", "lifts": [
                    {"progression": "squat", "sets": 2, "reps": 5, "percent": 50}]}]},
            ],
        },
        SLUGS,
    )  # fmt: skip
    state = start(prog, {"squat": 100}, KG)

    def miss(state: ProgramState) -> ProgramState:
        session = next_session(prog, state, KG)
        return apply_result(prog, state, SessionResult((done(session.lifts[0], 2),)), KG)

    # Heavy missed, then the light week missed too: only the heavy miss counts, no deload.
    state = miss(miss(state))
    assert state.tracks["squat"] == TrackState(value_kg=100.0, failures=1)
    assert state.cycle == 1
    # The next heavy miss is the second in a row: 100 x 0.9 = 90.
    assert miss(state).tracks["squat"] == TrackState(value_kg=90.0, failures=0)


def test_a_finished_programme_has_no_next_session() -> None:
    prog = program(
        {"squat": {"exercise": "barbell-back-squat", "rule": linear()}},
        [{"progression": "squat", "sets": 3, "reps": 5}],
        cycles=1,
    )
    state = start(prog, {"squat": 100}, KG)
    state = apply_result(
        prog, state, SessionResult((done(next_session(prog, state, KG).lifts[0]),)), KG
    )
    with pytest.raises(InvalidInput, match="'Test' is complete: all 1 cycles are done"):
        next_session(prog, state, KG)


# --- RPE: top sets and back-offs ------------------------------------------------------------

RPE_PROGRAM = program(
    {"squat": {"exercise": "barbell-back-squat", "rule": {"type": "rpe"}}},
    [
        {"progression": "squat", "sets": 1, "reps": 5, "rpe": 8},
        {"progression": "squat", "sets": 3, "reps": 5, "backoff_percent": 72},
        {"progression": "squat", "sets": 2, "reps": 8, "percent": 60},
    ],
)


def test_backoffs_follow_the_logged_top_set() -> None:
    state = start(RPE_PROGRAM, {"squat": 180}, KG)
    session = next_session(RPE_PROGRAM, state, KG)
    # 5 @8 = 0.811 of 180 = 145.98 -> 145; back-offs 72 % of 180 = 129.6 -> 130; 60 % = 108.
    assert [lift.sets[0].weight for lift in session.lifts] == [145, 130, 107.5]
    # The top set felt like RPE 9.5 (5 @9.5 = 0.850): today's e1RM 145 / 0.85 = 170.59,
    # back-offs 72 % = 122.82 -> 122.5. Other lifts are untouched.
    adjusted = adjust_backoffs(RPE_PROGRAM, session, 0, [PerformedSet(5, 145.0, 9.5)], KG)
    assert [lift.sets[0].weight for lift in adjusted.lifts] == [145, 122.5, 107.5]
    assert adjusted.lifts[1].sets[2].weight_kg == 122.5
    # Without an RPE the target counts: 145 / 0.811 = 178.79 x 0.72 = 128.73 -> 127.5.
    assert (
        adjust_backoffs(RPE_PROGRAM, session, 0, [PerformedSet(5, 145.0)], KG)
        .lifts[1]
        .sets[0]
        .weight
        == 127.5
    )
    # No weight logged: nothing to go on, the plan stays.
    assert adjust_backoffs(RPE_PROGRAM, session, 0, [PerformedSet(5)], KG) == session


def test_the_days_top_set_becomes_the_estimate() -> None:
    state = start(RPE_PROGRAM, {"squat": 180}, KG)
    session = next_session(RPE_PROGRAM, state, KG)
    result = SessionResult(
        ((PerformedSet(5, 145.0, 9.0),), done(session.lifts[1]), done(session.lifts[2]))
    )
    after = apply_result(RPE_PROGRAM, state, result, KG)
    # 5 @9 = 0.837: 145 / 0.837 = 173.24.
    assert after.tracks["squat"].value_kg == pytest.approx(145 / 0.837)


def test_top_set_e1rm_stays_on_the_safe_side_off_the_chart() -> None:
    assert top_set_e1rm(100, 5, 8) == pytest.approx(100 / 0.811)
    assert top_set_e1rm(100, 15, 8) == top_set_e1rm(100, 12, 8)  # past 12 reps counts as 12
    assert top_set_e1rm(100, 5, 4) == top_set_e1rm(100, 5, 6)  # under RPE 6 counts as 6
    assert top_set_e1rm(100, 0, 8) is None
    assert top_set_e1rm(0, 5, 8) is None


# --- starting, results and the saved state --------------------------------------------------


def test_start_refuses_missing_unknown_and_impossible_values() -> None:
    with pytest.raises(InvalidInput, match="'Test' needs a starting value for deadlift"):
        start(SQUAT_AND_DEADLIFT, {"squat": 100}, KG)
    with pytest.raises(
        InvalidInput, match="has no lift called sqat: its lifts are deadlift, squat"
    ):
        start(SQUAT_AND_DEADLIFT, {"sqat": 100, "squat": 100, "deadlift": 100}, KG)
    with pytest.raises(InvalidInput, match="squat: a starting value must be above 0"):
        start(SQUAT_AND_DEADLIFT, {"squat": -5, "deadlift": 100}, KG)


def test_result_must_answer_every_planned_lift() -> None:
    state = start(SQUAT_AND_DEADLIFT, {"squat": 100, "deadlift": 100}, KG)
    with pytest.raises(InvalidInput, match="the result has 1 lifts but 'Day' has 2"):
        apply_result(SQUAT_AND_DEADLIFT, state, SessionResult(((),)), KG)
    with pytest.raises(InvalidInput, match="reps must be a whole number"):
        PerformedSet(-1, 100.0)
    with pytest.raises(InvalidInput, match="RPE must be from 1 to 10"):
        PerformedSet(5, 100.0, 11)


def test_state_round_trips_through_json() -> None:
    state = start(SQUAT_AND_DEADLIFT, {"squat": 100, "deadlift": 140}, KG)
    session = next_session(SQUAT_AND_DEADLIFT, state, KG)
    state = apply_result(
        SQUAT_AND_DEADLIFT,
        state,
        SessionResult((done(session.lifts[0], 4), done(session.lifts[1]))),
        KG,
    )
    saved = json.dumps(state.as_dict())
    assert json.loads(saved) == {
        "format": 1,
        "cycle": 1,
        "week": 0,
        "session": 0,
        "sessions_done": 1,
        "tracks": {
            "deadlift": {"value_kg": 145.0, "failures": 0, "stage": 0, "first_stage_kg": None,
                         "missed": False},
            "squat": {"value_kg": 100.0, "failures": 1, "stage": 0, "first_stage_kg": None,
                      "missed": False},
        },
    }  # fmt: skip
    assert ProgramState.from_dict(json.loads(saved), SQUAT_AND_DEADLIFT) == state


def test_damaged_or_foreign_state_is_refused() -> None:
    saved = start(SQUAT_AND_DEADLIFT, {"squat": 100, "deadlift": 140}, KG).as_dict()
    with pytest.raises(InvalidInput, match="the saved programme state is damaged"):
        ProgramState.from_dict({**saved, "week": "one"}, SQUAT_AND_DEADLIFT)
    with pytest.raises(InvalidInput, match="the saved programme state is damaged"):
        ProgramState.from_dict({"format": 1}, SQUAT_AND_DEADLIFT)
    with pytest.raises(InvalidInput, match="points past the end of 'Test'"):
        ProgramState.from_dict({**saved, "week": 3}, SQUAT_AND_DEADLIFT)
    with pytest.raises(InvalidInput, match="does not belong to 'Test'"):
        ProgramState.from_dict(saved, RPE_PROGRAM)
