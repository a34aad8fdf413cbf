"""Plateaus: when a lift stops improving, how sure we are, the probable causes, what to try.

Definitions (docs/METRICS.md gives the reasoning and sources):

- A session's figure is its best e1RM (non-warm-up sets, the configured formula). A session is a
  new best (a PR) when that e1RM beats every earlier session's best by more than the tolerance
  (`e1rm > best * (1 + tolerance) + 1e-6 kg`; tolerance 0 by default, the same rule as the PRs
  reported at `finish`). The first session sets the baseline.
- As of day T, an exercise is on a plateau when it has enough history (at least 8 sessions, the
  first at least 56 days before T), its last new best was at least `window_days` (42) days ago,
  it was trained at least 3 times in the last 42 days, and the least-squares trend of those
  sessions' e1RM is not rising (slope <= 2 standard errors; a rising trend means the lifter is
  climbing back, e.g. after a break, and a new best is coming).
- start = the day after the last new best (the first day without improvement); duration = the
  days from start to T inclusive.
- confidence = trend_score * length_score, where trend_score = Phi((usual - slope) / se) is the
  probability that the lift now progresses slower than the athlete's usual rate (e1RM gained
  per week over the year before the stall), and length_score = (shorter + ties / 2 + 1) /
  (gaps + 2) is the smoothed share of the athlete's gaps between new bests (in that year) that
  were shorter than this stall.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from statistics import fmean, median_low
from typing import Final

from halterofit_tui.domain.units import format_number

METRIC_E1RM: Final = "e1rm"
# Float noise only: equal lifts must not count as progress, any real one must.
PR_EPSILON_KG: Final = 1e-6
# A trend is rising (not a plateau) when its slope is more than this many standard errors above 0.
RISING_T: Final = 2.0
# The athlete's usual progress rate and gaps between new bests are read over this lookback.
LOOKBACK_DAYS: Final = 365

# Cause thresholds (sources in docs/METRICS.md).
MIN_WEEKLY_HARD_SETS: Final = 10.0
MAX_WEEKLY_HARD_SETS: Final = 20.0
MIN_SESSIONS_PER_WEEK: Final = 1.0
MIN_AVG_RPE: Final = 7.0
MAX_AVG_RPE: Final = 9.5
MIN_RPE_SESSIONS: Final = 2
READINESS_FALL_PER_WEEK: Final = -1.0
MIN_READINESS_CHECK_INS: Final = 4
MAX_FATIGUE_INDEX: Final = 1.5
STALE_REP_RANGE_WEEKS: Final = 12.0
# Sessions whose typical reps stay within this span train "the same rep range".
REP_RANGE_SPAN: Final = 2


@dataclass(frozen=True, slots=True)
class PlateauSettings:
    window_days: int = 42
    min_sessions: int = 8
    min_history_days: int = 56
    min_window_sessions: int = 3
    tolerance: float = 0.0  # a new best must beat the old one by more than this fraction


DEFAULT_SETTINGS: Final = PlateauSettings()


@dataclass(frozen=True, slots=True)
class ExerciseSession:
    """One day's training of an exercise. Only sessions with an e1RM belong in the series."""

    day: date
    best_e1rm_kg: float
    avg_rpe: float | None = None  # mean RPE of its working sets that have one
    working_reps: tuple[int, ...] = ()  # reps of each working set, for the rep-range cause
    readiness: float | None = None  # the workout's readiness score (0-100), if checked in


@dataclass(frozen=True, slots=True)
class Plateau:
    exercise: str
    start: date  # the day after the last new best
    as_of: date
    duration_days: int  # start .. as_of inclusive
    confidence: float  # 0..1, trend_score * length_score
    last_pr_date: date
    last_pr_kg: float
    current_avg_kg: float  # mean session best e1RM over the last window
    trend_kg_per_week: float  # least-squares slope over the last window
    trend_se_kg_per_week: float  # its standard error
    usual_gain_kg_per_week: float  # over the year before the stall
    trend_score: float
    length_score: float
    sessions_in_window: int
    metric: str = METRIC_E1RM


