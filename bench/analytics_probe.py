"""Child process for the analytics benchmarks on HALTEROFIT_HOME (a 100k-set store).

`python bench/analytics_probe.py RUNS`: times every analytics query as the services run it,
each alternating with its raw SQL equivalent on the same connection: the same figures straight
from the sets and workouts tables where ours read the performance_metrics summary, or our own
SQL text without the Python around it where ours read the sets too (records, PR history).
Queries use their most expensive arguments: all history, the most trained lift. Prints a JSON
list of [name, our median ms, baseline median ms].
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from halterofit_tui.domain.analytics import Window, period_window, trend_window
from halterofit_tui.services import analytics
from halterofit_tui.store import analytics_queries as queries

LIVE = (
    "workouts w JOIN exercise_sets s ON s.workout_id = w.id"
    " WHERE w.deleted = 0 AND w.status IN ('in_progress', 'completed') AND s.deleted = 0"
)
RAW_TOTALS = f"""SELECT count(*), count(*) FILTER (WHERE s.set_type != 'warmup'),
    count(*) FILTER (WHERE s.set_type != 'warmup' AND (s.rpe IS NULL OR s.rpe >= 7)),
    sum(s.reps), total(s.weight_kg * s.reps), count(s.rpe), total(s.rpe),
    count(s.relative_intensity) FILTER (WHERE s.set_type != 'warmup')
    FROM {LIVE} AND w.date BETWEEN :start AND :end"""
RAW_BY_EXERCISE = f"""SELECT s.exercise_id, count(DISTINCT w.id), count(*),
    count(*) FILTER (WHERE s.set_type != 'warmup' AND (s.rpe IS NULL OR s.rpe >= 7)),
    total(s.weight_kg * s.reps), max(s.estimated_1rm) FILTER (WHERE s.set_type != 'warmup')
    FROM {LIVE} AND w.date BETWEEN :start AND :end GROUP BY s.exercise_id"""
RAW_SESSIONS = """SELECT CAST((julianday(:end) - julianday(w.date)) / 7 AS INTEGER), count(*)
    FROM workouts w WHERE w.deleted = 0 AND w.status IN ('in_progress', 'completed')
    AND w.date BETWEEN :start AND :end
    AND EXISTS (SELECT 1 FROM exercise_sets s WHERE s.workout_id = w.id AND s.deleted = 0)
    GROUP BY 1"""
RAW_LOAD = f"SELECT total(s.weight_kg * s.reps) FROM {LIVE} AND w.date BETWEEN :start AND :end"
RAW_READINESS = """SELECT count(*), total(x), total(y), total(x * x), total(x * y), avg(y) FROM (
    SELECT julianday(w.date) - julianday(:start) AS x, w.readiness_score AS y FROM workouts w
    WHERE w.deleted = 0 AND w.status IN ('in_progress', 'completed')
    AND w.readiness_score IS NOT NULL AND w.date BETWEEN :start AND :end)"""
RAW_E1RM_DAYS = f"""SELECT s.exercise_id, w.date, max(s.estimated_1rm) FROM {LIVE}
    AND s.set_type != 'warmup' AND s.estimated_1rm IS NOT NULL
    AND w.date BETWEEN :start AND :end
    AND s.exercise_id IN (SELECT value FROM json_each(:ids))
    GROUP BY s.exercise_id, w.date"""
RAW_WEEKS = f"""SELECT date(w.date, '-6 days', 'weekday 1'), total(s.weight_kg * s.reps)
    FROM {LIVE} AND w.date BETWEEN :start AND :end GROUP BY 1"""
RAW_BEST = f"""SELECT s.exercise_id, max(s.estimated_1rm) FROM {LIVE}
    AND s.set_type != 'warmup' GROUP BY s.exercise_id"""


def median_pair(runs: int, ours: Callable[[], Any], baseline: Callable[[], Any]) -> list[float]:
    times: list[list[float]] = [[], []]
    for index in range(runs * 2):
        which = index % 2 if (index // 2) % 2 == 0 else 1 - index % 2
        start = time.perf_counter()
        (ours if which == 0 else baseline)()
        times[which].append((time.perf_counter() - start) * 1000)
    return [statistics.median(times[0]), statistics.median(times[1])]


def main(runs: int) -> list[list[Any]]:
    reader = analytics.open_analytics_reader()
    c = reader.connection
    today = analytics.context(reader).today
    first = queries.first_training_day(c)
    assert first is not None, "the benchmark store is empty"
    everything = Window(first, today)
    month = period_window("month", today, first)
    bounds = {"start": first.isoformat(), "end": today.isoformat()}
    top = [t.exercise_id for t in queries.exercise_totals(c, everything)[:5]]
    lift = top[0]
    raw = {"exercise": lift, "ids": json.dumps(top), **bounds}

    def sql(text: str, params: dict[str, Any]) -> Callable[[], Any]:
        return lambda: c.execute(text, params).fetchall()

    acute = Window(today - timedelta(days=6), today)
    chronic = Window(today - timedelta(days=27), today)
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        (
            "totals, all history",
            lambda: queries.window_totals(c, everything),
            sql(RAW_TOTALS, bounds),
        ),
        (
            "totals, last 4 weeks",
            lambda: queries.window_totals(c, month),
            sql(RAW_TOTALS, {"start": month.start.isoformat(), "end": month.end.isoformat()}),
        ),
        (
            "per exercise (muscles), all history",
            lambda: queries.exercise_totals(c, everything),
            sql(RAW_BY_EXERCISE, bounds),
        ),
        (
            "sessions per week, all history",
            lambda: queries.sessions_by_week(c, trend_window(everything)),
            sql(RAW_SESSIONS, bounds),
        ),
        (
            "ACWR loads (7 and 28 days)",
            lambda: (queries.load_between(c, acute), queries.load_between(c, chronic)),
            lambda: [
                c.execute(
                    RAW_LOAD, {"start": w.start.isoformat(), "end": w.end.isoformat()}
                ).fetchall()
                for w in (acute, chronic)
            ],
        ),
        (
            "readiness, all history",
            lambda: queries.readiness_in(c, everything),
            sql(RAW_READINESS, bounds),
        ),
        (
            "e1RM trends of the top 5 lifts, all",
            lambda: queries.e1rm_line_sums(c, everything, top),
            sql(RAW_E1RM_DAYS, raw),
        ),
        (
            "e1RM per day of the top lift, all",
            lambda: queries.e1rm_by_day(c, lift, everything),
            sql(RAW_E1RM_DAYS, {**raw, "ids": json.dumps([lift])}),
        ),
        (
            "weekly volume, all history",
            lambda: queries.volume_by_week(c, everything),
            sql(RAW_WEEKS, bounds),
        ),
        ("best e1RM of every exercise", lambda: queries.best_e1rms(c), sql(RAW_BEST, {})),
        (
            "records of the top lift",
            lambda: queries.records(c, lift),
            sql(queries.RECORDS_SQL, queries.pr_params(lift)),
        ),
        (
            "PR history of the top lift",
            lambda: queries.pr_events(c, lift),
            sql(queries.PR_EVENTS_SQL, queries.pr_params(lift)),
        ),
    ]
    results: list[list[Any]] = [
        [name, *median_pair(runs, ours, base)] for name, ours, base in cases
    ]
    reader.close()
    return results


if __name__ == "__main__":
    json.dump(main(int(sys.argv[1])), sys.stdout)
