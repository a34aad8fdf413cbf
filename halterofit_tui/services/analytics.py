"""Analytics use-cases: period statistics, personal records, chart series, and keeping the
performance_metrics summary current.

Reads go through a `Reader` (store/reader.py): plain sqlite3, so `halterofit stats` never pays
for importing SQLAlchemy. Writes run inside the caller's SQLModel session, in its transaction.
docs/METRICS.md defines every figure.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Final

from halterofit_tui.config import resolve_paths
from halterofit_tui.domain.analytics import (
    ACUTE_DAYS,
    CHRONIC_DAYS,
    INTENSITY_ZONES,
    MAX_CHART_WEEKS,
    RPE_BUCKETS,
    TOP_LIFTS,
    Consistency,
    ExerciseTotals,
    MuscleTotals,
    Period,
    Window,
    acwr,
    acwr_zone,
    check_weeks,
    consistency,
    muscle_totals,
    parse_period,
    period_window,
    progression_pct_per_month,
    trend_per_week,
    trend_window,
    week_start,
    weeks_window,
)
from halterofit_tui.domain.catalogue import normalise_name
from halterofit_tui.domain.errors import HalterofitError, InvalidInput, NotFound
from halterofit_tui.domain.units import Unit, parse_unit
from halterofit_tui.store import analytics_queries as queries
from halterofit_tui.store.analytics_queries import PrEvent, RecordRow
from halterofit_tui.store.reader import Reader, connect_reader, open_reader

if TYPE_CHECKING:
    from sqlmodel import Session

    from halterofit_tui.store.engine import Database


# --- opening ------------------------------------------------------------------------------------

# Up to this many training days the summary is refreshed day by day, else rebuilt.
DAYS_REFRESHED_ONE_BY_ONE: Final = 50


def open_analytics_reader() -> Reader:
    """A reader on the lifter's store; when the store needs work first (creating, migrating,
    loading the catalogue) it is opened the full way once, then read."""
    paths = resolve_paths()
    reader = open_reader(paths)
    if reader is None:
        from halterofit_tui.services.context import open_store

        open_store().dispose()
        reader = open_reader(paths)
    if reader is None:
        raise HalterofitError(f"cannot read the store in {paths.data_dir}")
    return reader


def reader_for(db: Database) -> Reader:
    """A reader on a store the app has already opened."""
    return connect_reader(db.paths.database)


# --- keeping performance_metrics current (write path) -------------------------------------------


def refresh_performance_metrics(session: Session, days: set[date]) -> None:
    """Recompute the day, week and month rows touching `days`, in the session's transaction.

    Past DAYS_REFRESHED_ONE_BY_ONE days (imports, demo data) one pass over their span is
    cheaper.
    """
    if len(days) > DAYS_REFRESHED_ONE_BY_ONE:
        queries.refresh_metrics_span(queries.session_connection(session), min(days), max(days))
    elif days:
        queries.refresh_metrics(queries.session_connection(session), days)


def rebuild_performance_metrics(session: Session) -> None:
    """Recompute the whole summary (after bulk writes: demo data, imports)."""
    queries.rebuild_metrics(queries.session_connection(session))


# --- shared reading helpers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every analytics answer is relative to: the lifter's unit and local today."""

    unit: Unit
    today: date


def _zone(name: str | None) -> tzinfo:
    # The rule of services.profile.local_timezone, which cannot be imported without the ORM.
    if name:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    return datetime.now().astimezone().tzinfo or UTC


def context(reader: Reader, now: datetime | None = None) -> Context:
    unit, timezone = queries.profile_basics(reader.connection)
    today = (now or datetime.now(UTC)).astimezone(_zone(timezone)).date()
    return Context(parse_unit(unit), today)


def _looks_like_id(text: str) -> bool:
    return len(text) == 36 and text.count("-") == 4


