"""The analytics SQL: the performance_metrics summary and every query read from it or the sets.

Everything here takes a plain sqlite3 connection: a `Reader` (store/reader.py) on the read path,
the session's own connection (`session_connection`) inside a write transaction. Aggregation
happens in SQLite; Python receives one row per exercise, day, week or record. Deleted
(tombstoned) sets and workouts never count, nor do workouts that were never started.
docs/METRICS.md defines each figure.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from halterofit_tui.domain.analytics import (
    HARD_SET_MIN_RPE,
    INTENSITY_BOUNDS,
    WARMUP,
    ExerciseTotals,
    LineSums,
    Window,
    month_end,
    month_start,
    week_start,
    whole_months,
)
from halterofit_tui.domain.strength import MAX_E1RM_REPS

# Workouts that happened (or are happening): planned ones have not.
STARTED = "w.deleted = 0 AND w.status IN ('in_progress', 'completed')"
LIVE_SETS = (
    f"workouts w JOIN exercise_sets s ON s.workout_id = w.id WHERE {STARTED} AND s.deleted = 0"
)

# The thresholds the SQL buckets with, from domain/analytics.py.
THRESHOLDS: dict[str, Any] = {
    "warmup": WARMUP,
    "hard_rpe": HARD_SET_MIN_RPE,
    "z60": INTENSITY_BOUNDS[0],
    "z70": INTENSITY_BOUNDS[1],
    "z80": INTENSITY_BOUNDS[2],
    "z90": INTENSITY_BOUNDS[3],
}

METRIC_COLUMNS = (
    "sessions",
    "sets",
    "working_sets",
    "hard_sets",
    "reps",
    "volume_kg",
    "rpe_sets",
    "rpe_sum",
    "rpe_6",
    "rpe_6_5",
    "rpe_7",
    "rpe_7_5",
    "rpe_8",
    "rpe_8_5",
    "rpe_9",
    "rpe_9_5",
    "rpe_10",
    "intensity_sets",
    "intensity_sum",
    "zone_below_60",
    "zone_60_70",
    "zone_70_80",
    "zone_80_90",
    "zone_90_up",
)
RPE_COLUMNS = METRIC_COLUMNS[8:17]
ZONE_COLUMNS = METRIC_COLUMNS[19:24]
_ALL_COLUMNS = ", ".join(("period", "period_start", "exercise_id", *METRIC_COLUMNS, "best_e1rm_kg"))

_WORKING = "s.set_type != :warmup"


def pending_anomaly(alias: str) -> str:
    """SQL: the set `alias` was flagged as implausible and not confirmed; it counts in volume
    but in no record or best e1RM (the partial index ix_exercise_sets_pending_anomaly)."""
    return f"{alias}.anomaly IS NOT NULL AND {alias}.anomaly_confirmed = 0"


_RI = "s.relative_intensity"
# One day's rows: every set of the exercise on that day, per docs/METRICS.md.
_DAY_ROWS = f"""
INSERT INTO performance_metrics ({_ALL_COLUMNS})
SELECT 'day', w.date, s.exercise_id,
    count(DISTINCT w.id),
    count(*),
    count(*) FILTER (WHERE {_WORKING}),
    count(*) FILTER (WHERE {_WORKING} AND (s.rpe IS NULL OR s.rpe >= :hard_rpe)),
    sum(s.reps),
    total(s.weight_kg * s.reps),
    count(s.rpe),
    total(s.rpe),
    count(*) FILTER (WHERE s.rpe <= 6),
    count(*) FILTER (WHERE s.rpe = 6.5),
    count(*) FILTER (WHERE s.rpe = 7),
    count(*) FILTER (WHERE s.rpe = 7.5),
    count(*) FILTER (WHERE s.rpe = 8),
    count(*) FILTER (WHERE s.rpe = 8.5),
    count(*) FILTER (WHERE s.rpe = 9),
    count(*) FILTER (WHERE s.rpe = 9.5),
    count(*) FILTER (WHERE s.rpe = 10),
    count({_RI}) FILTER (WHERE {_WORKING}),
    total({_RI}) FILTER (WHERE {_WORKING}),
    count(*) FILTER (WHERE {_WORKING} AND {_RI} < :z60),
    count(*) FILTER (WHERE {_WORKING} AND {_RI} >= :z60 AND {_RI} < :z70),
    count(*) FILTER (WHERE {_WORKING} AND {_RI} >= :z70 AND {_RI} < :z80),
    count(*) FILTER (WHERE {_WORKING} AND {_RI} >= :z80 AND {_RI} < :z90),
    count(*) FILTER (WHERE {_WORKING} AND {_RI} >= :z90),
    max(s.estimated_1rm) FILTER (WHERE {_WORKING} AND NOT ({pending_anomaly("s")}))
