"""Fill an empty store with a generated multi-year history (`halterofit demo`).

Rows go in with bulk INSERTs in one transaction: 100,000 sets in seconds, all or nothing.
Derived values (e1RM, relative intensity, workout roll-ups) are computed by the same domain
functions as for sets logged by hand, so analytics and benchmarks see realistic data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import func, select

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.demo import MAX_DEMO_SETS, DemoWorkout, generate_history
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.hlc import Hlc, tick
from halterofit_tui.domain.metrics import SetFacts, workout_totals
from halterofit_tui.domain.strength import estimate_1rm, parse_formula, relative_intensity
from halterofit_tui.services.profile import get_profile, local_timezone
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import exercises_by_id
from halterofit_tui.store.tables import (
    BodyMetricRow,
    ExerciseSetRow,
    WorkoutExerciseRow,
    WorkoutRow,
    new_id,
)


@dataclass(frozen=True)
class DemoReport:
    workouts: int
    sets: int
    first_day: date | None
    last_day: date | None
    plateaus: int


def fill_demo(
    db: Database,
    target_sets: int,
    *,
    seed: int = 42,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    if not 1 <= target_sets <= MAX_DEMO_SETS:
        raise InvalidInput(f"--sets must be between 1 and {MAX_DEMO_SETS:,}")
    with db.session() as session:
        existing = session.exec(
            select(func.count()).select_from(WorkoutRow).where(WorkoutRow.deleted == False)  # noqa: E712
        ).one()
    if existing:
        raise InvalidInput(
            f"{db.paths.data_dir} already holds {existing} workouts; demo data only goes into an "
            "empty home, e.g. HALTEROFIT_HOME=/tmp/halterofit-demo halterofit demo"
        )
    profile = get_profile(db)
    zone = local_timezone(profile)
    formula = parse_formula(profile.e1rm_formula)
    history = generate_history(target_sets, seed=seed)

    with db.session() as session:
        slugs = {s.exercise_slug for w in history.workouts for s in w.sets}
        known = exercises_by_id(session, {exercise_id(slug) for slug in slugs})
        missing = sorted(slug for slug in slugs if exercise_id(slug) not in known)
        if missing:
            raise InvalidInput(f"the exercise library lacks demo exercises: {', '.join(missing)}")
        muscles = {ex_id: tuple(row.primary_muscles) for ex_id, row in known.items()}
        # Pull-ups, dips and the like: the generated weight is the load added to bodyweight.
        bodyweight_ids = {
            ex_id
            for ex_id, row in known.items()
            if "bodyweight" in row.equipment and row.progression_type == "reps"
        }
        device = db.device_id(session)
        last = db.meta(session, "hlc")
        stamp = tick(Hlc.decode(last) if last else None, time.time_ns() // 1_000_000).encode()
        db.set_meta(session, "hlc", stamp)
        now = datetime.now(UTC)
        sync = {
            "created_at": now,
            "updated_at": now,
            "hlc": stamp,
            "device_id": device,
            "deleted": False,
            "dirty": True,
            "local_rev": 1,
        }

        best_before: dict[str, float] = {}
        best_today: dict[str, float] = {}
        current_day: date | None = None
        workout_rows: list[dict[str, Any]] = []
        slot_rows: list[dict[str, Any]] = []
        set_rows: list[dict[str, Any]] = []
        for index, workout in enumerate(history.workouts):
            day = workout.started_at.astimezone(zone).date()
            if day != current_day:
                # Relative intensity compares with the best e1RM known before that day.
                for key, value in best_today.items():
                    best_before[key] = max(best_before.get(key, 0.0), value)
                best_today.clear()
                current_day = day
            workout_id = new_id()
            facts: list[SetFacts] = []
            set_span = (workout.ended_at - workout.started_at) / max(len(workout.sets), 1)
            for position, s in enumerate(workout.sets):
                ex_id = exercise_id(s.exercise_slug)
                if s.set_number == 1:
                    slot_rows.append(
                        {
                            **sync,
                            "id": new_id(),
                            "workout_id": workout_id,
                            "exercise_id": ex_id,
                            "position": s.exercise_order,
                            "notes": "",
                        }
                    )
                bodyweight = ex_id in bodyweight_ids
                e1rm = None if bodyweight else estimate_1rm(s.weight_kg, s.reps, formula, s.rpe)
                intensity = (
                    None if bodyweight else relative_intensity(s.weight_kg, best_before.get(ex_id))
                )
                if e1rm is not None and s.set_type != "warmup":
                    best_today[ex_id] = max(best_today.get(ex_id, 0.0), e1rm)
                facts.append(
                    SetFacts(s.weight_kg, s.reps, s.rpe, s.set_type, muscles[ex_id], intensity)
                )
                set_rows.append(
                    {
                        **sync,
                        "id": new_id(),
                        "workout_id": workout_id,
                        "exercise_id": ex_id,
                        "exercise_order": s.exercise_order,
                        "set_number": s.set_number,
                        "set_type": s.set_type,
                        "weight_kg": s.weight_kg,
                        "entered_unit": "kg",
                        "is_bodyweight": bodyweight,
                        "reps": s.reps,
                        "rpe": s.rpe,
                        "notes": "",
                        "volume_load": round(s.weight_kg * s.reps, 6),
                        "estimated_1rm": e1rm,
                        "relative_intensity": intensity,
                        "logged_at": _utc(workout.started_at + set_span * position),
                    }
                )
            workout_rows.append(_workout_row(workout, workout_id, day, facts, sync))
            if progress is not None:
                progress(index + 1, len(history.workouts))
        connection = session.connection()
        connection.execute(insert(WorkoutRow), workout_rows)
        connection.execute(insert(WorkoutExerciseRow), slot_rows)
        connection.execute(insert(ExerciseSetRow), set_rows)
        if history.bodyweights:
            connection.execute(
                insert(BodyMetricRow),
                [
                    {
                        **sync,
                        "id": new_id(),
                        "measured_on": day,
                        "bodyweight_kg": kg,
                        "measurements": {},
                        "notes": "",
                    }
                    for day, kg in history.bodyweights
                ],
            )
    days = [w["date"] for w in workout_rows]
    return DemoReport(
        workouts=len(workout_rows),
        sets=len(set_rows),
        first_day=min(days, default=None),
        last_day=max(days, default=None),
        plateaus=len(history.plateaus),
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _workout_row(
    workout: DemoWorkout,
    workout_id: str,
    day: date,
    facts: list[SetFacts],
    sync: dict[str, Any],
) -> dict[str, Any]:
    totals = workout_totals(facts, workout.started_at, workout.ended_at)
    return {
        **sync,
        "id": workout_id,
        "name": workout.name,
        "notes": workout.notes,
        "date": day,
        "started_at": _utc(workout.started_at),
        "ended_at": _utc(workout.ended_at),
        "status": "completed",
        "sleep_quality": workout.sleep_quality,
        "sleep_hours": workout.sleep_hours,
        "stress": workout.stress,
        "motivation": workout.motivation,
        "energy": workout.energy,
        "soreness": workout.soreness,
        "total_volume_kg": totals.total_volume_kg,
        "total_sets": totals.total_sets,
        "total_reps": totals.total_reps,
        "avg_rpe": totals.avg_rpe,
        "max_rpe": totals.max_rpe,
        "duration_s": totals.duration_s,
        "muscle_groups": list(totals.muscle_groups),
        "intensity": totals.intensity,
    }
