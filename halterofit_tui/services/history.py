"""History use-cases: workouts a page at a time, grouped by week, optionally for one exercise.

A page is a few cheap indexed queries whatever the size of the log (offset/limit on the workout
date), so a history of thousands of workouts stays quick to open and to scroll. Editing and
deleting reuse `services.workouts`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.records import LoggedSet, Workout
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import (
    exercises_by_id,
    live_sets,
    set_record,
    workout_record,
)
from halterofit_tui.store.tables import ExerciseSetRow, WorkoutRow

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def week_start(day: date) -> date:
    """The Monday of `day`'s week (ISO weeks)."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekTotals:
    """A week of the (possibly filtered) history: how many sessions and their total volume."""

    start: date
    sessions: int
    volume_kg: float


@dataclass(frozen=True)
class HistoryEntry:
    """One workout of the list; with an exercise filter, that exercise's best set in it."""

    workout: Workout
    top_set: LoggedSet | None = None


@dataclass(frozen=True)
class HistoryPage:
    entries: tuple[HistoryEntry, ...]
    weeks: dict[date, WeekTotals]  # every week the entries touch, counted over the whole week
    offset: int
    has_more: bool


def _filtered(query, exercise_id: str | None):  # type: ignore[no-untyped-def]
    query = query.where(WorkoutRow.deleted == False)  # noqa: E712
    if exercise_id is None:
        return query
    having = select(ExerciseSetRow.workout_id).where(
        ExerciseSetRow.exercise_id == exercise_id,
        ExerciseSetRow.deleted == False,  # noqa: E712
    )
    return query.where(col(WorkoutRow.id).in_(having))


def _week_totals(
    session: Session, first: date, last: date, exercise_id: str | None
) -> dict[date, WeekTotals]:
    """Totals of every week from `first`'s to `last`'s, whole weeks even across page breaks."""
    start, end = week_start(first), week_start(last) + timedelta(days=6)
    query = select(col(WorkoutRow.date), col(WorkoutRow.total_volume_kg)).where(
        col(WorkoutRow.date) >= start, col(WorkoutRow.date) <= end
    )
    sessions: dict[date, int] = {}
    volumes: dict[date, list[float]] = {}
    for day, volume in session.exec(_filtered(query, exercise_id)).all():
        monday = week_start(day)
        sessions[monday] = sessions.get(monday, 0) + 1
        volumes.setdefault(monday, []).append(volume or 0.0)
    return {
        monday: WeekTotals(monday, count, round(math.fsum(volumes[monday]), 3))
        for monday, count in sessions.items()
    }


def _top_set(sets: list[LoggedSet]) -> LoggedSet | None:
    """The set a lifter would quote: best e1RM, then heaviest, then most reps; warm-ups last."""
    if not sets:
        return None
    return max(
        sets,
        key=lambda s: (s.set_type != "warmup", s.estimated_1rm or 0.0, s.weight_kg, s.reps),
    )


def _top_sets(
    session: Session, workout_ids: list[str], exercise_id: str
) -> dict[str, LoggedSet | None]:
    sets = [s for s in live_sets(session, workout_ids) if s.exercise_id == exercise_id]
    exercise = exercises_by_id(session, [exercise_id]).get(exercise_id)
    name = exercise.name if exercise else "?"
    by_workout: dict[str, list[LoggedSet]] = {}
    for row in sets:
        by_workout.setdefault(row.workout_id, []).append(set_record(row, name))
    return {workout_id: _top_set(by_workout.get(workout_id, [])) for workout_id in workout_ids}


def history_page(
    db: Database,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    exercise_id: str | None = None,
) -> HistoryPage:
    """Workouts newest first from `offset`, with the totals of the weeks they fall in.

    With `exercise_id`, only workouts that have a live set of that exercise, each with its
    top set of that exercise.
    """
    if offset < 0:
        raise InvalidInput("offset must not be negative")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(f"a page holds 1 to {MAX_PAGE_SIZE} workouts")
    with db.session() as session:
        query = _filtered(select(WorkoutRow), exercise_id).order_by(
            col(WorkoutRow.date).desc(),
            col(WorkoutRow.started_at).desc(),
            col(WorkoutRow.id).desc(),
        )
        rows = list(session.exec(query.offset(offset).limit(limit + 1)).all())
        has_more = len(rows) > limit
        rows = rows[:limit]
        if not rows:
            return HistoryPage((), {}, offset, False)
        weeks = _week_totals(session, rows[-1].date, rows[0].date, exercise_id)
        tops = _top_sets(session, [r.id for r in rows], exercise_id) if exercise_id else {}
        entries = tuple(HistoryEntry(workout_record(r), tops.get(r.id)) for r in rows)
        return HistoryPage(entries, weeks, offset, has_more)