def resolve_exercise(reader: Reader, query: str) -> tuple[str, str]:
    """(id, name) of the exercise `query` names. An unambiguous exact name or alias is answered
    here; anything else goes to the library's resolver, which decides ties and explains misses."""
    key = normalise_name(query)
    if not key:
        raise InvalidInput('give an exercise name, e.g. "bench press"')
    labels = queries.exercise_labels(reader.connection)
    if _looks_like_id(query.strip()):
        for exercise_id, name, _ in labels:
            if exercise_id == query.strip():
                return exercise_id, name
    matches = {
        (exercise_id, name)
        for exercise_id, name, aliases in labels
        for label in (name, *aliases)
        if normalise_name(label) == key
    }
    if len(matches) == 1:
        return matches.pop()
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.library import get_exercise

    db = open_store()
    try:
        exercise = get_exercise(db, query)
    finally:
        db.dispose()
    return exercise.id, exercise.name


# --- halterofit stats ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MuscleWeek:
    totals: MuscleTotals
    hard_sets_per_week: float


@dataclass(frozen=True)
class Fatigue:
    """Acute:chronic workload ratio as of today (None with under 28 days of history)."""

    acute_kg: float  # volume load of the last 7 days
    chronic_weekly_kg: float  # weekly average of the last 28 days
    ratio: float | None
    zone: str | None


@dataclass(frozen=True)
class ReadinessSummary:
    check_ins: int  # workouts with a readiness score in the period
    average: float | None
    trend_per_week: float | None  # points per week over the trend window


@dataclass(frozen=True)
class LiftTrend:
    exercise_id: str
    name: str
    sessions: int  # in the period
    best_e1rm_kg: float | None  # in the period
    progression_pct_per_month: float | None  # over the trend window
    trend_days: int  # training days with an e1RM in the trend window


@dataclass(frozen=True)
class PeriodStats:
    period: Period
    window: Window
    trend_window: Window  # consistency, progression and readiness trend look this far back
    unit: Unit
    sessions: int
    sets: int
    working_sets: int
    hard_sets: int
    reps: int
    volume_kg: float
    avg_rpe: float | None
    avg_intensity: float | None  # mean relative intensity of working sets, fraction of e1RM
    rpe_distribution: tuple[tuple[float, int], ...]  # (bucket, sets) per RPE_BUCKETS
    intensity_zones: tuple[tuple[str, int], ...]  # (label, working sets) per INTENSITY_ZONES
    muscles: tuple[MuscleWeek, ...]
    consistency: Consistency | None
    fatigue: Fatigue
    readiness: ReadinessSummary
    lifts: tuple[LiftTrend, ...]

    @property
    def sessions_per_week(self) -> float:
        return self.sessions / self.window.weeks


def _ratio(total: float, count: int) -> float | None:
    return total / count if count else None


def _fatigue(reader: Reader, today: date, first_day: date | None) -> Fatigue:
    acute = queries.load_between(
        reader.connection, Window(today - timedelta(days=ACUTE_DAYS - 1), today)
    )
    chronic_start = today - timedelta(days=CHRONIC_DAYS - 1)
    chronic = queries.load_between(reader.connection, Window(chronic_start, today))
    # A chronic window the lifter had not yet started in would inflate the ratio.
    filled = first_day is not None and first_day <= chronic_start
    ratio = acwr(acute, chronic) if filled else None
    weekly = chronic * ACUTE_DAYS / CHRONIC_DAYS
    return Fatigue(acute, weekly, ratio, acwr_zone(ratio) if ratio is not None else None)


def _lifts(reader: Reader, trends: Window, top: list[ExerciseTotals]) -> list[LiftTrend]:
    ids = [t.exercise_id for t in top]
    names = queries.exercise_names(reader.connection, ids)
    sums = queries.e1rm_line_sums(reader.connection, trends, ids)
    lifts = []
    for totals in top:
        line = sums.get(totals.exercise_id)
        lifts.append(
            LiftTrend(
                exercise_id=totals.exercise_id,
                name=names.get(totals.exercise_id, "?"),
                sessions=totals.sessions,
                best_e1rm_kg=totals.best_e1rm_kg,
                progression_pct_per_month=progression_pct_per_month(line) if line else None,
                trend_days=line.n if line else 0,
            )
        )
    return lifts