@dataclass(frozen=True, slots=True)
class PlateauEpisode:
    """One stall found by replaying the history day by day."""

    first: Plateau  # as first reported
    last: Plateau  # as last reported (its longest duration)
    resolved_on: date | None  # the day of the new best that ended it; None if still open


@dataclass(frozen=True, slots=True)
class TrainingContext:
    """What the rest of the athlete's training says, computed by the caller over the stall."""

    # (muscle, mean hard sets a week) for the exercise's primary muscles.
    weekly_hard_sets: tuple[tuple[str, float], ...] = ()
    fatigue_index: float | None = None  # acute:chronic workload ratio (7-day vs 28-day load)


@dataclass(frozen=True, slots=True)
class Cause:
    code: str
    text: str
    value: float
    threshold: float


@dataclass(frozen=True, slots=True)
class Protocol:
    code: str
    text: str
    rationale: str
    causes: tuple[str, ...]  # the cause codes that call for it; () when no cause was found


def improves(e1rm_kg: float, best_kg: float, tolerance: float = 0.0) -> bool:
    """Whether `e1rm_kg` is a new best over `best_kg`."""
    return e1rm_kg > best_kg * (1.0 + tolerance) + PR_EPSILON_KG


def is_resolved_by(
    last_pr_kg: float, start: date, session: ExerciseSession, tolerance: float = 0.0
) -> bool:
    """Whether a stored plateau (its last new best and start) ends with `session`."""
    return session.day >= start and improves(session.best_e1rm_kg, last_pr_kg, tolerance)


def detect_plateau(
    exercise: str,
    sessions: Iterable[ExerciseSession],
    as_of: date,
    settings: PlateauSettings = DEFAULT_SETTINGS,
) -> Plateau | None:
    """The plateau `exercise` is on as of `as_of`, or None (none, or not enough history).

    Sessions after `as_of` are ignored; order does not matter.
    """
    series = sorted((s for s in sessions if s.day <= as_of), key=lambda s: s.day)
    record = _Record(settings.tolerance)
    for s in series:
        record.add(s.day, s.best_e1rm_kg)
    return _assess(
        exercise,
        series=series,
        days=[s.day for s in series],
        n=len(series),
        record=record,
        as_of=as_of,
        settings=settings,
    )


def plateau_episodes(
    exercise: str,
    sessions: Iterable[ExerciseSession],
    until: date | None = None,
    settings: PlateauSettings = DEFAULT_SETTINGS,
) -> tuple[PlateauEpisode, ...]:
    """Every plateau `detect_plateau` would have reported on some day up to `until` (default:
    the last session), as if it had been asked every day; one episode per start date."""
    series = sorted(sessions, key=lambda s: s.day)
    if not series:
        return ()
    last_day = until if until is not None else series[-1].day
    days = [s.day for s in series]
    record = _Record(settings.tolerance)
    episodes: list[PlateauEpisode] = []
    first: Plateau | None = None
    latest: Plateau | None = None
    n = 0
    day = series[0].day
    while day <= last_day:
        new_best = False
        while n < len(series) and days[n] == day:
            new_best = record.add(day, series[n].best_e1rm_kg) or new_best
            n += 1
        if new_best and first is not None and latest is not None:
            episodes.append(PlateauEpisode(first, latest, day))
            first = latest = None
        if (day - record.days[-1]).days >= settings.window_days:
            found = _assess(
                exercise,
                series=series,
                days=days,
                n=n,
                record=record,
                as_of=day,
                settings=settings,
            )
            if found is not None:
                first = first if first is not None and first.start == found.start else found
                latest = found
        day += timedelta(days=1)
    if first is not None and latest is not None:
        episodes.append(PlateauEpisode(first, latest, None))
    return tuple(episodes)


