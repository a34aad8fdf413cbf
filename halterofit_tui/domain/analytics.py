"""Training analytics maths: periods, muscle weighting, consistency, the acute:chronic workload
ratio, least-squares trends, intensity zones and RPE buckets.

docs/METRICS.md defines every metric (formula, units, sources). Per-set aggregation runs in SQL
(store/analytics_queries.py) with the thresholds defined here; this module does the arithmetic
on the aggregates, which are small (one row per exercise, week or training day).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Final, Literal

from halterofit_tui.domain.errors import InvalidInput

Period = Literal["week", "month", "year", "all"]
PERIODS: Final[tuple[Period, ...]] = ("week", "month", "year", "all")
# Whole weeks, so per-week rates and weekly blocks divide evenly: a "month" is the last 4 weeks.
PERIOD_DAYS: Final[Mapping[Period, int]] = {"week": 7, "month": 28, "year": 364}
# Trends (consistency, progression, readiness) never look back less than this: a slope through
# one week of sessions is noise.
MIN_TREND_DAYS: Final = 28
MIN_TREND_POINTS: Final = 3

WARMUP: Final = "warmup"
# A hard set: a working set at RPE 7 or more, or without RPE (see docs/METRICS.md).
HARD_SET_MIN_RPE: Final = 7.0
PRIMARY_SHARE: Final = 1.0
SECONDARY_SHARE: Final = 0.5

# RPE distribution buckets; the first also holds everything below 6 (the RTS chart starts at 6).
RPE_BUCKETS: Final = (6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0)


@dataclass(frozen=True)
class IntensityZone:
    """Working sets whose relative intensity is in [low, high) (fractions of e1RM)."""

    label: str
    low: float | None
    high: float | None


INTENSITY_ZONES: Final = (
    IntensityZone("<60%", None, 0.60),
    IntensityZone("60-70%", 0.60, 0.70),
    IntensityZone("70-80%", 0.70, 0.80),
    IntensityZone("80-90%", 0.80, 0.90),
    IntensityZone(">=90%", 0.90, None),
)
# The inner boundaries, in order: what the SQL buckets with.
INTENSITY_BOUNDS: Final = (0.60, 0.70, 0.80, 0.90)

ACUTE_DAYS: Final = 7
CHRONIC_DAYS: Final = 28
# Gabbett (2016): below 0.8 under-prepared, 0.8-1.3 the "sweet spot", above 1.5 the danger zone.
ACWR_ZONES: Final = ((0.8, "low"), (1.3, "optimal"), (1.5, "elevated"))
ACWR_ABOVE: Final = "high"

DAYS_PER_MONTH: Final = 365.25 / 12
TOP_LIFTS: Final = 5
MAX_CHART_WEEKS: Final = 5200  # a hundred years


def parse_period(text: str) -> Period:
    key = text.strip().lower()
    for period in PERIODS:
        if key == period:
            return period
    raise InvalidInput(f"unknown period '{text.strip()}': use one of {', '.join(PERIODS)}")


@dataclass(frozen=True)
class Window:
    """The days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7


def period_window(period: Period, today: date, first_day: date | None) -> Window:
    """The last 7, 28 or 364 days up to `today`; "all" starts on the first training day."""
    if period == "all":
        return Window(min(first_day or today, today), today)
    return Window(today - timedelta(days=PERIOD_DAYS[period] - 1), today)


def check_weeks(weeks: int) -> int:
    if not 1 <= weeks <= MAX_CHART_WEEKS:
        raise InvalidInput(f"weeks must be between 1 and {MAX_CHART_WEEKS} (got {weeks})")
    return weeks


def weeks_window(weeks: int, today: date) -> Window:
    """This calendar week (from Monday) and the `weeks` - 1 before it, up to `today`."""
    return Window(week_start(today) - timedelta(weeks=weeks - 1), today)


def trend_window(window: Window) -> Window:
    """`window`, reaching back at least MIN_TREND_DAYS."""
    earliest = window.end - timedelta(days=MIN_TREND_DAYS - 1)
    return Window(min(window.start, earliest), window.end)