def period_stats(reader: Reader, period: str, now: datetime | None = None) -> PeriodStats:
    """The main numbers of the last week (7 days), month (28), year (364) or all history."""
    chosen = parse_period(period)
    ctx = context(reader, now)
    connection = reader.connection
    first_day = queries.first_training_day(connection)
    window = period_window(chosen, ctx.today, first_day)
    trends = trend_window(window)
    totals = queries.window_totals(connection, window)
    exercises = queries.exercise_totals(connection, window)
    muscles = muscle_totals(
        exercises, queries.exercise_muscles(connection, [e.exercise_id for e in exercises])
    )
    sessions = sum(queries.sessions_by_week(connection, window))
    readiness_sums, readiness_mean = queries.readiness_in(connection, window)
    readiness_trend, _ = queries.readiness_in(connection, trends)
    top = [e for e in exercises if e.best_e1rm_kg is not None][:TOP_LIFTS]
    return PeriodStats(
        period=chosen,
        window=window,
        trend_window=trends,
        unit=ctx.unit,
        sessions=sessions,
        sets=totals.sets,
        working_sets=totals.working_sets,
        hard_sets=totals.hard_sets,
        reps=totals.reps,
        volume_kg=totals.volume_kg,
        avg_rpe=_ratio(totals.rpe_sum, totals.rpe_sets),
        avg_intensity=_ratio(totals.intensity_sum, totals.intensity_sets),
        rpe_distribution=tuple(zip(RPE_BUCKETS, totals.rpe_counts, strict=True)),
        intensity_zones=tuple(
            (zone.label, count)
            for zone, count in zip(INTENSITY_ZONES, totals.zone_counts, strict=True)
        ),
        muscles=tuple(MuscleWeek(m, m.hard_sets / window.weeks) for m in muscles),
        consistency=consistency(queries.sessions_by_week(connection, trends))
        if first_day is not None
        else None,
        fatigue=_fatigue(reader, ctx.today, first_day),
        readiness=ReadinessSummary(
            readiness_sums.n, readiness_mean, trend_per_week(readiness_trend)
        ),
        lifts=tuple(_lifts(reader, trends, top)),
    )


# --- halterofit prs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseRecords:
    exercise_id: str
    name: str
    unit: Unit
    rep_maxes: tuple[RecordRow, ...]  # by rep target 1..12, those ever lifted
    best_e1rm: RecordRow | None
    best_set_volume: RecordRow | None
    best_session_volume: RecordRow | None
    events: tuple[PrEvent, ...]  # every PR its workouts set, oldest first


def exercise_records(reader: Reader, exercise: str) -> ExerciseRecords:
    exercise_id, name = resolve_exercise(reader, exercise)
    return _records_of(reader, exercise_id, name, context(reader).unit)


def _records_of(reader: Reader, exercise_id: str, name: str, unit: Unit) -> ExerciseRecords:
    rows = queries.records(reader.connection, exercise_id)
    by_kind = {row.kind: row for row in rows if row.kind != "rep_max"}
    return ExerciseRecords(
        exercise_id=exercise_id,
        name=name,
        unit=unit,
        rep_maxes=tuple(sorted((r for r in rows if r.kind == "rep_max"), key=_target)),
        best_e1rm=by_kind.get("e1rm"),
        best_set_volume=by_kind.get("set_volume"),
        best_session_volume=by_kind.get("session_volume"),
        events=tuple(queries.pr_events(reader.connection, exercise_id)),
    )


def _target(row: RecordRow) -> int:
    return row.reps or 0


@dataclass(frozen=True)
class BestE1rm:
    exercise_id: str
    name: str
    e1rm_kg: float
    date: date  # first day it was reached


def best_e1rm_table(reader: Reader) -> tuple[Unit, list[BestE1rm]]:
    """Every exercise's best e1RM, by name, with the profile's unit."""
    rows = queries.best_e1rms(reader.connection)
    return context(reader).unit, [BestE1rm(*row) for row in rows]


# --- halterofit chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class E1rmHistory:
    exercise_id: str
    name: str
    unit: Unit
    window: Window
    points: tuple[tuple[date, float], ...]  # each training day's best e1RM, kg
    pr_days: tuple[date, ...]  # days in the window with a new best e1RM


