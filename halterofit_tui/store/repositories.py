"""Queries over the local store, returning domain records. Tombstoned rows are never returned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.records import (
    Exercise,
    LoggedSet,
    Profile,
    Workout,
    WorkoutDetail,
    WorkoutExercise,
)
from halterofit_tui.store.tables import (
    ExerciseRow,
    ExerciseSetRow,
    PlateauRow,
    ProfileRow,
    WorkoutExerciseRow,
    WorkoutRow,
)

MIN_ID_PREFIX = 4
RowT = TypeVar("RowT", WorkoutRow, ExerciseSetRow, PlateauRow)


def exercise_record(row: ExerciseRow) -> Exercise:
    return Exercise(
        id=row.id,
        slug=row.slug,
        name=row.name,
        aliases=tuple(row.aliases),
        category=row.category,
        subcategory=row.subcategory,
        equipment=tuple(row.equipment),
        primary_muscles=tuple(row.primary_muscles),
        secondary_muscles=tuple(row.secondary_muscles),
        movement_pattern=row.movement_pattern,
        plane_of_motion=row.plane_of_motion,
        difficulty=row.difficulty,
        beginner_friendly=row.beginner_friendly,
        progression_type=row.progression_type,
        description=row.description,
        instructions=tuple(row.instructions),
        tips=tuple(row.tips),
        common_mistakes=tuple(row.common_mistakes),
        is_custom=row.is_custom,
        is_favourite=row.is_favourite,
        rest_seconds=row.rest_seconds,
    )


def workout_record(row: WorkoutRow) -> Workout:
    return Workout(
        id=row.id,
        name=row.name,
        notes=row.notes,
        date=row.date,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=row.status,
        sleep_quality=row.sleep_quality,
        sleep_hours=row.sleep_hours,
        stress=row.stress,
        motivation=row.motivation,
        energy=row.energy,
        soreness=row.soreness,
        readiness_score=row.readiness_score,
        total_volume_kg=row.total_volume_kg,
        total_sets=row.total_sets,
        total_reps=row.total_reps,
        avg_rpe=row.avg_rpe,
        max_rpe=row.max_rpe,
        duration_s=row.duration_s,
        muscle_groups=tuple(row.muscle_groups),
        intensity=row.intensity,
    )


def set_record(row: ExerciseSetRow, exercise_name: str) -> LoggedSet:
    return LoggedSet(
        id=row.id,
        workout_id=row.workout_id,
        exercise_id=row.exercise_id,
        exercise_name=exercise_name,
        exercise_order=row.exercise_order,
        set_number=row.set_number,
        set_type=row.set_type,
        weight_kg=row.weight_kg,
        entered_unit=row.entered_unit,
        is_bodyweight=row.is_bodyweight,
        reps=row.reps,
        rpe=row.rpe,
        tempo=row.tempo,
        rest_seconds=row.rest_seconds,
        time_under_tension_s=row.time_under_tension_s,
        notes=row.notes,
        technique_rating=row.technique_rating,
        volume_load=row.volume_load,
        estimated_1rm=row.estimated_1rm,
        relative_intensity=row.relative_intensity,
        logged_at=row.logged_at,
    )


def profile_record(row: ProfileRow) -> Profile:
    return Profile(
        first_name=row.first_name,
        last_name=row.last_name,
        display_name=row.display_name,
        age=row.age,
        sex=row.sex,
        bodyweight_kg=row.bodyweight_kg,
        height_cm=row.height_cm,
        body_fat_pct=row.body_fat_pct,
        experience_level=row.experience_level,
        years_training=row.years_training,
        goals=tuple(row.goals),
        unit=row.unit,
        theme=row.theme,
        timezone=row.timezone,
        rest_compound_s=row.rest_compound_s,
        rest_isolation_s=row.rest_isolation_s,
        e1rm_formula=row.e1rm_formula,
        bar_weight_kg=row.bar_weight_kg,
        plate_inventory={float(k): v for k, v in row.plate_inventory.items()},
    )


def profile_row(session: Session) -> ProfileRow | None:
    return session.exec(select(ProfileRow).where(ProfileRow.deleted == False)).first()  # noqa: E712


def exercise_names(session: Session) -> list[tuple[str, str, list[str]]]:
    """(id, name, aliases) of every live exercise: the small table name matching works on."""
    rows = session.exec(
        select(ExerciseRow.id, ExerciseRow.name, ExerciseRow.aliases).where(
            ExerciseRow.deleted == False  # noqa: E712
        )
    ).all()
    return [(row[0], row[1], list(row[2])) for row in rows]


def exercises_by_id(session: Session, ids: Iterable[str]) -> dict[str, ExerciseRow]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = session.exec(select(ExerciseRow).where(col(ExerciseRow.id).in_(wanted))).all()
    return {row.id: row for row in rows}


def primary_muscles(session: Session, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Primary muscles by exercise id (two columns, not whole rows: asked on every logged set)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = session.exec(
        select(ExerciseRow.id, ExerciseRow.primary_muscles).where(col(ExerciseRow.id).in_(wanted))
    ).all()
    return {row[0]: tuple(row[1]) for row in rows}


def all_exercises(session: Session) -> list[ExerciseRow]:
    return list(
        session.exec(
            select(ExerciseRow)
            .where(ExerciseRow.deleted == False)  # noqa: E712
            .order_by(func.lower(ExerciseRow.name))
        ).all()
    )


def active_workout_row(session: Session) -> WorkoutRow | None:
    return session.exec(
        select(WorkoutRow)
        .where(WorkoutRow.status == "in_progress", WorkoutRow.deleted == False)  # noqa: E712
        .order_by(col(WorkoutRow.started_at).desc())
    ).first()


def live_sets(session: Session, workout_ids: Sequence[str]) -> list[ExerciseSetRow]:
    if not workout_ids:
        return []
    return list(
        session.exec(
            select(ExerciseSetRow)
            .where(
                col(ExerciseSetRow.workout_id).in_(list(workout_ids)),
                ExerciseSetRow.deleted == False,  # noqa: E712
            )
            .order_by(
                col(ExerciseSetRow.workout_id),
                col(ExerciseSetRow.exercise_order),
                col(ExerciseSetRow.set_number),
            )
        ).all()
    )


def workout_exercise_rows(session: Session, workout_ids: Sequence[str]) -> list[WorkoutExerciseRow]:
    if not workout_ids:
        return []
    return list(
        session.exec(
            select(WorkoutExerciseRow)
            .where(
                col(WorkoutExerciseRow.workout_id).in_(list(workout_ids)),
                WorkoutExerciseRow.deleted == False,  # noqa: E712
            )
            .order_by(col(WorkoutExerciseRow.workout_id), col(WorkoutExerciseRow.position))
        ).all()
    )


def workout_details(session: Session, workouts: Sequence[WorkoutRow]) -> list[WorkoutDetail]:
    ids = [w.id for w in workouts]
    sets = live_sets(session, ids)
    slots = workout_exercise_rows(session, ids)
    wanted = {s.exercise_id for s in sets} | {s.exercise_id for s in slots}
    names = {row.id: row.name for row in exercises_by_id(session, wanted).values()}
    by_workout: dict[str, list[LoggedSet]] = {w.id: [] for w in workouts}
    for row in sets:
        by_workout[row.workout_id].append(set_record(row, names.get(row.exercise_id, "?")))
    order: dict[str, list[WorkoutExercise]] = {w.id: [] for w in workouts}
    for slot in slots:
        name = names.get(slot.exercise_id, "?")
        order[slot.workout_id].append(
            WorkoutExercise(slot.id, slot.exercise_id, name, slot.position)
        )
    return [
        WorkoutDetail(workout_record(w), tuple(by_workout[w.id]), tuple(order[w.id]))
        for w in workouts
    ]


def counts_for_records() -> ColumnElement[bool]:
    """Sets that count for records and e1RM references: all but implausible sets the lifter
    has not confirmed yet."""
    return or_(col(ExerciseSetRow.anomaly).is_(None), col(ExerciseSetRow.anomaly_confirmed))


def best_e1rm_before(session: Session, exercise_id: str, before: datetime) -> float | None:
    """The best e1RM of an exercise from sets logged before `before` (the relative base).

    Walks the (exercise, e1RM) index from the top, so it stops at the first qualifying set.
    Deleting a workout tombstones its sets, so no join with workouts is needed.
    """
    value = session.exec(
        select(ExerciseSetRow.estimated_1rm)
        .where(
            ExerciseSetRow.exercise_id == exercise_id,
            col(ExerciseSetRow.estimated_1rm).is_not(None),
            ExerciseSetRow.deleted == False,  # noqa: E712
            ExerciseSetRow.set_type != "warmup",
            col(ExerciseSetRow.logged_at) < before,
            counts_for_records(),
        )
        .order_by(col(ExerciseSetRow.estimated_1rm).desc())
        .limit(1)
    ).first()
    return float(value) if value is not None else None


def find_by_prefix(session: Session, table: type[RowT], prefix: str) -> list[RowT]:
    prefix = prefix.strip().lower()
    if len(prefix) < MIN_ID_PREFIX:
        raise InvalidInput(f"id '{prefix}' is too short: give at least {MIN_ID_PREFIX} characters")
    return list(
        session.exec(
            select(table)
            .where(
                col(table.id).startswith(prefix),
                table.deleted == False,  # noqa: E712
            )
            .limit(3)
        ).all()
    )


def one_by_prefix(session: Session, table: type[RowT], prefix: str, what: str) -> RowT:
    rows = find_by_prefix(session, table, prefix)
    if not rows:
        raise NotFound(f"no {what} with id {prefix}")
    if len(rows) > 1:
        raise InvalidInput(f"id {prefix} matches several {what}s; give more characters")
    return rows[0]
