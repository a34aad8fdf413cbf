"""Writing many finished workouts at once: the demo generator and the importers.

Rows go in with bulk INSERTs (thousands of sets per second on a Raspberry Pi), yet every
derived value — e1RM, relative intensity, workout roll-ups, readiness score — comes from the same
domain functions as a set logged by hand, so analytics cannot tell the two apart. The caller owns
the session: one call is one transaction.
"""

from __future__ import annotations

import time
import uuid
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import accumulate
from typing import Any

from sqlmodel import Session, col, select

from halterofit_tui.domain.hlc import Hlc, tick
from halterofit_tui.domain.metrics import SetFacts, workout_totals
from halterofit_tui.domain.readiness import Readiness, readiness_score
from halterofit_tui.domain.strength import E1rmFormula, estimate_1rm, relative_intensity
from halterofit_tui.services.analytics import refresh_performance_metrics
from halterofit_tui.store.bulk import insert_many
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import (
    ExerciseRow,
    ExerciseSetRow,
    WorkoutExerciseRow,
    WorkoutRow,
)

_SLOT_NAMESPACE = uuid.UUID("5b0f3c52-2b0e-4f4e-9a43-6c8e51a1d7a0")


@dataclass(frozen=True, slots=True)
class NewSet:
    id: str
    exercise_id: str
    set_type: str
    weight_kg: float  # added load for bodyweight sets
    entered_unit: str
    is_bodyweight: bool
    reps: int
    rpe: float | None
    logged_at: datetime  # timezone-aware
    notes: str = ""
    rest_seconds: int | None = None
    duration_s: int | None = None
    distance_m: float | None = None


@dataclass(frozen=True, slots=True)
class NewWorkout:
    """A finished workout; its sets in the order they were done."""

    id: str
    name: str
    notes: str
    day: date
    started_at: datetime | None
    ended_at: datetime | None
    sets: tuple[NewSet, ...]
    readiness: Readiness = field(default_factory=Readiness)
    exercise_notes: tuple[tuple[str, str], ...] = ()  # (exercise id, note)


def slot_id(workout_id: str, exercise_id: str) -> str:
    """The exercise's place in a workout has one id on every device that writes it."""
    return str(uuid.uuid5(_SLOT_NAMESPACE, f"{workout_id}/{exercise_id}"))


class _References:
    """Best e1RM of each exercise before a moment, over stored and incoming sets alike."""

    def __init__(self, points: dict[str, list[tuple[datetime, float]]]) -> None:
        self._times: dict[str, list[datetime]] = {}
        self._best: dict[str, list[float]] = {}
        for exercise, series in points.items():
            series.sort()
            self._times[exercise] = [moment for moment, _ in series]
            self._best[exercise] = list(accumulate((value for _, value in series), max))

    def before(self, exercise_id: str, moment: datetime) -> float | None:
        times = self._times.get(exercise_id)
        if not times:
            return None
        index = bisect_left(times, moment)
        return self._best[exercise_id][index - 1] if index else None


def _stored_e1rms(
    session: Session, exercise_ids: set[str]
) -> dict[str, list[tuple[datetime, float]]]:
    points: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    if not exercise_ids:
        return points
    rows = session.exec(
        select(
            ExerciseSetRow.exercise_id, ExerciseSetRow.logged_at, ExerciseSetRow.estimated_1rm
        ).where(
            col(ExerciseSetRow.exercise_id).in_(exercise_ids),
            col(ExerciseSetRow.estimated_1rm).is_not(None),
            ExerciseSetRow.deleted == False,  # noqa: E712
            ExerciseSetRow.set_type != "warmup",
        )
    ).all()
    for exercise, logged_at, e1rm in rows:
        if e1rm is not None:
            points[exercise].append((logged_at.replace(tzinfo=UTC), e1rm))
    return points


