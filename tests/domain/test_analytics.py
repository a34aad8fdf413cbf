"""Analytics maths against hand-computed values (docs/METRICS.md gives the definitions)."""

from __future__ import annotations

from datetime import date

import pytest

from halterofit_tui.domain.analytics import (
    Consistency,
    ExerciseTotals,
    LineSums,
    MuscleTotals,
    Window,
    acwr,
    acwr_zone,
    check_weeks,
    consistency,
    fit_line,
    month_end,
    month_start,
    muscle_totals,
    parse_period,
    period_window,
    progression_pct_per_month,
    trend_per_week,
    trend_window,
    week_start,
    weeks_window,
    whole_months,
)
from halterofit_tui.domain.errors import InvalidInput

TUESDAY = date(2026, 12, 1)


def sums(points: list[tuple[float, float]]) -> LineSums:
    return LineSums(
        n=len(points),
        sx=sum(x for x, _ in points),
        sy=sum(y for _, y in points),
        sxx=sum(x * x for x, _ in points),
        sxy=sum(x * y for x, y in points),
    )


def test_periods_are_whole_weeks_ending_today() -> None:
    assert period_window("week", TUESDAY, None) == Window(date(2026, 11, 25), TUESDAY)
    assert period_window("month", TUESDAY, None) == Window(date(2026, 11, 4), TUESDAY)
    assert period_window("year", TUESDAY, None).days == 364
    assert period_window("month", TUESDAY, None).weeks == 4


def test_all_starts_on_the_first_training_day() -> None:
    assert period_window("all", TUESDAY, date(2020, 1, 6)) == Window(date(2020, 1, 6), TUESDAY)
    # Nothing logged yet: an empty history is just today.
    assert period_window("all", TUESDAY, None) == Window(TUESDAY, TUESDAY)


def test_period_names_are_checked() -> None:
    assert parse_period(" Year ") == "year"
    with pytest.raises(InvalidInput, match="unknown period 'fortnight': use one of week"):
        parse_period("fortnight")


def test_chart_weeks_are_calendar_weeks_from_monday() -> None:
    assert weeks_window(1, TUESDAY) == Window(date(2026, 11, 30), TUESDAY)
    assert weeks_window(3, TUESDAY) == Window(date(2026, 11, 16), TUESDAY)
    for bad in (0, -2, 5201):
        with pytest.raises(InvalidInput, match="weeks must be between 1 and 5200"):
            check_weeks(bad)


def test_trends_look_back_at_least_four_weeks() -> None:
    week = Window(date(2026, 11, 25), TUESDAY)
    assert trend_window(week) == Window(date(2026, 11, 4), TUESDAY)
    year = Window(date(2025, 12, 3), TUESDAY)
    assert trend_window(year) == year


def test_whole_months_inside_a_window() -> None:
    assert whole_months(Window(date(2026, 3, 15), date(2026, 6, 10))) == (
        date(2026, 4, 1),
        date(2026, 5, 1),
    )
    assert whole_months(Window(date(2026, 3, 1), date(2026, 3, 31))) == (
        date(2026, 3, 1),
        date(2026, 3, 1),
    )
    assert whole_months(Window(date(2026, 1, 31), date(2026, 3, 1))) == (
        date(2026, 2, 1),
        date(2026, 2, 1),
    )
    # A month missing its last day (or its first) is read day by day.
    assert whole_months(Window(date(2026, 3, 2), date(2026, 3, 31))) is None
    assert whole_months(Window(date(2026, 3, 1), date(2026, 3, 30))) is None
    assert whole_months(Window(date(2026, 12, 1), date(2027, 1, 31))) == (
        date(2026, 12, 1),
        date(2027, 1, 1),
    )


def totals(exercise_id: str, volume: float, hard_sets: int) -> ExerciseTotals:
    return ExerciseTotals(exercise_id, 1, hard_sets, hard_sets, hard_sets, 5, volume, None)


def test_secondary_muscles_count_half() -> None:
    muscles = {
        "bench": (["chest"], ["front_delts", "triceps"]),
        "dips": (["triceps"], ["chest"]),
    }
    result = muscle_totals([totals("bench", 1000.0, 4), totals("dips", 200.0, 2)], muscles)
    # chest: 1000 + 0.5 * 200 kg, 4 + 0.5 * 2 sets; triceps: 0.5 * 1000 + 200, 0.5 * 4 + 2.
    assert result == [
        MuscleTotals("chest", 1100.0, 5.0),
        MuscleTotals("triceps", 700.0, 4.0),
        MuscleTotals("front_delts", 500.0, 2.0),
    ]