FROM {LIVE_SETS} {{days}}
GROUP BY w.date, s.exercise_id
"""
_SUMS = ", ".join(
    f"total({c})" if c.endswith("_sum") or c == "volume_kg" else f"sum({c})" for c in METRIC_COLUMNS
)
# Weeks and months: the sums of their days (every column adds up; the best e1RM is the max).
_ROLL_UP = f"""
INSERT INTO performance_metrics ({_ALL_COLUMNS})
SELECT :period, {{start}}, exercise_id, {_SUMS}, max(best_e1rm_kg)
FROM performance_metrics
WHERE period = 'day' {{days}}
GROUP BY {{group}}
"""
_WEEK_OF = "date(period_start, '-6 days', 'weekday 1')"
_MONTH_OF = "date(period_start, 'start of month')"


def session_connection(session: Any) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLModel session, inside its transaction (flushed)."""
    session.flush()
    connection: sqlite3.Connection = session.connection().connection.driver_connection
    return connection


def rebuild_metrics(connection: sqlite3.Connection) -> None:
    """Recompute the whole performance_metrics table from the sets."""
    connection.execute("DELETE FROM performance_metrics")
    connection.execute(_DAY_ROWS.format(days=""), THRESHOLDS)
    for period, start in (("week", _WEEK_OF), ("month", _MONTH_OF)):
        sql = _ROLL_UP.format(start=start, days="", group=f"{start}, exercise_id")
        connection.execute(sql, {"period": period})


