"""The plateau detector scored on 200 seeded demo histories and their plateau-free controls."""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median

import pytest

from halterofit_tui.domain.demo import generate_history
from halterofit_tui.domain.plateau_evaluation import (
    Evaluation,
    demo_sessions,
    evaluate,
    main,
    match,
    percentile,
)
from halterofit_tui.domain.strength import estimate_1rm


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate()  # seeds 0..199, 8,000 sets each; about 20 s here


def test_precision_and_recall_reach_ninety_percent(evaluation: Evaluation) -> None:
    assert evaluation.seeds == 200
    assert evaluation.planted >= 600
    assert evaluation.precision >= 0.9
    assert evaluation.recall >= 0.9


def test_detected_starts_are_on_the_planted_day(evaluation: Evaluation) -> None:
    # The detector's start (the day after the last new best) is the generator's definition too.
    assert len(evaluation.start_errors) == evaluation.matched
    assert median(evaluation.start_errors) == 0
    assert percentile(evaluation.start_errors, 0.9) <= 1
    # Reported no earlier than 41 days after the start (42 days without a new best).
    assert min(evaluation.report_lags) >= 41
    assert all(0.0 <= c <= 1.0 for c in evaluation.confidences)


def test_no_plateau_on_the_controls(evaluation: Evaluation) -> None:
    assert evaluation.control_detections == 0
    # The controls are not monotone: breaks and deloads happen, new bests still come in time.
    assert evaluation.control_breaks > evaluation.seeds
    assert evaluation.control_deload_workouts > 10 * evaluation.seeds
    assert evaluation.control_longest_stall < 42


def test_matching_is_one_to_one_and_closest_first() -> None:
    d = date(2024, 3, 1)
    planted = [d, d + timedelta(days=60)]
    detected = [d + timedelta(days=3), d - timedelta(days=1), d + timedelta(days=68)]
    # d-1 is closer to d than d+3; d+68 is 8 days from d+60, beyond a 7-day match.
    assert match(planted, detected, 7) == [(d, d - timedelta(days=1))]
    assert match(planted, detected, 8) == [
        (d, d - timedelta(days=1)),
        (d + timedelta(days=60), d + timedelta(days=68)),
    ]


def test_nearest_rank_percentile() -> None:
    values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    assert percentile(values, 0.9) == 9
    assert percentile(values, 0.5) == 5
    assert percentile([], 0.9) == 0


def test_demo_sessions_take_the_best_non_warm_up_set_of_each_workout() -> None:
    history = generate_history(600, seed=3, end=date(2025, 6, 1))
    sessions = demo_sessions(history, "barbell-back-squat")
    # A workout cut short after the warm-ups has no e1RM, so no session.
    trained = [
        w
        for w in history.workouts
        if any(s.exercise_slug == "barbell-back-squat" and s.set_type != "warmup" for s in w.sets)
    ]
    assert [s.day for s in sessions] == [w.started_at.date() for w in trained]
    for session, workout in zip(sessions, trained, strict=True):
        work = [
            s
            for s in workout.sets
            if s.exercise_slug == "barbell-back-squat" and s.set_type != "warmup"
        ]
        assert session.best_e1rm_kg == max(estimate_1rm(s.weight_kg, s.reps) or 0.0 for s in work)
        assert session.working_reps == tuple(s.reps for s in work)


def test_the_command_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--seeds", "2", "--sets", "4000"])
    out = capsys.readouterr().out
    assert "seeds 0..1, 4000 sets each" in out
    for label in ("precision", "recall", "start error (days)", "controls: plateaus reported"):
        assert label in out