def test_a_muscle_listed_twice_counts_once_as_primary() -> None:
    result = muscle_totals([totals("odd", 100.0, 2)], {"odd": (["lats"], ["lats", "biceps"])})
    assert result == [MuscleTotals("lats", 100.0, 2.0), MuscleTotals("biceps", 50.0, 1.0)]


def test_an_exercise_without_muscles_adds_nothing() -> None:
    assert muscle_totals([totals("unknown", 100.0, 2)], {}) == []


@pytest.mark.parametrize(
    ("weeks", "score", "target"),
    [
        ([3, 3, 3, 3], 100.0, 3.0),
        ([3, 3, 0, 3], 75.0, 3.0),  # a missed week
        ([3, 1, 3, 3], 100 * (1 + 1 / 3 + 1 + 1) / 4, 3.0),
        ([5, 1, 5, 1], 100 * (1 + 1 / 3 + 1 + 1 / 3) / 4, 3.0),  # extra sessions don't make up
        ([0, 0, 0, 2], 25.0, 1.0),  # usual week 0: the target is still one session
        ([6, 6], 100.0, 6.0),
    ],
)
def test_consistency_against_the_usual_week(weeks: list[int], score: float, target: float) -> None:
    assert consistency(weeks) == Consistency(pytest.approx(score), target, len(weeks))


def test_consistency_needs_weeks() -> None:
    assert consistency([]) is None


def test_acwr_is_the_last_week_over_the_four_week_average() -> None:
    # 28-day load 20,000 kg: 5,000 kg a week; the last 7 days 6,000 kg.
    ratio = acwr(6000.0, 20000.0)
    assert ratio == pytest.approx(1.2)
    assert acwr_zone(1.2) == "optimal"
    assert acwr(0.0, 0.0) is None
    assert acwr(500.0, 0.0) is None


@pytest.mark.parametrize(
    ("ratio", "zone"),
    [(0.0, "low"), (0.79, "low"), (0.8, "optimal"), (1.29, "optimal"), (1.3, "elevated"),
     (1.5, "high"), (3.0, "high")],
)  # fmt: skip
def test_acwr_zones(ratio: float, zone: str) -> None:
    assert acwr_zone(ratio) == zone


def test_least_squares_line() -> None:
    # e1RM 100, 101, 103 kg on days 0, 7, 14: mean (7, 101.33); slope = 21 / 98 kg a day.
    fit = fit_line(sums([(0, 100), (7, 101), (14, 103)]))
    assert fit is not None
    assert fit.slope == pytest.approx(21 / 98)
    assert (fit.mean_x, fit.mean_y, fit.points) == (7, pytest.approx(304 / 3), 3)


def test_no_line_through_one_point_or_one_day() -> None:
    assert fit_line(sums([(3, 100)])) is None
    assert fit_line(sums([(3, 100), (3, 110)])) is None
    assert fit_line(LineSums(0, 0.0, 0.0, 0.0, 0.0)) is None


def test_progression_in_percent_per_month() -> None:
    # 21/98 kg a day * 30.4375 days a month, over the mean e1RM 304/3 kg.
    rate = progression_pct_per_month(sums([(0, 100), (7, 101), (14, 103)]))
    assert rate == pytest.approx(100 * (21 / 98) * (365.25 / 12) / (304 / 3))
    assert rate == pytest.approx(6.4365, abs=1e-4)
    falling = progression_pct_per_month(sums([(0, 110), (10, 105), (20, 100)]))
    assert falling == pytest.approx(100 * -0.5 * 30.4375 / 105)


def test_progression_needs_three_training_days() -> None:
    assert progression_pct_per_month(sums([(0, 100), (7, 110)])) is None


def test_trend_per_week() -> None:
    # Readiness 70, 68, 66 a week apart: -2 points a week.
    assert trend_per_week(sums([(0, 70), (7, 68), (14, 66)])) == pytest.approx(-2.0)
    assert trend_per_week(sums([(0, 70), (7, 68)])) is None


def test_week_and_month_bounds() -> None:
    assert week_start(TUESDAY) == date(2026, 11, 30)
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # a Sunday ends its week
    assert (month_start(TUESDAY), month_end(TUESDAY)) == (TUESDAY, date(2026, 12, 31))
    assert month_end(date(2028, 2, 10)) == date(2028, 2, 29)
