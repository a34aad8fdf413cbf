"""Plateau detection, confidence, resolution, causes and protocols on hand-made series."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from halterofit_tui.domain.plateaus import (
    Cause,
    ExerciseSession,
    Plateau,
    PlateauSettings,
    TrainingContext,
    detect_plateau,
    is_resolved_by,
    plateau_episodes,
    probable_causes,
    recommended_protocols,
)

MONDAY = date(2025, 1, 6)
BENCH = "barbell-bench-press"
# Ten weekly sessions, 2 kg better each week: the last new best, 118 kg, on Monday of week 9.
RISING = tuple(100.0 + 2 * week for week in range(10))
LAST_PR = MONDAY + timedelta(weeks=9)  # 2025-03-10
# Six weekly sessions after it, never above 110: the lift is stuck well below its best.
STALL = (110.0, 108.0, 109.0, 110.0, 108.0, 109.0)
AS_OF = LAST_PR + timedelta(days=42)  # 2025-04-21, the sixth stalled Monday


def weekly(e1rms: tuple[float, ...], first: date = MONDAY, **fields: Any) -> list[ExerciseSession]:
    return [
        ExerciseSession(first + timedelta(weeks=i), e1rm, **fields) for i, e1rm in enumerate(e1rms)
    ]


def stalled(**fields: Any) -> list[ExerciseSession]:
    """The rising weeks, then the stall; `fields` apply to the stalled sessions."""
    return weekly(RISING) + weekly(STALL, LAST_PR + timedelta(weeks=1), **fields)


def plateau(sessions: list[ExerciseSession] | None = None) -> Plateau:
    found = detect_plateau(BENCH, stalled() if sessions is None else sessions, AS_OF)
    assert found is not None
    return found


# --- detection ---------------------------------------------------------------------------------


def test_a_six_week_stall_is_a_plateau_from_the_day_after_the_last_best() -> None:
    found = plateau()
    assert found.exercise == BENCH
    assert found.metric == "e1rm"
    assert found.start == date(2025, 3, 11)
    assert found.last_pr_date == LAST_PR
    assert found.last_pr_kg == 118.0
    assert found.duration_days == 42
    assert found.current_avg_kg == pytest.approx(109.0)
    assert found.sessions_in_window == 6
    # x = weeks before AS_OF (-5..0), y = STALL: Sxx = 17.5, Sxy = -2, slope = -2/17.5 kg/week;
    # SSR = Syy - Sxy^2/Sxx = 4 - 4/17.5, se = sqrt(SSR / 4 / 17.5) = 0.2321.
    assert found.trend_kg_per_week == pytest.approx(-2 / 17.5)
    assert found.trend_se_kg_per_week == pytest.approx(0.2321, abs=1e-4)
    # 18 kg in 9 weeks; z = (2 + 0.114) / 0.232 = 9.1, so the trend score is 1 to 1e-6.
    assert found.usual_gain_kg_per_week == pytest.approx(2.0)
    assert found.trend_score == pytest.approx(1.0, abs=1e-6)
    # Nine 7-day gaps between bests, all shorter than 42 days: (9 + 1) / (9 + 2).
    assert found.length_score == pytest.approx(10 / 11)
    assert found.confidence == pytest.approx(10 / 11, abs=1e-6)


def test_one_day_short_of_the_window_is_not_yet_a_plateau() -> None:
    assert detect_plateau(BENCH, stalled(), AS_OF - timedelta(days=1)) is None
    longer = PlateauSettings(window_days=56)
    assert detect_plateau(BENCH, stalled(), AS_OF, longer) is None


def test_a_slow_progressor_gets_a_lower_confidence() -> None:
    # 0.2 kg a week before the stall: z = (0.2 + 2/17.5) / 0.23212 = 1.354, Phi(1.354) = 0.9121.
    slow = weekly(tuple(100.0 + 0.2 * week for week in range(10)))
    stall = weekly(tuple(e - 9.0 for e in STALL), LAST_PR + timedelta(weeks=1))
    found = detect_plateau(BENCH, slow + stall, AS_OF)
    assert found is not None
    assert found.usual_gain_kg_per_week == pytest.approx(0.2)
    assert found.trend_score == pytest.approx(0.9121, abs=1e-4)
    assert found.confidence == pytest.approx(0.9121 * 10 / 11, abs=1e-4)


def test_a_stall_no_longer_than_the_usual_gaps_gets_a_low_length_score() -> None:
    # Bests every 8 weeks for two years (13 gaps of 56 days), then 42 days without one:
    # no earlier gap in the last year was shorter (6 of them), so (0 + 1) / (6 + 2).
    sessions = [
        ExerciseSession(MONDAY + timedelta(weeks=week), 100.0 + week // 8 + (week % 8 == 0) * 0.5)
        for week in range(105)
    ]
    last_best = MONDAY + timedelta(weeks=104)
    sessions += weekly((100.0 + 12,) * 6, last_best + timedelta(weeks=1))
    found = detect_plateau(BENCH, sessions, last_best + timedelta(days=42))
    assert found is not None
    assert found.last_pr_date == last_best
    assert found.length_score == pytest.approx(1 / 8)


def test_steady_progress_is_never_a_plateau() -> None:
    sessions = weekly(tuple(100.0 + week for week in range(30)))
    assert plateau_episodes(BENCH, sessions, until=MONDAY + timedelta(weeks=33)) == ()


def test_noisy_but_rising_is_not_a_plateau() -> None:
    # Twice a week for 24 weeks, +0.5 kg a week under a repeating -4..+1 kg wobble: the best of
    # each 3-week cycle is a new best, so no 42 days ever pass without one.
    wobble = (-4.0, -1.0, -3.0, 0.0, -2.0, 1.0)
    sessions = [
        ExerciseSession(MONDAY + timedelta(days=7 * (i // 2) + 3 * (i % 2)), 100.0 + 0.25 * i + w)
        for i, w in enumerate(wobble * 8)
    ]
    assert plateau_episodes(BENCH, sessions, until=sessions[-1].day + timedelta(days=30)) == ()


def test_climbing_back_after_a_break_is_not_a_plateau_yet() -> None:
    # The best (118) then three weeks off; back at 104 and up 3 kg a week since, still below it.
    back = LAST_PR + timedelta(weeks=3)
    sessions = weekly(RISING) + weekly((104.0, 107.0, 110.0, 113.0), back)
    assert detect_plateau(BENCH, sessions, back + timedelta(weeks=3)) is None
    # When the climb stops short, it is one.
    flat = weekly(RISING) + weekly((104.0, 107.0, 110.0, 110.0, 109.0, 110.0, 109.0), back)
    found = detect_plateau(BENCH, flat, back + timedelta(weeks=6))
    assert found is not None
    assert found.start == LAST_PR + timedelta(days=1)


def test_a_falling_lift_is_a_plateau() -> None:
    sessions = weekly(RISING) + weekly(
        (116.0, 115.0, 114.0, 113.0, 112.0, 111.0), LAST_PR + timedelta(weeks=1)
    )
    found = detect_plateau(BENCH, sessions, AS_OF)
    assert found is not None
    assert found.trend_kg_per_week == pytest.approx(-1.0)


def test_not_enough_history_gives_no_verdict() -> None:
    # Seven sessions: one too few, however long ago the best was.
    few = weekly((100.0,)) + weekly((95.0,) * 6, MONDAY + timedelta(weeks=7))
    assert detect_plateau(BENCH, few, MONDAY + timedelta(weeks=12)) is None
    # Eight sessions, but the first only 55 days before the verdict.
    short = weekly((100.0,)) + [
        ExerciseSession(MONDAY + timedelta(days=d), 95.0) for d in range(42, 56, 2)
    ]
    assert detect_plateau(BENCH, short, MONDAY + timedelta(days=55)) is None
    assert detect_plateau(BENCH, short, MONDAY + timedelta(days=56)) is not None


def test_too_few_sessions_in_the_window_give_no_verdict() -> None:
    # Two sessions in the last six weeks: an absence, not a stall.
    sessions = weekly(RISING) + weekly((110.0, 109.0), LAST_PR + timedelta(weeks=4))
    assert detect_plateau(BENCH, sessions, AS_OF) is None


def test_sessions_after_the_day_asked_are_ignored_and_order_does_not_matter() -> None:
    sessions = stalled() + weekly((125.0,), AS_OF + timedelta(days=1))
    assert detect_plateau(BENCH, list(reversed(sessions)), AS_OF) == plateau()


def test_a_tolerance_ignores_tiny_new_bests() -> None:
    # 118.5 after 118 is a new best by default (the PR rule), not with a 1 % tolerance.
    sessions = [*stalled()[:-1], ExerciseSession(AS_OF, 118.5)]
    assert detect_plateau(BENCH, sessions, AS_OF) is None
    found = detect_plateau(BENCH, sessions, AS_OF, PlateauSettings(tolerance=0.01))
    assert found is not None
    assert found.last_pr_kg == 118.0


# --- resolution --------------------------------------------------------------------------------


def test_a_new_best_resolves_the_plateau() -> None:
    found = plateau()
    after = AS_OF + timedelta(days=3)
    assert is_resolved_by(found.last_pr_kg, found.start, ExerciseSession(after, 118.5))
    assert not is_resolved_by(found.last_pr_kg, found.start, ExerciseSession(after, 118.0))
    assert not is_resolved_by(found.last_pr_kg, found.start, ExerciseSession(LAST_PR, 119.0))
    assert not is_resolved_by(118.0, found.start, ExerciseSession(after, 119.0), tolerance=0.01)


def test_replaying_the_history_finds_the_stall_once_and_its_end() -> None:
    pr_day = AS_OF + timedelta(weeks=2)
    sessions = [
        *stalled(),
        *weekly((110.0,), AS_OF + timedelta(weeks=1)),
        ExerciseSession(pr_day, 120.0),
    ]
    (episode,) = plateau_episodes(BENCH, sessions, until=pr_day + timedelta(weeks=4))
    assert episode.first == plateau()
    assert episode.last.start == episode.first.start
    assert episode.last.as_of == pr_day - timedelta(days=1)
    assert episode.last.duration_days == 55
    assert episode.resolved_on == pr_day


def test_a_stall_still_open_at_the_end_has_no_resolution() -> None:
    (episode,) = plateau_episodes(BENCH, stalled())
    assert episode.first.as_of == episode.last.as_of == AS_OF
    assert episode.resolved_on is None
    assert plateau_episodes(BENCH, []) == ()


# --- causes ------------------------------------------------------------------------------------


def codes(causes: tuple[Cause, ...]) -> list[str]:
    return [c.code for c in causes]


def causes_for(context: TrainingContext | None = None, **fields: Any) -> tuple[Cause, ...]:
    sessions = stalled(**fields)
    return probable_causes(plateau(sessions), sessions, context or TrainingContext())


def test_no_cause_in_balanced_training() -> None:
    balanced = TrainingContext(
        weekly_hard_sets=(("chest", 12.0), ("triceps", 15.0)), fatigue_index=1.1
    )
    assert causes_for(balanced, avg_rpe=8.0, working_reps=(5, 5, 5)) == ()


@pytest.mark.parametrize(
    ("sets", "expected"),
    [(9.5, ["low_volume"]), (10.0, []), (20.0, []), (20.5, ["high_volume"])],
)
def test_hard_sets_outside_ten_to_twenty(sets: float, expected: list[str]) -> None:
    context = TrainingContext(weekly_hard_sets=(("triceps", 15.0), ("chest", sets)))
    assert codes(causes_for(context)) == expected


def test_a_figure_is_judged_as_shown() -> None:
    # 9.996 shows as 10: not "10 hard sets a week, fewer than 10".
    assert causes_for(TrainingContext(weekly_hard_sets=(("chest", 9.996),))) == ()
    (cause,) = causes_for(TrainingContext(weekly_hard_sets=(("chest", 9.994),)))
    assert cause.text == "chest: 9.99 hard sets a week, fewer than 10"


def test_the_hard_set_cause_names_the_muscle_and_the_number() -> None:
    context = TrainingContext(weekly_hard_sets=(("chest", 7.5), ("triceps", 22.0)))
    low, high = causes_for(context)
    assert low == Cause("low_volume", "chest: 7.5 hard sets a week, fewer than 10", 7.5, 10.0)
    assert high == Cause("high_volume", "triceps: 22 hard sets a week, more than 20", 22.0, 20.0)


def test_frequency_under_once_a_week() -> None:
    # Six sessions in the 42 days of the stall: once a week exactly, not a cause.
    assert causes_for() == ()
    # Drop one: 5 sessions / 6 weeks = 0.83 a week.
    sessions = [s for s in stalled() if s.day != LAST_PR + timedelta(weeks=3)]
    (cause,) = probable_causes(plateau(sessions), sessions, TrainingContext())
    assert cause.code == "low_frequency"
    assert cause.value == 0.83
    assert cause.threshold == 1.0
    assert cause.text == "trained 0.83 times a week since the last best, less than once"


@pytest.mark.parametrize(
    ("rpe", "expected"),
    [(6.5, ["low_effort"]), (7.0, []), (9.5, []), (10.0, ["high_effort"])],
)
def test_average_rpe_outside_seven_to_nine_and_a_half(rpe: float, expected: list[str]) -> None:
    assert codes(causes_for(avg_rpe=rpe)) == expected


def test_rpe_needs_two_sessions_that_have_one() -> None:
    sessions = stalled()
    sessions[-1] = ExerciseSession(sessions[-1].day, sessions[-1].best_e1rm_kg, avg_rpe=10.0)
    assert probable_causes(plateau(sessions), sessions, TrainingContext()) == ()


def readiness_sessions(per_week: float) -> list[ExerciseSession]:
    stall = [
        ExerciseSession(s.day, s.best_e1rm_kg, readiness=80.0 + per_week * week)
        for week, s in enumerate(stalled()[10:])
    ]
    return stalled()[:10] + stall


def test_readiness_falling_faster_than_a_point_a_week() -> None:
    sessions = readiness_sessions(-1.5)
    (cause,) = probable_causes(plateau(sessions), sessions, TrainingContext())
    assert cause.code == "falling_readiness"
    assert cause.value == -1.5
    assert cause.threshold == -1.0
    assert cause.text == "readiness down 1.5 points a week, more than 1"
    steady = readiness_sessions(-1.0)
    assert probable_causes(plateau(steady), steady, TrainingContext()) == ()


def test_readiness_needs_four_check_ins() -> None:
    sessions = readiness_sessions(-5.0)
    for i in (10, 11, 12):
        sessions[i] = ExerciseSession(sessions[i].day, sessions[i].best_e1rm_kg)
    assert probable_causes(plateau(sessions), sessions, TrainingContext()) == ()


@pytest.mark.parametrize(("ratio", "expected"), [(1.5, []), (1.51, ["high_fatigue"])])
def test_fatigue_index_over_one_and_a_half(ratio: float, expected: list[str]) -> None:
    assert codes(causes_for(TrainingContext(fatigue_index=ratio))) == expected


def test_the_same_rep_range_for_twelve_weeks() -> None:
    # 5s and 6s since week 0: 15 weeks to AS_OF.
    sessions = weekly(RISING, working_reps=(5, 5, 6)) + weekly(
        STALL, LAST_PR + timedelta(weeks=1), working_reps=(6, 6, 6)
    )
    (cause,) = probable_causes(plateau(sessions), sessions, TrainingContext())
    assert cause == Cause(
        "stale_rep_range", "5-6 reps in every session for 15 weeks, 12 or more", 15.0, 12.0
    )


@pytest.mark.parametrize(("weeks", "stale"), [(12, True), (11, False)])
def test_a_rep_range_change_resets_the_count(weeks: int, stale: bool) -> None:
    # Eights until AS_OF - `weeks` weeks, threes since.
    change = AS_OF - timedelta(weeks=weeks)
    sessions = [
        ExerciseSession(s.day, s.best_e1rm_kg, working_reps=(3, 3) if s.day >= change else (8, 8))
        for s in stalled()
    ]
    assert codes(probable_causes(plateau(sessions), sessions, TrainingContext())) == (
        ["stale_rep_range"] if stale else []
    )


def test_alternating_heavy_and_volume_days_vary_the_rep_range() -> None:
    sessions = [
        ExerciseSession(s.day, s.best_e1rm_kg, working_reps=(5,) if i % 2 else (8, 8, 8))
        for i, s in enumerate(stalled())
    ]
    assert probable_causes(plateau(sessions), sessions, TrainingContext()) == ()


# --- protocols ---------------------------------------------------------------------------------


FATIGUE = Cause("high_fatigue", "fatigue index (7-day / 28-day load) 1.6, over 1.5", 1.6, 1.5)
HARD = Cause("high_effort", "average RPE 9.8, over 9.5", 9.8, 9.5)
FEW_SETS = Cause("low_volume", "chest: 7.5 hard sets a week, fewer than 10", 7.5, 10.0)
STALE = Cause("stale_rep_range", "5 reps in every session for 20 weeks, 12 or more", 20.0, 12.0)
RARE = Cause(
    "low_frequency", "trained 0.8 times a week since the last best, less than once", 0.8, 1.0
)
EASY = Cause("low_effort", "average RPE 6.5, under 7", 6.5, 7.0)


def test_protocols_follow_the_causes_in_a_fixed_order() -> None:
    protocols = recommended_protocols([STALE, FEW_SETS, RARE, EASY, FATIGUE])
    assert [p.code for p in protocols] == [
        "deload_week",
        "raise_effort",
        "add_sets",
        "raise_frequency",
        "change_rep_range",
    ]
    assert [p.causes for p in protocols] == [
        ("high_fatigue",),
        ("low_effort",),
        ("low_volume",),
        ("low_frequency",),
        ("stale_rep_range",),
    ]


def test_one_deload_answers_every_fatigue_cause_with_its_numbers() -> None:
    (deload,) = recommended_protocols([FATIGUE, HARD])
    assert deload.causes == ("high_fatigue", "high_effort")
    assert deload.rationale.endswith(
        "Here: fatigue index (7-day / 28-day load) 1.6, over 1.5; average RPE 9.8, over 9.5."
    )


def test_without_a_cause_swap_in_a_variation() -> None:
    (swap,) = recommended_protocols([])
    assert swap.code == "swap_variation"
    assert swap.causes == ()
    assert "variation" in swap.text