class _Record:
    """The new bests so far, fed sessions in day order."""

    __slots__ = ("days", "kg", "tolerance")

    def __init__(self, tolerance: float) -> None:
        self.tolerance = tolerance
        self.days: list[date] = []
        self.kg: list[float] = []

    def add(self, day: date, e1rm_kg: float) -> bool:
        if self.kg and not improves(e1rm_kg, self.kg[-1], self.tolerance):
            return False
        self.days.append(day)
        self.kg.append(e1rm_kg)
        return True


def _assess(
    exercise: str,
    *,
    series: Sequence[ExerciseSession],
    days: Sequence[date],
    n: int,
    record: _Record,
    as_of: date,
    settings: PlateauSettings,
) -> Plateau | None:
    """The plateau as of `as_of`, given the first `n` sessions (those up to `as_of`)."""
    if n < settings.min_sessions or (as_of - days[0]).days < settings.min_history_days:
        return None
    last_pr_day, last_pr_kg = record.days[-1], record.kg[-1]
    duration = (as_of - last_pr_day).days
    if duration < settings.window_days:
        return None
    lo = bisect_right(days, as_of - timedelta(days=settings.window_days), 0, n)
    recent = series[lo:n]
    if len(recent) < settings.min_window_sessions:
        return None
    slope, se = _least_squares(
        [(s.day - as_of).days / 7.0 for s in recent], [s.best_e1rm_kg for s in recent]
    )
    if slope > RISING_T * se:
        return None
    usual = _usual_gain_per_week(record, last_pr_day)
    trend_score = _normal_cdf(usual - slope, se)
    length_score = _length_score(record, last_pr_day, duration)
    return Plateau(
        exercise=exercise,
        start=last_pr_day + timedelta(days=1),
        as_of=as_of,
        duration_days=duration,
        confidence=trend_score * length_score,
        last_pr_date=last_pr_day,
        last_pr_kg=last_pr_kg,
        current_avg_kg=fmean(s.best_e1rm_kg for s in recent),
        trend_kg_per_week=slope,
        trend_se_kg_per_week=se,
        usual_gain_kg_per_week=usual,
        trend_score=trend_score,
        length_score=length_score,
        sessions_in_window=len(recent),
    )