def e1rm_history(
    reader: Reader, exercise: str, weeks: int, now: datetime | None = None
) -> E1rmHistory:
    ctx = context(reader, now)
    window = weeks_window(check_weeks(weeks), ctx.today)
    exercise_id, name = resolve_exercise(reader, exercise)
    points = queries.e1rm_by_day(reader.connection, exercise_id, window)
    prs = {
        event.date
        for event in queries.pr_events(reader.connection, exercise_id)
        if event.kind == "e1rm" and window.start <= event.date <= window.end
    }
    return E1rmHistory(exercise_id, name, ctx.unit, window, tuple(points), tuple(sorted(prs)))


@dataclass(frozen=True)
class VolumeHistory:
    unit: Unit
    window: Window
    weeks: tuple[tuple[date, float], ...]  # (Monday, volume kg), every week of the window


def volume_history(reader: Reader, weeks: int, now: datetime | None = None) -> VolumeHistory:
    ctx = context(reader, now)
    window = weeks_window(check_weeks(weeks), ctx.today)
    volumes = queries.volume_by_week(reader.connection, window)
    mondays = [window.start + timedelta(weeks=i) for i in range(weeks)]
    return VolumeHistory(ctx.unit, window, tuple((m, volumes.get(m, 0.0)) for m in mondays))


@dataclass(frozen=True)
class MuscleHistory:
    unit: Unit
    window: Window
    muscles: tuple[MuscleWeek, ...]


def muscle_history(reader: Reader, weeks: int, now: datetime | None = None) -> MuscleHistory:
    ctx = context(reader, now)
    window = weeks_window(check_weeks(weeks), ctx.today)
    exercises = queries.exercise_totals(reader.connection, window)
    muscles = muscle_totals(
        exercises,
        queries.exercise_muscles(reader.connection, [e.exercise_id for e in exercises]),
    )
    return MuscleHistory(
        ctx.unit, window, tuple(MuscleWeek(m, m.hard_sets / window.weeks) for m in muscles)
    )


@dataclass(frozen=True)
class RpeHistory:
    window: Window
    buckets: tuple[tuple[float, int], ...]  # (RPE bucket, sets)


def rpe_history(reader: Reader, weeks: int, now: datetime | None = None) -> RpeHistory:
    window = weeks_window(check_weeks(weeks), context(reader, now).today)
    totals = queries.window_totals(reader.connection, window)
    return RpeHistory(window, tuple(zip(RPE_BUCKETS, totals.rpe_counts, strict=True)))


# --- the app's Analytics area -------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The area's headline numbers over its window, as `halterofit stats` defines them."""

    sessions: int
    sessions_per_week: float
    sets: int
    hard_sets: int
    volume_kg: float
    avg_rpe: float | None
    fatigue: Fatigue  # as of today, whatever the window
    consistency: Consistency | None  # over the window widened to at least 4 weeks


@dataclass(frozen=True)
class RpeDay:
    """One cell of the RPE heatmap: a training day with at least one RPE logged."""

    week: date  # its Monday
    weekday: int  # 0 = Monday .. 6 = Sunday
    avg_rpe: float
    sets: int  # sets with an RPE


@dataclass(frozen=True)
class ExerciseView:
    """The chosen exercise over the window (its records: `records_for`)."""

    exercise_id: str
    name: str
    points: tuple[tuple[date, float], ...]  # each training day's best e1RM in the window, kg
    pr_days: tuple[date, ...]  # days in the window with a new best e1RM


@dataclass(frozen=True)
class AnalyticsView:
    """What the Analytics area shows for one window, read in one go (the exercise's records,
    which do not depend on the window, come from `records_for`)."""

    unit: Unit
    weeks: int  # the window: this calendar week and the weeks - 1 before it
    window: Window
    trained: bool  # any training at all, ever
    headline: Headline
    volume_weeks: tuple[tuple[date, float], ...]  # (Monday, volume kg), every week of the window
    muscles: tuple[MuscleWeek, ...]
    rpe_days: tuple[RpeDay, ...]
    exercise: ExerciseView | None  # None when no exercise was chosen and none has an e1RM


