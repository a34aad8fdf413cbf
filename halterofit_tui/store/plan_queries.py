"""Queries for workout plans, templates and programme enrollments. Tombstones are never returned.

Rows stay in the store layer's callers (services/plans.py, templates.py, programs.py), which
turn them into plain dataclasses; the JSON columns are read there, with their own checks.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.store.repositories import MIN_ID_PREFIX, counts_for_records
from halterofit_tui.store.tables import (
    ExerciseRow,
    ExerciseSetRow,
    ProgramEnrollmentRow,
    TemplateRow,
    WorkoutRow,
)

ACTIVE: str = "active"


def template_rows(session: Session) -> list[TemplateRow]:
    """Live templates by name (case-insensitive), then id."""
    return list(
        session.exec(
            select(TemplateRow)
            .where(TemplateRow.deleted == False)  # noqa: E712
            .order_by(func.lower(TemplateRow.name), col(TemplateRow.id))
        ).all()
    )


def template_named(
    session: Session, name: str, *, other_than: str | None = None
) -> TemplateRow | None:
    """The live template with this name, compared case-insensitively."""
    wanted = " ".join(name.split()).casefold()
    for row in template_rows(session):
        if row.name.casefold() == wanted and row.id != other_than:
            return row
    return None


def find_template(session: Session, name_or_id: str) -> TemplateRow:
    """A live template by name (any case) or by id or id prefix (4+ characters)."""
    by_name = template_named(session, name_or_id)
    if by_name is not None:
        return by_name
    prefix = name_or_id.strip().lower()
    rows = template_rows(session)
    if len(prefix) >= MIN_ID_PREFIX:
        matches = [row for row in rows if row.id.startswith(prefix)]
        if len(matches) > 1:
            raise InvalidInput(f"id {prefix} matches several templates; give more characters")
        if matches:
            return matches[0]
    names = [row.name for row in rows]
    folded = {name.casefold(): name for name in names}
    close = [
        folded[match]
        for match in difflib.get_close_matches(
            name_or_id.strip().casefold(), folded, n=3, cutoff=0.5
        )
    ]
    if close:
        hint = f"; did you mean {', '.join(repr(n) for n in close)}?"
    elif names:
        hint = f"; templates: {', '.join(names)}"
    else:
        hint = "; save one with `halterofit template save` or `template create`"
    raise NotFound(f"no template '{name_or_id.strip()}'{hint}")


def active_enrollment_row(session: Session) -> ProgramEnrollmentRow | None:
    return session.exec(
        select(ProgramEnrollmentRow)
        .where(
            ProgramEnrollmentRow.status == ACTIVE,
            ProgramEnrollmentRow.deleted == False,  # noqa: E712
        )
        .order_by(col(ProgramEnrollmentRow.started_on).desc(), col(ProgramEnrollmentRow.id))
    ).first()


def enrollment_rows(session: Session) -> list[ProgramEnrollmentRow]:
    """Every live enrollment, the most recently started first."""
    return list(
        session.exec(
            select(ProgramEnrollmentRow)
            .where(ProgramEnrollmentRow.deleted == False)  # noqa: E712
            .order_by(
                col(ProgramEnrollmentRow.started_on).desc(),
                col(ProgramEnrollmentRow.created_at).desc(),
            )
        ).all()
    )


def enrollment_workouts(session: Session, enrollment_id: str) -> list[WorkoutRow]:
    """The finished, live workouts done for an enrollment, oldest first."""
    return list(
        session.exec(
            select(WorkoutRow)
            .where(
                WorkoutRow.enrollment_id == enrollment_id,
                WorkoutRow.status == "completed",
                WorkoutRow.deleted == False,  # noqa: E712
            )
            .order_by(col(WorkoutRow.date), col(WorkoutRow.started_at))
        ).all()
    )


def exercise_slugs(session: Session) -> dict[str, str]:
    """Slug -> id for every live exercise that has a slug (the names programmes use)."""
    rows = session.exec(
        select(ExerciseRow.slug, ExerciseRow.id).where(
            col(ExerciseRow.slug).is_not(None),
            ExerciseRow.deleted == False,  # noqa: E712
        )
    ).all()
    return {slug: exercise_id for slug, exercise_id in rows if slug}


def exercise_rows(session: Session, ids: Iterable[str]) -> dict[str, ExerciseRow]:
    """Exercises by id, tombstones included (a plan may name one deleted since)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = session.exec(select(ExerciseRow).where(col(ExerciseRow.id).in_(wanted))).all()
    return {row.id: row for row in rows}


def _counted_sets(exercise_id: str) -> tuple[Any, ...]:
    """Work sets that count (no warm-ups, no unconfirmed typos) of live workouts."""
    return (
        ExerciseSetRow.exercise_id == exercise_id,
        ExerciseSetRow.deleted == False,  # noqa: E712
        ExerciseSetRow.set_type != "warmup",
        WorkoutRow.deleted == False,  # noqa: E712
        counts_for_records(),
    )


def last_session_sets(
    session: Session, exercise_id: str, *, excluding: str | None = None
) -> list[ExerciseSetRow]:
    """The counted work sets of the most recent workout with this exercise (not `excluding`),
    in set order; empty when it was never done."""
    query = (
        select(ExerciseSetRow.workout_id)
        .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
        .where(*_counted_sets(exercise_id))
        .order_by(col(ExerciseSetRow.logged_at).desc())
        .limit(1)
    )
    if excluding is not None:
        query = query.where(ExerciseSetRow.workout_id != excluding)
    workout_id = session.exec(query).first()
    if workout_id is None:
        return []
    return list(
        session.exec(
            select(ExerciseSetRow)
            .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
            .where(*_counted_sets(exercise_id), ExerciseSetRow.workout_id == workout_id)
            .order_by(col(ExerciseSetRow.set_number))
        ).all()
    )


def latest_e1rm(
    session: Session, exercise_id: str, *, excluding: str | None = None
) -> float | None:
    """The best e1RM of the most recent workout that gave this exercise one."""
    query = (
        select(ExerciseSetRow.workout_id)
        .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
        .where(*_counted_sets(exercise_id), col(ExerciseSetRow.estimated_1rm).is_not(None))
        .order_by(col(ExerciseSetRow.logged_at).desc())
        .limit(1)
    )
    if excluding is not None:
        query = query.where(ExerciseSetRow.workout_id != excluding)
    workout_id = session.exec(query).first()
    if workout_id is None:
        return None
    best = session.exec(
        select(func.max(ExerciseSetRow.estimated_1rm))
        .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
        .where(*_counted_sets(exercise_id), ExerciseSetRow.workout_id == workout_id)
    ).one()
    return float(best) if best is not None else None


def last_finished_workout(session: Session) -> WorkoutRow | None:
    return session.exec(
        select(WorkoutRow)
        .where(WorkoutRow.status == "completed", WorkoutRow.deleted == False)  # noqa: E712
        .order_by(col(WorkoutRow.ended_at).desc(), col(WorkoutRow.started_at).desc())
    ).first()