def _least_squares(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Slope of y on x and its standard error (0 with fewer than 3 points or no spread)."""
    n = len(xs)
    mx, my = fmean(xs), fmean(ys)
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    if sxx == 0.0:
        return 0.0, 0.0
    slope = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    if n < 3:
        return slope, 0.0
    residuals = math.fsum((y - my - slope * (x - mx)) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, math.sqrt(residuals / (n - 2) / sxx)


def _normal_cdf(difference: float, se: float) -> float:
    """P(N(0, se) < difference); a step at 0 when there is no uncertainty."""
    if se == 0.0:
        return 1.0 if difference > 0 else 0.5 if difference == 0 else 0.0
    return 0.5 * (1.0 + math.erf(difference / (se * math.sqrt(2.0))))


def _usual_gain_per_week(record: _Record, last_pr_day: date) -> float:
    """e1RM gained per week over the year up to the last new best (from the first session if the
    history is shorter); never negative."""
    since = last_pr_day - timedelta(days=LOOKBACK_DAYS)
    i = bisect_right(record.days, since) - 1
    base_day, base_kg = (since, record.kg[i]) if i >= 0 else (record.days[0], record.kg[0])
    weeks = (last_pr_day - base_day).days / 7.0
    return max(0.0, (record.kg[-1] - base_kg) / weeks) if weeks > 0 else 0.0


def _length_score(record: _Record, last_pr_day: date, duration: int) -> float:
    """Smoothed share of the year's gaps between new bests that were shorter than `duration`."""
    lo = bisect_left(record.days, last_pr_day - timedelta(days=LOOKBACK_DAYS))
    gaps = [(b - a).days for a, b in pairwise(record.days[lo:])]
    shorter = sum(g < duration for g in gaps)
    ties = sum(g == duration for g in gaps)
    return (shorter + ties / 2 + 1) / (len(gaps) + 2)


# --- causes and protocols -------------------------------------------------------------------


def probable_causes(
    plateau: Plateau, sessions: Iterable[ExerciseSession], context: TrainingContext
) -> tuple[Cause, ...]:
    """What in the athlete's own data may explain the stall, in a fixed order.

    Sets, frequency, RPE and readiness are read over the stall (start .. as_of); the rep range
    over the sessions up to as_of; the fatigue index is the caller's figure as of that day.
    Each figure is rounded to the 2 decimals shown before it meets its threshold, so the text
    never reads "1 point a week, more than 1".
    """
    series = sorted((s for s in sessions if s.day <= plateau.as_of), key=lambda s: s.day)
    stall = [s for s in series if s.day >= plateau.start]
    causes: list[Cause] = []
    if context.weekly_hard_sets:
        # Ties go to the first muscle listed.
        muscle, fewest = min(context.weekly_hard_sets, key=lambda m: m[1])
        if (sets := _shown(fewest)) < MIN_WEEKLY_HARD_SETS:
            causes.append(
                Cause(
                    "low_volume",
                    f"{muscle}: {_num(sets)} hard sets a week, fewer than 10",
                    sets,
                    MIN_WEEKLY_HARD_SETS,
                )
            )
        muscle, most = max(context.weekly_hard_sets, key=lambda m: m[1])
        if (sets := _shown(most)) > MAX_WEEKLY_HARD_SETS:
            causes.append(
                Cause(
                    "high_volume",
                    f"{muscle}: {_num(sets)} hard sets a week, more than 20",
                    sets,
                    MAX_WEEKLY_HARD_SETS,
                )
            )
    per_week = _shown(len(stall) / (max(1, plateau.duration_days) / 7.0))
    if per_week < MIN_SESSIONS_PER_WEEK:
        causes.append(
            Cause(
                "low_frequency",
                f"trained {_num(per_week)} times a week since the last best, less than once",
                per_week,
                MIN_SESSIONS_PER_WEEK,
            )
        )
    rpes = [s.avg_rpe for s in stall if s.avg_rpe is not None]
    if len(rpes) >= MIN_RPE_SESSIONS:
        rpe = _shown(fmean(rpes))
        if rpe < MIN_AVG_RPE:
            causes.append(
                Cause("low_effort", f"average RPE {_num(rpe)}, under 7", rpe, MIN_AVG_RPE)
            )
        elif rpe > MAX_AVG_RPE:
            causes.append(
                Cause("high_effort", f"average RPE {_num(rpe)}, over 9.5", rpe, MAX_AVG_RPE)
            )
    check_ins = [(s.day, s.readiness) for s in stall if s.readiness is not None]
    if len(check_ins) >= MIN_READINESS_CHECK_INS:
        slope, _ = _least_squares(
            [(day - plateau.start).days / 7.0 for day, _ in check_ins],
            [score for _, score in check_ins],
        )
        if (fall := _shown(slope)) < READINESS_FALL_PER_WEEK:
            causes.append(
                Cause(
                    "falling_readiness",
                    f"readiness down {_num(-fall)} points a week, more than 1",
                    fall,
                    READINESS_FALL_PER_WEEK,
                )
            )
    if context.fatigue_index is not None:
        fatigue = _shown(context.fatigue_index)
        if fatigue > MAX_FATIGUE_INDEX:
            causes.append(
                Cause(
                    "high_fatigue",
                    f"fatigue index (7-day / 28-day load) {_num(fatigue)}, over 1.5",
                    fatigue,
                    MAX_FATIGUE_INDEX,
                )
            )
    stale = _stale_rep_range(series, plateau.as_of)
    if stale is not None:
        weeks, low, high = stale
        reps = f"{low}" if low == high else f"{low}-{high}"
        causes.append(
            Cause(
                "stale_rep_range",
                f"{reps} reps in every session for {_num(weeks)} weeks, 12 or more",
                weeks,
                STALE_REP_RANGE_WEEKS,
            )
        )
    return tuple(causes)


def _stale_rep_range(
    series: Sequence[ExerciseSession], as_of: date
) -> tuple[float, int, int] | None:
    """(weeks, fewest, most typical reps) of the latest run of sessions within REP_RANGE_SPAN
    reps of each other, when it covers at least STALE_REP_RANGE_WEEKS; a session's typical reps
    are the median of its working sets' reps."""
    typical = [(s.day, median_low(s.working_reps)) for s in series if s.working_reps]
    if not typical:
        return None
    low = high = typical[-1][1]
    since = typical[-1][0]
    for day, reps in reversed(typical):
        if max(high, reps) - min(low, reps) > REP_RANGE_SPAN:
            break
        low, high, since = min(low, reps), max(high, reps), day
    weeks = _shown((as_of - since).days / 7.0)
    return (weeks, low, high) if weeks >= STALE_REP_RANGE_WEEKS else None


def _shown(value: float) -> float:
    return round(value, 2)


def _num(value: float) -> str:
    return format_number(value, 2)


_DELOAD_CAUSES: Final = ("high_fatigue", "high_effort", "falling_readiness", "high_volume")

# (code, what to do, why, the causes that call for it), in the order they should be tried:
# fatigue first (it hides strength and blunts every other change), then effort, volume,
# frequency, and the stimulus itself.
_PROTOCOLS: Final = (
    (
        "deload_week",
        "Take a deload week: about half the usual sets at RPE 6-7, then resume the program.",
        "Accumulated fatigue hides strength; a lighter week lets it dissipate so the next "
        "sessions show what you can really lift.",
        _DELOAD_CAUSES,
    ),
    (
        "raise_effort",
        "Take the work sets closer to failure: RPE 8-9, 1-2 reps in reserve.",
        "Sets far from failure give a weak training stimulus.",
        ("low_effort",),
    ),
    (
        "add_sets",
        "Add 2-4 hard sets a week for the lagging muscles, building towards 10-20.",
        "Strength and muscle gains grow with weekly hard sets up to roughly 10-20 per muscle.",
        ("low_volume",),
    ),
    (
        "raise_frequency",
        "Train the lift at least twice a week, splitting the same weekly sets.",
        "More frequent practice of a lift improves its skill and spreads the fatigue.",
        ("low_frequency",),
    ),
    (
        "change_rep_range",
        "Change the rep range for a 4-6 week block: from low reps to 8-12, or the reverse.",
        "The same stimulus for months gives diminishing returns; a new rep range is a new one.",
        ("stale_rep_range",),
    ),
)


def recommended_protocols(causes: Iterable[Cause]) -> tuple[Protocol, ...]:
    """What to try, in a fixed order, each with its rationale and the numbers behind it.

    Without any cause the data shows nothing to fix, so the stimulus itself changes: swap in a
    variation.
    """
    found = tuple(causes)
    protocols: list[Protocol] = []
    for code, text, why, wanted in _PROTOCOLS:
        because = [c for c in found if c.code in wanted]
        if because:
            here = "; ".join(c.text for c in because)
            protocols.append(
                Protocol(code, text, f"{why} Here: {here}.", tuple(c.code for c in because))
            )
    if not protocols:
        protocols.append(
            Protocol(
                "swap_variation",
                "Swap in a close variation (paused, tempo, another grip or stance) for 4-6 "
                "weeks, then return to the lift.",
                "Nothing in your sets, effort, frequency or recovery explains the stall, so "
                "change the stimulus itself; a variation keeps the movement while training it "
                "differently.",
                (),
            )
        )
    return tuple(protocols)