def refresh_metrics_span(connection: sqlite3.Connection, first: date, last: date) -> None:
    """Recompute every row from `first` to `last` (their weeks and months whole) in a few
    statements: bulk writes touch hundreds of days, which one by one would cost seconds."""
    connection.execute(
        "DELETE FROM performance_metrics WHERE period = 'day' AND period_start BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )
    connection.execute(
        _DAY_ROWS.format(days="AND w.date BETWEEN :first AND :last"),
        {**THRESHOLDS, "first": first.isoformat(), "last": last.isoformat()},
    )
    for period, start, first_start, last_end in (
        ("week", _WEEK_OF, week_start(first), week_start(last) + timedelta(days=6)),
        ("month", _MONTH_OF, month_start(first), month_end(last)),
    ):
        bounds = {"start": first_start.isoformat(), "end": last_end.isoformat()}
        connection.execute(
            "DELETE FROM performance_metrics WHERE period = :period "
            "AND period_start BETWEEN :start AND :end",
            {"period": period, **bounds},
        )
        sql = _ROLL_UP.format(
            start=start,
            days="AND period_start BETWEEN :start AND :end",
            group=f"{start}, exercise_id",
        )
        connection.execute(sql, {"period": period, **bounds})


def refresh_metrics(connection: sqlite3.Connection, days: set[date]) -> None:
    """Recompute the day, week and month rows of `days` (their weeks and months whole)."""
    periods = {("day", day, day) for day in days}
    for day in days:
        periods.add(("week", week_start(day), week_start(day) + timedelta(days=6)))
        periods.add(("month", month_start(day), month_end(day)))
    # Days first: weeks and months add up the fresh day rows.
    for period, start, end in sorted(periods, key=lambda p: (p[0] != "day", p[0], p[1])):
        connection.execute(
            "DELETE FROM performance_metrics WHERE period = ? AND period_start = ?",
            (period, start.isoformat()),
        )
        if period == "day":
            sql = _DAY_ROWS.format(days="AND w.date = :day")
            connection.execute(sql, {**THRESHOLDS, "day": start.isoformat()})
        else:
            sql = _ROLL_UP.format(
                start=":start",
                days="AND period_start BETWEEN :start AND :end",
                group="exercise_id",
            )
            bounds = {"start": start.isoformat(), "end": end.isoformat()}
            connection.execute(sql, {"period": period, **bounds})


# --- reading the summary over a window ----------------------------------------------------------


def _window_rows(window: Window) -> tuple[str, dict[str, str]]:
    """A CTE `rows` covering `window` exactly: monthly rows for its whole calendar months, daily
    rows for the rest."""
    months = whole_months(window)
    if months is None:
        # An empty month range and an empty exclusion: only daily rows.
        first_month, last_month = window.end + timedelta(days=1), window.start
        skip_from, skip_to = window.end + timedelta(days=1), window.start
    else:
        first_month, last_month = months
        skip_from, skip_to = first_month, month_end(last_month)
    sql = """rows AS (
        SELECT * FROM performance_metrics
        WHERE period = 'month' AND period_start BETWEEN :first_month AND :last_month
        UNION ALL
        SELECT * FROM performance_metrics
        WHERE period = 'day' AND period_start BETWEEN :start AND :end
          AND NOT period_start BETWEEN :skip_from AND :skip_to)"""
    params = {
        "first_month": first_month.isoformat(),
        "last_month": last_month.isoformat(),
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "skip_from": skip_from.isoformat(),
        "skip_to": skip_to.isoformat(),
    }
    return sql, params


@dataclass(frozen=True)
class WindowTotals:
    """Every exercise's rows over a window, added up (sessions are counted from workouts)."""

    sets: int
    working_sets: int
    hard_sets: int
    reps: int
    volume_kg: float
    rpe_sets: int
    rpe_sum: float
    rpe_counts: tuple[int, ...]  # per RPE_BUCKETS
    intensity_sets: int
    intensity_sum: float
    zone_counts: tuple[int, ...]  # per INTENSITY_ZONES


def window_totals(connection: sqlite3.Connection, window: Window) -> WindowTotals:
    rows, params = _window_rows(window)
    columns = ("sets", "working_sets", "hard_sets", "reps", "volume_kg", "rpe_sets", "rpe_sum")
    wanted = (*columns, *RPE_COLUMNS, "intensity_sets", "intensity_sum", *ZONE_COLUMNS)
    sums = ", ".join(f"total({c})" for c in wanted)
    values = connection.execute(f"WITH {rows} SELECT {sums} FROM rows", params).fetchone()
    sets, working, hard, reps, volume, rpe_sets, rpe_sum = values[:7]
    rpe_end = 7 + len(RPE_COLUMNS)
    return WindowTotals(
        sets=int(sets),
        working_sets=int(working),
        hard_sets=int(hard),
        reps=int(reps),
        volume_kg=volume,
        rpe_sets=int(rpe_sets),
        rpe_sum=rpe_sum,
        rpe_counts=tuple(int(v) for v in values[7:rpe_end]),
        intensity_sets=int(values[rpe_end]),
        intensity_sum=values[rpe_end + 1],
        zone_counts=tuple(int(v) for v in values[rpe_end + 2 :]),
    )


def exercise_totals(connection: sqlite3.Connection, window: Window) -> list[ExerciseTotals]:
    """Each trained exercise's totals over `window`, most sessions first."""
    rows, params = _window_rows(window)
    result = connection.execute(
        f"""WITH {rows}
        SELECT exercise_id, sum(sessions), sum(sets), sum(working_sets), sum(hard_sets),
               sum(reps), total(volume_kg), max(best_e1rm_kg)
        FROM rows GROUP BY exercise_id
        ORDER BY sum(sessions) DESC, sum(sets) DESC, exercise_id""",
        params,
    ).fetchall()
    return [ExerciseTotals(*row) for row in result]


def sessions_by_week(connection: sqlite3.Connection, window: Window) -> list[int]:
    """Sessions (started workouts with at least one set) in each 7-day block ending on
    `window.end`, oldest block first; the oldest may be cut short by `window.start`."""
    blocks = -(-window.days // 7)
    counts = [0] * blocks
    rows = connection.execute(
        f"""SELECT CAST((julianday(:end) - julianday(w.date)) / 7 AS INTEGER), count(*)
        FROM workouts w
        WHERE {STARTED} AND w.total_sets > 0 AND w.date BETWEEN :start AND :end
        GROUP BY 1""",
        _bounds(window),
    ).fetchall()
    for block, count in rows:
        counts[blocks - 1 - block] = count
    return counts


def first_training_day(connection: sqlite3.Connection) -> date | None:
    row = connection.execute(
        f"SELECT min(w.date) FROM workouts w WHERE {STARTED} AND w.total_sets > 0"
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def load_between(connection: sqlite3.Connection, window: Window) -> float:
    """Volume load (kg) of the days in `window`."""
    row = connection.execute(
        """SELECT total(volume_kg) FROM performance_metrics
        WHERE period = 'day' AND period_start BETWEEN ? AND ?""",
        (window.start.isoformat(), window.end.isoformat()),
    ).fetchone()
    return float(row[0])


def _line_sums(row: Any) -> LineSums:
    n, sx, sy, sxx, sxy = row
    return LineSums(int(n), sx, sy, sxx, sxy)


def readiness_in(connection: sqlite3.Connection, window: Window) -> tuple[LineSums, float | None]:
    """Readiness scores of the workouts in `window`: line sums (x = days since the window's
    start) and their mean."""
    row = connection.execute(
        f"""SELECT count(*), total(x), total(y), total(x * x), total(x * y), avg(y) FROM (
            SELECT julianday(w.date) - julianday(:start) AS x, w.readiness_score AS y
            FROM workouts w
            WHERE {STARTED} AND w.readiness_score IS NOT NULL
              AND w.date BETWEEN :start AND :end)""",
        _bounds(window),
    ).fetchone()
    return _line_sums(row[:5]), row[5]


def e1rm_line_sums(
    connection: sqlite3.Connection, window: Window, exercise_ids: list[str]
) -> dict[str, LineSums]:
    """Per exercise, line sums of each training day's best e1RM (x = days since the start)."""
    rows = connection.execute(
        """SELECT exercise_id, count(*), total(x), total(y), total(x * x), total(x * y) FROM (
            SELECT exercise_id, julianday(period_start) - julianday(:start) AS x,
                   best_e1rm_kg AS y
            FROM performance_metrics
            WHERE exercise_id IN (SELECT value FROM json_each(:ids)) AND period = 'day'
              AND period_start BETWEEN :start AND :end AND best_e1rm_kg IS NOT NULL)
        GROUP BY exercise_id""",
        {"ids": json.dumps(exercise_ids), **_bounds(window)},
    ).fetchall()
    return {row[0]: _line_sums(row[1:]) for row in rows}


def _bounds(window: Window) -> dict[str, str]:
    return {"start": window.start.isoformat(), "end": window.end.isoformat()}


def e1rm_by_day(
    connection: sqlite3.Connection, exercise_id: str, window: Window
) -> list[tuple[date, float]]:
    """Each training day's best e1RM of the exercise, oldest first."""
    rows = connection.execute(
        """SELECT period_start, best_e1rm_kg FROM performance_metrics
        WHERE exercise_id = :exercise AND period = 'day'
          AND period_start BETWEEN :start AND :end AND best_e1rm_kg IS NOT NULL
        ORDER BY period_start""",
        {"exercise": exercise_id, **_bounds(window)},
    ).fetchall()
    return [(date.fromisoformat(day), e1rm) for day, e1rm in rows]


def e1rm_pr_days(connection: sqlite3.Connection, exercise_id: str, window: Window) -> list[date]:
    """The days in `window` whose best e1RM beat every earlier day's (the exercise's first day
    sets the baseline): the days whose workouts set an e1RM PR, read from the daily summary."""
    rows = connection.execute(
        """SELECT day FROM (
            SELECT period_start AS day, best_e1rm_kg AS e1rm,
                max(best_e1rm_kg) OVER (ORDER BY period_start
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous
            FROM performance_metrics
            WHERE exercise_id = :exercise AND period = 'day' AND best_e1rm_kg IS NOT NULL
              AND period_start <= :end)
        WHERE e1rm > previous + :epsilon AND day >= :start
        ORDER BY day""",
        {"exercise": exercise_id, "epsilon": PR_EPSILON_KG, **_bounds(window)},
    ).fetchall()
    return [date.fromisoformat(day) for (day,) in rows]


def volume_by_week(connection: sqlite3.Connection, window: Window) -> dict[date, float]:
    """Volume load (kg) of each calendar week (by its Monday) starting inside `window`."""
    rows = connection.execute(
        """SELECT period_start, total(volume_kg) FROM performance_metrics
        WHERE period = 'week' AND period_start BETWEEN :start AND :end
        GROUP BY period_start""",
        _bounds(window),
    ).fetchall()
    return {date.fromisoformat(day): volume for day, volume in rows}


def rpe_by_weekday(
    connection: sqlite3.Connection, window: Window
) -> list[tuple[date, int, float, int]]:
    """(Monday of the week, weekday 0 = Monday .. 6 = Sunday, average RPE, sets with an RPE) of
    each day in `window` with an RPE logged, oldest first: the RPE heatmap's cells."""
    rows = connection.execute(
        """SELECT date(period_start, '-6 days', 'weekday 1'),
               (CAST(strftime('%w', period_start) AS INTEGER) + 6) % 7,
               total(rpe_sum) / sum(rpe_sets), sum(rpe_sets)
        FROM performance_metrics
        WHERE period = 'day' AND period_start BETWEEN :start AND :end
        GROUP BY period_start HAVING sum(rpe_sets) > 0
        ORDER BY period_start""",
        _bounds(window),
    ).fetchall()
    return [(date.fromisoformat(monday), day, rpe, sets) for monday, day, rpe, sets in rows]


def best_e1rms(connection: sqlite3.Connection) -> list[tuple[str, str, float, date]]:
    """(exercise id, name, best e1RM, first day reached) of every exercise with an e1RM."""
    rows = connection.execute(
        """WITH best AS (
            SELECT exercise_id, max(best_e1rm_kg) AS e1rm FROM performance_metrics
            WHERE period = 'month' GROUP BY exercise_id HAVING e1rm IS NOT NULL)
        SELECT best.exercise_id, e.name, best.e1rm,
            (SELECT min(d.period_start) FROM performance_metrics d
             WHERE d.exercise_id = best.exercise_id AND d.period = 'day'
               AND d.best_e1rm_kg = best.e1rm)
        FROM best JOIN exercises e ON e.id = best.exercise_id
        ORDER BY e.name COLLATE NOCASE"""
    ).fetchall()
    return [(ex, name, e1rm, date.fromisoformat(day)) for ex, name, e1rm, day in rows]


# --- personal records ---------------------------------------------------------------------------

# The exercise's working sets in started, live workouts, but for unconfirmed anomalies (picked
# out by rowid through their partial index, so the covering index still answers alone).
_WORK = f"""work AS MATERIALIZED (
    SELECT s.workout_id, w.date, w.started_at, s.weight_kg, s.reps, s.is_bodyweight,
           s.estimated_1rm
    FROM {LIVE_SETS} AND s.exercise_id = :exercise AND s.set_type != :warmup
        AND s.rowid NOT IN (SELECT p.rowid FROM exercise_sets p
                            WHERE p.exercise_id = :exercise AND {pending_anomaly("p")})),
targets(reps) AS (
    SELECT 1 UNION ALL SELECT reps + 1 FROM targets WHERE reps < :max_reps)"""
_LOADED = "is_bodyweight = 0 AND weight_kg > 0"
PR_EPSILON_KG = 1e-6  # float noise: equal lifts are not records


@dataclass(frozen=True)
class RecordRow:
    """A record as SQL found it: `value_kg` (load, e1RM or volume), the set's load and reps
    where one set holds it, the first workout that reached it."""

    kind: str
    reps: int | None  # rep_max: the rep target (at least this many reps)
    value_kg: float
    weight_kg: float | None
    reps_done: int | None
    date: date
    workout_id: str


RECORDS_SQL = f"""WITH RECURSIVE {_WORK},
        -- The heaviest set at each rep count (counts above 12 pooled): at most 12 rows.
        by_reps AS (
            SELECT min(reps, :max_reps) AS pooled, weight_kg, reps, date, started_at, workout_id,
                row_number() OVER (PARTITION BY min(reps, :max_reps)
                    ORDER BY weight_kg DESC, date, started_at) AS rank
            FROM work WHERE {_LOADED} AND reps >= 1),
        rep_max AS (
            SELECT t.reps AS target, b.weight_kg, b.reps, b.date, b.workout_id,
                row_number() OVER (PARTITION BY t.reps
                    ORDER BY b.weight_kg DESC, b.date, b.started_at) AS rank
            FROM targets t JOIN by_reps b ON b.rank = 1 AND b.pooled >= t.reps),
        e1rm AS (
            SELECT 'e1rm', NULL, estimated_1rm, weight_kg, reps, date, workout_id
            FROM work WHERE estimated_1rm IS NOT NULL
            ORDER BY estimated_1rm DESC, date, started_at LIMIT 1),
        set_volume AS (
            SELECT 'set_volume', NULL, weight_kg * reps, weight_kg, reps, date, workout_id
            FROM work WHERE weight_kg > 0
            ORDER BY weight_kg * reps DESC, date, started_at LIMIT 1),
        session_volume AS (
            SELECT 'session_volume', NULL, total(weight_kg * reps) AS volume, NULL, NULL,
                   date, workout_id
            FROM work WHERE weight_kg > 0 GROUP BY workout_id
            ORDER BY volume DESC, date, min(started_at) LIMIT 1)
        SELECT 'rep_max', target, weight_kg, weight_kg, reps, date, workout_id
            FROM rep_max WHERE rank = 1
        UNION ALL SELECT * FROM e1rm
        UNION ALL SELECT * FROM set_volume
        UNION ALL SELECT * FROM session_volume"""


def pr_params(exercise_id: str) -> dict[str, Any]:
    """The parameters of RECORDS_SQL and PR_EVENTS_SQL."""
    return {
        **THRESHOLDS,
        "exercise": exercise_id,
        "max_reps": MAX_E1RM_REPS,
        "epsilon": PR_EPSILON_KG,
    }


def records(connection: sqlite3.Connection, exercise_id: str) -> list[RecordRow]:
    """The exercise's standing records: rep maxes (heaviest load for at least N reps, N =
    1..12), best e1RM, best set volume and best session volume; ties go to the first day."""
    rows = connection.execute(RECORDS_SQL, pr_params(exercise_id)).fetchall()
    return [
        RecordRow(kind, target, value, weight, reps, date.fromisoformat(day), workout)
        for kind, target, value, weight, reps, day, workout in rows
    ]


@dataclass(frozen=True)
class PrEvent:
    """A record beaten in a workout: `value_kg` over `previous_kg` (the best of all earlier
    workouts). The exercise's first workout sets the baseline and beats nothing."""

    workout_id: str
    date: date
    kind: str  # "e1rm", "rep_max", "set_volume" or "session_volume"
    reps: int | None  # rep_max: the reps of the set (compared with loads for at least as many)
    value_kg: float
    previous_kg: float


_TARGETS = range(1, MAX_E1RM_REPS + 1)
# Per workout, for every N: the heaviest set of exactly N reps, and of at least N reps.
_PER_REPS = ",\n".join(
    f"max(weight_kg) FILTER (WHERE {_LOADED} AND reps = {n}) AS exact_{n}, "
    f"max(weight_kg) FILTER (WHERE {_LOADED} AND reps >= {n}) AS at_least_{n}"
    for n in _TARGETS
)
_PREVIOUS_REPS = ",\n".join(f"max(at_least_{n}) OVER earlier AS previous_{n}" for n in _TARGETS)
_PICK_EXACT = " ".join(f"WHEN {n} THEN exact_{n}" for n in _TARGETS)
_PICK_PREVIOUS = " ".join(f"WHEN {n} THEN previous_{n}" for n in _TARGETS)


PR_EVENTS_SQL = f"""WITH RECURSIVE {_WORK},
        per_workout AS (
            SELECT workout_id, date, started_at,
                max(estimated_1rm) AS e1rm,
                max(weight_kg * reps) FILTER (WHERE weight_kg > 0) AS set_volume,
                sum(weight_kg * reps) FILTER (WHERE weight_kg > 0) AS session_volume,
                {_PER_REPS}
            FROM work GROUP BY workout_id),
        running AS (
            SELECT *,
                max(e1rm) OVER earlier AS previous_e1rm,
                max(set_volume) OVER earlier AS previous_set_volume,
                max(session_volume) OVER earlier AS previous_session_volume,
                {_PREVIOUS_REPS}
            FROM per_workout
            WINDOW earlier AS (ORDER BY date, started_at, workout_id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
        rep_max AS (
            SELECT r.workout_id, r.date, t.reps,
                CASE t.reps {_PICK_EXACT} END AS value,
                CASE t.reps {_PICK_PREVIOUS} END AS previous
            FROM running r JOIN targets t)
        SELECT workout_id, date, 'e1rm', NULL, e1rm, previous_e1rm FROM running
            WHERE e1rm > previous_e1rm + :epsilon
        UNION ALL
        SELECT workout_id, date, 'rep_max', reps, value, previous FROM rep_max
            WHERE value > previous + :epsilon
        UNION ALL
        SELECT workout_id, date, 'set_volume', NULL, set_volume, previous_set_volume FROM running
            WHERE set_volume > previous_set_volume + :epsilon
        UNION ALL
        SELECT workout_id, date, 'session_volume', NULL, session_volume,
               previous_session_volume FROM running
            WHERE session_volume > previous_session_volume + :epsilon
        ORDER BY 2, 1, 3, 4"""


def pr_events(connection: sqlite3.Connection, exercise_id: str) -> list[PrEvent]:
    """Every PR the exercise's workouts set, oldest first (rep maxes as `finish` reports them:
    the heaviest set of N reps, N <= 12, against the heaviest load ever lifted for N or more)."""
    rows = connection.execute(PR_EVENTS_SQL, pr_params(exercise_id)).fetchall()
    return [
        PrEvent(workout, date.fromisoformat(day), kind, reps, value, previous)
        for workout, day, kind, reps, value, previous in rows
    ]


# --- the few things read besides metrics --------------------------------------------------------


def exercise_muscles(
    connection: sqlite3.Connection, exercise_ids: list[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """(primary, secondary) muscles of each exercise."""
    rows = connection.execute(
        """SELECT id, primary_muscles, secondary_muscles FROM exercises
        WHERE id IN (SELECT value FROM json_each(?))""",
        (json.dumps(exercise_ids),),
    ).fetchall()
    return {ex: (json.loads(primary), json.loads(secondary)) for ex, primary, secondary in rows}


def exercise_labels(connection: sqlite3.Connection) -> list[tuple[str, str, list[str]]]:
    """(id, name, aliases) of every live exercise."""
    rows = connection.execute("SELECT id, name, aliases FROM exercises WHERE deleted = 0")
    return [(ex, name, json.loads(aliases)) for ex, name, aliases in rows]


def exercise_names(connection: sqlite3.Connection, exercise_ids: list[str]) -> dict[str, str]:
    rows = connection.execute(
        "SELECT id, name FROM exercises WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(exercise_ids),),
    ).fetchall()
    return dict(rows)


def profile_basics(connection: sqlite3.Connection) -> tuple[str, str | None]:
    """(unit, time zone) of the profile."""
    row = connection.execute(
        "SELECT unit, timezone FROM profiles WHERE deleted = 0 LIMIT 1"
    ).fetchone()
    return (row[0], row[1]) if row else ("kg", None)
