"""One exercise's history as the plateau detector and the anomaly check read it.

Plain SQL on a sqlite3 connection (`analytics_queries.session_connection` inside a write
transaction), aggregated in SQLite: Python receives one row per training day, or one row. Like
every record query, these count working sets of started, live workouts and leave out implausible
sets the lifter has not confirmed (docs/METRICS.md).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from halterofit_tui.domain.analytics import WARMUP
from halterofit_tui.domain.plateaus import ExerciseSession
from halterofit_tui.store.analytics_queries import STARTED, pending_anomaly

# Per workout first (its readiness counts once however many sets it holds), then per day.
_TRAINING_DAYS = f"""
WITH per_workout AS (
    SELECT s.exercise_id, w.date, w.readiness_score,
        max(s.estimated_1rm) AS e1rm, total(s.rpe) AS rpe_sum, count(s.rpe) AS rpe_sets,
        group_concat(s.reps) FILTER (WHERE s.reps >= 1) AS reps
    FROM workouts w JOIN exercise_sets s ON s.workout_id = w.id
    WHERE {STARTED} AND s.deleted = 0 AND s.set_type != :warmup
        AND NOT ({pending_anomaly("s")}) {{exercises}}
    GROUP BY s.exercise_id, s.workout_id)
SELECT exercise_id, date, max(e1rm), total(rpe_sum), sum(rpe_sets), group_concat(reps),
    avg(readiness_score)
FROM per_workout
GROUP BY exercise_id, date
HAVING max(e1rm) IS NOT NULL
ORDER BY exercise_id, date
"""


def training_days(
    connection: sqlite3.Connection, exercise_ids: Iterable[str] | None = None
) -> dict[str, list[ExerciseSession]]:
    """Each exercise's days with an e1RM, oldest first (every exercise when `exercise_ids` is
    None): the best e1RM of its working sets, their mean RPE (of those with one), their reps
    (timed sets with 0 reps left out) and the mean readiness of the day's workouts with it."""
    params: dict[str, object] = {"warmup": WARMUP}
    only = ""
    if exercise_ids is not None:
        only = "AND s.exercise_id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(sorted(set(exercise_ids)))
    days: dict[str, list[ExerciseSession]] = {}
    for exercise_id, day, e1rm, rpe_sum, rpe_sets, reps, readiness in connection.execute(
        _TRAINING_DAYS.format(exercises=only), params
    ):
        days.setdefault(exercise_id, []).append(
            ExerciseSession(
                day=date.fromisoformat(day),
                best_e1rm_kg=e1rm,
                avg_rpe=rpe_sum / rpe_sets if rpe_sets else None,
                working_reps=tuple(int(r) for r in reps.split(",")) if reps else (),
                readiness=readiness,
            )
        )
    return days


@dataclass(frozen=True)
class PastRecord:
    """An exercise's working sets before a day: what a new set is judged against."""

    sessions: int  # days with at least one working set
    last_top_kg: float | None  # heaviest working set of the latest of those days
    best_e1rm_kg: float | None
    most_reps: int | None  # most reps in one working set


_PAST = f"""
WITH past AS MATERIALIZED (
    SELECT w.date AS day, s.weight_kg, s.reps, s.estimated_1rm
    FROM workouts w JOIN exercise_sets s ON s.workout_id = w.id
    WHERE {STARTED} AND s.deleted = 0 AND s.exercise_id = :exercise AND s.set_type != :warmup
        AND w.date < :day
        AND s.rowid NOT IN (SELECT p.rowid FROM exercise_sets p
                            WHERE p.exercise_id = :exercise AND {pending_anomaly("p")}))
SELECT count(DISTINCT day), max(estimated_1rm), max(reps),
    (SELECT max(weight_kg) FROM past WHERE day = (SELECT max(day) FROM past))
FROM past
"""


def past_record(connection: sqlite3.Connection, exercise_id: str, day: date) -> PastRecord:
    """The exercise's record from the days before `day`."""
    sessions, best, most, top = connection.execute(
        _PAST, {"exercise": exercise_id, "day": day.isoformat(), "warmup": WARMUP}
    ).fetchone()
    return PastRecord(sessions, top, best, most)
