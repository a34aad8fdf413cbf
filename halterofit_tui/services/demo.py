"""Fill an empty store with a generated multi-year history (`halterofit demo`).

Rows go in with bulk INSERTs in one transaction: 100,000 sets in seconds, all or nothing.
Derived values (e1RM, relative intensity, workout roll-ups) are computed by the same domain
functions as for sets logged by hand, so analytics and benchmarks see realistic data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo

from sqlalchemy import insert
from sqlmodel import func, select

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.demo import MAX_DEMO_SETS, DemoWorkout, generate_history
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.domain.strength import parse_formula
from halterofit_tui.services.bulk_history import NewSet, NewWorkout, sync_columns, write_workouts
from halterofit_tui.services.profile import day_start, get_profile, local_timezone
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import exercises_by_id
from halterofit_tui.store.tables import BodyMetricRow, WorkoutRow, new_id


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
        # Pull-ups, dips and the like: the generated weight is the load added to bodyweight.
        bodyweight_ids = {
            ex_id
            for ex_id, row in known.items()
            if "bodyweight" in row.equipment and row.progression_type == "reps"
        }
        workouts = [_new_workout(w, zone, bodyweight_ids) for w in history.workouts]
        sets = write_workouts(
            db,
            session,
            workouts,
            formula=formula,
            day_start=lambda day: day_start(profile, day),
            progress=(lambda done: progress(done, len(workouts))) if progress else None,
        )
        if history.bodyweights:
            session.connection().execute(
                insert(BodyMetricRow),
                [
                    {
                        **sync_columns(db, session),
                        "id": new_id(),
                        "measured_on": day,
                        "bodyweight_kg": kg,
                        "measurements": {},
                        "notes": "",
                    }
                    for day, kg in history.bodyweights
                ],
            )
    days = [w.day for w in workouts]
    return DemoReport(
        workouts=len(workouts),
        sets=sets,
        first_day=min(days, default=None),
        last_day=max(days, default=None),
        plateaus=len(history.plateaus),
    )


def _new_workout(workout: DemoWorkout, zone: tzinfo, bodyweight_ids: set[str]) -> NewWorkout:
    set_span = (workout.ended_at - workout.started_at) / max(len(workout.sets), 1)
    return NewWorkout(
        id=new_id(),
        name=workout.name,
        notes=workout.notes,
        day=workout.started_at.astimezone(zone).date(),
        started_at=workout.started_at,
        ended_at=workout.ended_at,
        readiness=Readiness(
            sleep_quality=workout.sleep_quality,
            sleep_hours=workout.sleep_hours,
            stress=workout.stress,
            motivation=workout.motivation,
            energy=workout.energy,
            soreness=workout.soreness,
        ),
        sets=tuple(
            NewSet(
                id=new_id(),
                exercise_id=exercise_id(s.exercise_slug),
                set_type=s.set_type,
                weight_kg=s.weight_kg,
                entered_unit="kg",
                is_bodyweight=exercise_id(s.exercise_slug) in bodyweight_ids,
                reps=s.reps,
                rpe=s.rpe,
                logged_at=workout.started_at + set_span * position,
            )
            for position, s in enumerate(workout.sets)
        ),
    )