def write_workouts(
    db: Database,
    session: Session,
    workouts: Sequence[NewWorkout],
    *,
    formula: E1rmFormula,
    day_start: Callable[[date], datetime],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert `workouts` (none may exist yet) with derived values; returns the sets written.

    Relative intensity compares a set with the best e1RM known before its workout's day, from
    the sets already stored and the incoming ones alike, whatever order they arrive in.
    """
    exercise_ids = {s.exercise_id for w in workouts for s in w.sets}
    exercise_rows = session.exec(
        select(ExerciseRow.id, ExerciseRow.primary_muscles).where(
            col(ExerciseRow.id).in_(exercise_ids)
        )
    ).all()
    muscles = {ex_id: tuple(primary) for ex_id, primary in exercise_rows}
    e1rms = {
        s.id: None if s.is_bodyweight else estimate_1rm(s.weight_kg, s.reps, formula, s.rpe)
        for w in workouts
        for s in w.sets
    }
    points = _stored_e1rms(session, exercise_ids)
    for s in (s for w in workouts for s in w.sets):
        e1rm = e1rms[s.id]
        if e1rm is not None and s.set_type != "warmup":
            points[s.exercise_id].append((s.logged_at.astimezone(UTC), e1rm))
    references = _References(points)
    sync = sync_columns(db, session)

    workout_rows: list[dict[str, Any]] = []
    slot_rows: list[dict[str, Any]] = []
    set_rows: list[dict[str, Any]] = []
    for index, workout in enumerate(workouts, start=1):
        start_of_day = day_start(workout.day)
        positions: dict[str, int] = {}
        numbers: dict[str, int] = defaultdict(int)
        facts: list[SetFacts] = []
        for s in workout.sets:
            position = positions.setdefault(s.exercise_id, len(positions) + 1)
            numbers[s.exercise_id] += 1
            reference = references.before(s.exercise_id, start_of_day)
            intensity = None if s.is_bodyweight else relative_intensity(s.weight_kg, reference)
            facts.append(
                SetFacts(s.weight_kg, s.reps, s.rpe, s.set_type, muscles[s.exercise_id], intensity)
            )
            set_rows.append(
                {
                    **sync,
                    "id": s.id,
                    "workout_id": workout.id,
                    "exercise_id": s.exercise_id,
                    "exercise_order": position,
                    "set_number": numbers[s.exercise_id],
                    "set_type": s.set_type,
                    "weight_kg": s.weight_kg,
                    "entered_unit": s.entered_unit,
                    "is_bodyweight": s.is_bodyweight,
                    "reps": s.reps,
                    "rpe": s.rpe,
                    "rest_seconds": s.rest_seconds,
                    "duration_s": s.duration_s,
                    "distance_m": s.distance_m,
                    "notes": s.notes,
                    "volume_load": round(s.weight_kg * s.reps, 6),
                    "estimated_1rm": e1rms[s.id],
                    "relative_intensity": intensity,
                    "logged_at": s.logged_at.astimezone(UTC),
                }
            )
        notes = dict(workout.exercise_notes)
        slot_rows.extend(
            {
                **sync,
                "id": slot_id(workout.id, exercise),
                "workout_id": workout.id,
                "exercise_id": exercise,
                "position": position,
                "notes": notes.get(exercise, ""),
            }
            for exercise, position in positions.items()
        )
        workout_rows.append(_workout_row(workout, facts, sync))
        if progress is not None:
            progress(index)
    insert_many(session, WorkoutRow, workout_rows)
    insert_many(session, WorkoutExerciseRow, slot_rows)
    insert_many(session, ExerciseSetRow, set_rows)
    refresh_performance_metrics(session, {w.day for w in workouts})
    return len(set_rows)


def sync_columns(db: Database, session: Session) -> dict[str, Any]:
    """One clock stamp for the whole batch: it is one edit, made at one moment."""
    last = db.meta(session, "hlc")
    stamp = tick(Hlc.decode(last) if last else None, time.time_ns() // 1_000_000).encode()
    db.set_meta(session, "hlc", stamp)
    now = datetime.now(UTC)
    return {
        "created_at": now,
        "updated_at": now,
        "hlc": stamp,
        "device_id": db.device_id(session),
        "deleted": False,
        "dirty": True,
        "local_rev": 1,
    }


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None


def _workout_row(
    workout: NewWorkout, facts: Iterable[SetFacts], sync: dict[str, Any]
) -> dict[str, Any]:
    totals = workout_totals(facts, workout.started_at, workout.ended_at)
    answers = workout.readiness
    return {
        **sync,
        "id": workout.id,
        "name": workout.name,
        "notes": workout.notes,
        "date": workout.day,
        "started_at": _utc(workout.started_at),
        "ended_at": _utc(workout.ended_at),
        "status": "completed",
        "sleep_quality": answers.sleep_quality,
        "sleep_hours": answers.sleep_hours,
        "stress": answers.stress,
        "motivation": answers.motivation,
        "energy": answers.energy,
        "soreness": answers.soreness,
        "readiness_score": readiness_score(answers),
        "total_volume_kg": totals.total_volume_kg,
        "total_sets": totals.total_sets,
        "total_reps": totals.total_reps,
        "avg_rpe": totals.avg_rpe,
        "max_rpe": totals.max_rpe,
        "duration_s": totals.duration_s,
        "muscle_groups": list(totals.muscle_groups),
        "intensity": totals.intensity,
    }