def week_start(day: date) -> date:
    """The Monday of `day`'s week (ISO weeks)."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return _next_month(day) - timedelta(days=1)


def whole_months(window: Window) -> tuple[date, date] | None:
    """[first, last] month starts of the calendar months lying wholly inside `window`, if any.

    A long window reads its whole months from monthly rows and only its ragged ends from daily
    rows: the same sums, a hundred times fewer rows.
    """
    first = window.start if window.start.day == 1 else _next_month(window.start)
    after_end = window.end + timedelta(days=1)
    last_exclusive = after_end if after_end.day == 1 else month_start(after_end)
    if first >= last_exclusive:
        return None
    return first, _previous_month(last_exclusive)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _previous_month(first_of_month: date) -> date:
    return (first_of_month - timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class ExerciseTotals:
    """One exercise's aggregates over a window (volume in kg, added load for bodyweight)."""

    exercise_id: str
    sessions: int
    sets: int
    working_sets: int
    hard_sets: int
    reps: int
    volume_kg: float
    best_e1rm_kg: float | None


@dataclass(frozen=True)
class MuscleTotals:
    """Weighted volume and hard sets of one muscle: primary muscles 1.0, secondary 0.5."""

    muscle: str
    volume_kg: float
    hard_sets: float


def muscle_totals(
    exercises: Iterable[ExerciseTotals],
    muscles: Mapping[str, tuple[Sequence[str], Sequence[str]]],
) -> list[MuscleTotals]:
    """Spread each exercise's volume and hard sets over its (primary, secondary) muscles.

    Most hard sets first, then most volume, then by name. A muscle listed as both primary and
    secondary counts once, as primary.
    """
    volume: dict[str, float] = {}
    hard: dict[str, float] = {}
    for totals in exercises:
        primary, secondary = muscles.get(totals.exercise_id, ((), ()))
        shares = {m: SECONDARY_SHARE for m in secondary} | {m: PRIMARY_SHARE for m in primary}
        for muscle, share in shares.items():
            volume[muscle] = volume.get(muscle, 0.0) + share * totals.volume_kg
            hard[muscle] = hard.get(muscle, 0.0) + share * totals.hard_sets
    rows = [MuscleTotals(m, volume[m], hard[m]) for m in volume]
    return sorted(rows, key=lambda r: (-r.hard_sets, -r.volume_kg, r.muscle))


@dataclass(frozen=True)
class Consistency:
    """`score` 0-100: the mean over the weeks of min(1, sessions / target), where `target` is
    the lifter's usual weekly sessions (the median week, at least 1)."""

    score: float
    target: float
    weeks: int


def consistency(weekly_sessions: Sequence[int]) -> Consistency | None:
    if not weekly_sessions:
        return None
    target = max(1.0, float(median(weekly_sessions)))
    done = [min(1.0, sessions / target) for sessions in weekly_sessions]
    return Consistency(100 * math.fsum(done) / len(done), target, len(done))


def acwr(acute_kg: float, chronic_kg: float) -> float | None:
    """Acute:chronic workload ratio: the last 7 days' load over the weekly average of the last
    28 days (`chronic_kg` is the 28-day total). None without chronic load."""
    weekly_average = chronic_kg * ACUTE_DAYS / CHRONIC_DAYS
    if weekly_average <= 0:
        return None
    return acute_kg / weekly_average


def acwr_zone(ratio: float) -> str:
    for upper, name in ACWR_ZONES:
        if ratio < upper:
            return name
    return ACWR_ABOVE


@dataclass(frozen=True)
class LineSums:
    """Σ over points (x, y): what a least-squares line needs, summed by SQL."""

    n: int
    sx: float
    sy: float
    sxx: float
    sxy: float


@dataclass(frozen=True)
class LineFit:
    slope: float  # y units per x unit
    mean_x: float
    mean_y: float
    points: int


def fit_line(sums: LineSums) -> LineFit | None:
    """Ordinary least squares; None with fewer than 2 points or all at the same x."""
    if sums.n < 2:
        return None
    mean_x, mean_y = sums.sx / sums.n, sums.sy / sums.n
    spread = sums.sxx - sums.sx * mean_x
    if spread <= 1e-9 * max(1.0, sums.sxx):
        return None
    slope = (sums.sxy - sums.sx * mean_y) / spread
    return LineFit(slope, mean_x, mean_y, sums.n)


def progression_pct_per_month(sums: LineSums) -> float | None:
    """Slope of e1RM (x in days) as % of the mean e1RM per average month; None with fewer than
    MIN_TREND_POINTS training days or no e1RM."""
    fit = fit_line(sums) if sums.n >= MIN_TREND_POINTS else None
    if fit is None or fit.mean_y <= 0:
        return None
    return 100 * fit.slope * DAYS_PER_MONTH / fit.mean_y


def trend_per_week(sums: LineSums) -> float | None:
    """Slope (x in days) in y units per week; None with fewer than MIN_TREND_POINTS points."""
    fit = fit_line(sums) if sums.n >= MIN_TREND_POINTS else None
    return None if fit is None else fit.slope * 7