def weeks_since(first_day: date | None, today: date) -> int:
    """The calendar weeks from the first training day's week to this one (1 without history)."""
    if first_day is None or first_day >= today:
        return 1
    return min((week_start(today) - week_start(first_day)).days // 7 + 1, MAX_CHART_WEEKS)


def analytics_view(
    db: Database, exercise_id: str | None, weeks: int | None, now: datetime | None = None
) -> AnalyticsView:
    """The area's numbers over the last `weeks` calendar weeks (None: all history), with the
    exercise's e1RM line. Without an exercise (or with one that no longer exists),
    the lift with most sessions and an e1RM in the window is shown, else in all history."""
    with reader_for(db) as reader:
        connection = reader.connection
        ctx = context(reader, now)
        first_day = queries.first_training_day(connection)
        span = weeks_since(first_day, ctx.today) if weeks is None else check_weeks(weeks)
        window = weeks_window(span, ctx.today)
        totals = queries.window_totals(connection, window)
        exercises = queries.exercise_totals(connection, window)
        muscles = muscle_totals(
            exercises, queries.exercise_muscles(connection, [e.exercise_id for e in exercises])
        )
        sessions = sum(queries.sessions_by_week(connection, window))
        headline = Headline(
            sessions=sessions,
            sessions_per_week=sessions / window.weeks,
            sets=totals.sets,
            hard_sets=totals.hard_sets,
            volume_kg=totals.volume_kg,
            avg_rpe=_ratio(totals.rpe_sum, totals.rpe_sets),
            fatigue=_fatigue(reader, ctx.today, first_day),
            consistency=consistency(queries.sessions_by_week(connection, trend_window(window)))
            if first_day is not None
            else None,
        )
        volumes = queries.volume_by_week(connection, window)
        all_history = Window(first_day, ctx.today) if first_day is not None else None
        chosen = _chosen_exercise(connection, exercise_id, exercises, all_history)
        mondays = [window.start + timedelta(weeks=i) for i in range(span)]
        return AnalyticsView(
            unit=ctx.unit,
            weeks=span,
            window=window,
            trained=first_day is not None,
            headline=headline,
            volume_weeks=tuple((m, volumes.get(m, 0.0)) for m in mondays),
            muscles=tuple(MuscleWeek(m, m.hard_sets / window.weeks) for m in muscles),
            rpe_days=tuple(RpeDay(*cell) for cell in queries.rpe_by_weekday(connection, window)),
            exercise=_exercise_view(connection, chosen, window) if chosen else None,
        )


def _chosen_exercise(
    connection: sqlite3.Connection,
    exercise_id: str | None,
    in_window: list[ExerciseTotals],
    all_history: Window | None,
) -> tuple[str, str] | None:
    """(id, name) of the exercise asked for if it exists, else of the one with most sessions
    and an e1RM in the window, else in `all_history`."""
    names = queries.exercise_names(connection, [exercise_id]) if exercise_id else {}
    if exercise_id and names:
        return exercise_id, names[exercise_id]
    candidates = [e for e in in_window if e.best_e1rm_kg is not None]
    if not candidates and all_history is not None:
        everything = queries.exercise_totals(connection, all_history)
        candidates = [e for e in everything if e.best_e1rm_kg is not None]
    if not candidates:
        return None
    chosen = candidates[0].exercise_id
    return chosen, queries.exercise_names(connection, [chosen]).get(chosen, "?")


def _exercise_view(
    connection: sqlite3.Connection, exercise: tuple[str, str], window: Window
) -> ExerciseView:
    exercise_id, name = exercise
    return ExerciseView(
        exercise_id=exercise_id,
        name=name,
        points=tuple(queries.e1rm_by_day(connection, exercise_id, window)),
        pr_days=tuple(queries.e1rm_pr_days(connection, exercise_id, window)),
    )


def records_for(db: Database, exercise_id: str) -> ExerciseRecords:
    """The exercise's records and PR history (whatever the window: they span all history)."""
    with reader_for(db) as reader:
        names = queries.exercise_names(reader.connection, [exercise_id])
        if exercise_id not in names:
            raise NotFound("that exercise no longer exists")
        return _records_of(reader, exercise_id, names[exercise_id], context(reader).unit)
