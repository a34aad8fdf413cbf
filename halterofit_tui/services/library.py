"""The exercise library: name resolution, search, filters and custom exercises.

Resolution is exact on a normalised name or alias and never guesses: logging a set against the
wrong exercise silently corrupts a lifter's history, so near misses get suggestions instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any, Required, TypedDict, Unpack

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from halterofit_tui.domain.catalogue import (
    CATEGORIES,
    EQUIPMENT,
    MOVEMENT_PATTERNS,
    MUSCLES,
    PLANES_OF_MOTION,
    PROGRESSION_TYPES,
    SUBCATEGORIES,
    normalise_name,
)
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.records import Exercise
from halterofit_tui.domain.strength import MAX_E1RM_REPS
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import (
    all_exercises,
    counts_for_records,
    exercise_names,
    exercise_record,
)
from halterofit_tui.store.tables import ExerciseRow, ExerciseSetRow, WorkoutRow

MAX_SUGGESTIONS = 5
EXERCISE_ID_SHAPE = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class _Names:
    """Every normalised name and alias, pointing at its exercise."""

    by_key: dict[str, str]
    display: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> _Names:
        by_key: dict[str, str] = {}
        display: dict[str, str] = {}
        for exercise_id, name, aliases in exercise_names(session):
            display[exercise_id] = name
            for label in (name, *aliases):
                by_key.setdefault(normalise_name(label), exercise_id)
        # A name always wins over another exercise's alias.
        for exercise_id, name, _ in exercise_names(session):
            by_key[normalise_name(name)] = exercise_id
        return cls(by_key, display)

    def suggestions(self, query: str) -> list[str]:
        key = normalise_name(query)
        close = difflib.get_close_matches(key, list(self.by_key), n=MAX_SUGGESTIONS * 3, cutoff=0.6)
        words = set(key.split())
        containing = [k for k in self.by_key if words and words <= set(k.split())]
        names: list[str] = []
        for candidate in [*close, *sorted(containing, key=len)]:
            name = self.display[self.by_key[candidate]]
            if name not in names:
                names.append(name)
        return names[:MAX_SUGGESTIONS]


def _looks_like_id(text: str) -> bool:
    return len(text) == 36 and text.count("-") == 4


def resolve_in(session: Session, query: str) -> ExerciseRow:
    """The exercise named `query` (case-insensitive, name or alias), or NotFound with hints."""
    if not query.strip():
        raise InvalidInput('give an exercise name, e.g. "bench press"')
    if _looks_like_id(query):
        # The app passes the exercise's id: no name matching needed.
        by_id = session.get(ExerciseRow, query)
        if by_id is not None and not by_id.deleted:
            return by_id
    names = _Names.load(session)
    exercise_id = names.by_key.get(normalise_name(query))
    if exercise_id is None:
        hints = names.suggestions(query)
        tip = f"; did you mean: {', '.join(hints)}?" if hints else ""
        raise NotFound(
            f"unknown exercise '{query}'{tip} (see `halterofit exercises search`, "
            "or add it with `halterofit exercises add`)"
        )
    row = session.get(ExerciseRow, exercise_id)
    assert row is not None
    return row


def get_exercise(db: Database, query: str) -> Exercise:
    with db.session() as session:
        return exercise_record(resolve_in(session, query))


def _check_filter(value: str | None, vocabulary: tuple[str, ...], what: str) -> str | None:
    if value is None:
        return None
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in vocabulary:
        raise InvalidInput(f"unknown {what} '{value}'; one of: {', '.join(vocabulary)}")
    return key


def list_exercises(
    db: Database,
    *,
    muscle: str | None = None,
    equipment: str | None = None,
    category: str | None = None,
    pattern: str | None = None,
    custom_only: bool = False,
    favourites_only: bool = False,
) -> list[Exercise]:
    """Exercises by name, filtered; a muscle filter matches primary or secondary muscles."""
    muscle = _check_filter(muscle, MUSCLES, "muscle")
    equipment = _check_filter(equipment, EQUIPMENT, "equipment")
    category = _check_filter(category, CATEGORIES, "category")
    pattern = _check_filter(pattern, MOVEMENT_PATTERNS, "movement pattern")
    with db.session() as session:
        exercises = [exercise_record(row) for row in all_exercises(session)]
    return [
        e
        for e in exercises
        if (muscle is None or muscle in e.primary_muscles or muscle in e.secondary_muscles)
        and (equipment is None or equipment in e.equipment)
        and (category is None or e.category == category)
        and (pattern is None or e.movement_pattern == pattern)
        and (not custom_only or e.is_custom)
        and (not favourites_only or e.is_favourite)
    ]


def search_score(exercise: Exercise, query: str) -> float:
    """How well `query` matches: 0 (no match) to 1 (exact). Shared by the CLI and the app."""
    key = normalise_name(query)
    if not key:
        return 0.0
    best = 0.0
    for label in (exercise.name, *exercise.aliases):
        candidate = normalise_name(label)
        if candidate == key:
            return 1.0
        # Whole words beat a piece of a longer word: "row" means Barbell Row, not Rowing.
        if candidate.startswith(key + " "):
            best = max(best, 0.95)
        elif set(key.split()) <= set(candidate.split()):
            best = max(best, 0.9)
        elif candidate.startswith(key):
            best = max(best, 0.8)
        elif key in candidate:
            best = max(best, 0.7)
        else:
            ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
            if ratio >= 0.6:
                best = max(best, ratio * 0.8)
    return best


def _ranked(exercises: list[Exercise], query: str) -> list[Exercise]:
    """Matches for `query`, best first; favourites then names break ties."""
    scored = [(search_score(e, query), e) for e in exercises]
    ranked = sorted(
        (pair for pair in scored if pair[0] > 0),
        key=lambda pair: (-pair[0], not pair[1].is_favourite, pair[1].name.lower()),
    )
    return [exercise for _, exercise in ranked]


def search_exercises(db: Database, query: str, limit: int = 20) -> list[Exercise]:
    return _ranked(list_exercises(db), query)[:limit]


def browse_exercises(
    db: Database,
    query: str = "",
    *,
    muscle: str | None = None,
    equipment: str | None = None,
    category: str | None = None,
    pattern: str | None = None,
) -> list[Exercise]:
    """What the library shows: filtered matches for `query` best first or, with no query,
    every filtered exercise with favourites first, then by name."""
    exercises = list_exercises(
        db, muscle=muscle, equipment=equipment, category=category, pattern=pattern
    )
    if normalise_name(query):
        return _ranked(exercises, query)
    return sorted(exercises, key=lambda e: (not e.is_favourite, e.name.lower()))


class CustomExerciseFields(TypedDict, total=False):
    """What a lifter may set on a custom exercise (see `_validated_fields` for defaults)."""

    primary_muscles: Required[list[str]]
    secondary_muscles: list[str] | None
    equipment: list[str] | None
    category: str
    subcategory: str
    movement_pattern: str
    plane_of_motion: str
    progression_type: str
    difficulty: int
    aliases: list[str] | None
    description: str


def _validated_fields(
    name: str,
    *,
    primary_muscles: list[str],
    secondary_muscles: list[str] | None = None,
    equipment: list[str] | None = None,
    category: str = "strength",
    subcategory: str = "compound",
    movement_pattern: str = "core",
    plane_of_motion: str = "sagittal",
    progression_type: str = "weight",
    difficulty: int = 3,
    aliases: list[str] | None = None,
    description: str = "",
) -> dict[str, Any]:
    """The column values of a custom exercise, or InvalidInput naming the first bad field."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise InvalidInput("an exercise name needs 1 to 100 characters")
    if not primary_muscles:
        raise InvalidInput(f"give at least one primary muscle: {', '.join(MUSCLES)}")
    primary = [_check_filter(m, MUSCLES, "muscle") or "" for m in primary_muscles]
    secondary = [_check_filter(m, MUSCLES, "muscle") or "" for m in secondary_muscles or []]
    gear = [_check_filter(e, EQUIPMENT, "equipment") or "" for e in equipment or ["bodyweight"]]
    if not 1 <= difficulty <= 5:
        raise InvalidInput("difficulty must be between 1 and 5")
    return {
        "name": name,
        "aliases": [a.strip() for a in aliases or [] if a.strip()],
        "category": _check_filter(category, CATEGORIES, "category") or category,
        "subcategory": _check_filter(subcategory, SUBCATEGORIES, "mechanic") or subcategory,
        "equipment": gear,
        "primary_muscles": primary,
        "secondary_muscles": [m for m in secondary if m not in primary],
        "movement_pattern": _check_filter(movement_pattern, MOVEMENT_PATTERNS, "movement pattern")
        or movement_pattern,
        "plane_of_motion": _check_filter(plane_of_motion, PLANES_OF_MOTION, "plane of motion")
        or plane_of_motion,
        "difficulty": difficulty,
        "beginner_friendly": difficulty <= 2,
        "progression_type": _check_filter(progression_type, PROGRESSION_TYPES, "progression type")
        or progression_type,
        "description": description.strip(),
    }


def _check_names_free(session: Session, labels: list[str], own_id: str | None = None) -> None:
    """InvalidInput if a name or alias already names (or aliases) another exercise."""
    taken: dict[str, str] = {}
    for exercise_id, name, aliases in exercise_names(session):
        if exercise_id != own_id:
            for label in (name, *aliases):
                taken.setdefault(normalise_name(label), name)
    for label in labels:
        other = taken.get(normalise_name(label))
        if other is not None:
            raise InvalidInput(f"'{label}' already names the exercise '{other}'")


def add_custom_exercise(
    db: Database, name: str, **fields: Unpack[CustomExerciseFields]
) -> Exercise:
    """Add a user's own exercise; its name and aliases must not already name another one."""
    row = ExerciseRow(**_validated_fields(name, **fields), is_custom=True)
    with db.session() as session:
        _check_names_free(session, [row.name, *row.aliases])
        db.stamp(session, row, created=True)
        return exercise_record(row)


def _live_exercise(session: Session, exercise_id: str) -> ExerciseRow:
    row = session.get(ExerciseRow, exercise_id)
    if row is None or row.deleted:
        raise NotFound(f"no exercise with id {exercise_id}")
    return row


def update_custom_exercise(
    db: Database, exercise_id: str, name: str, **fields: Unpack[CustomExerciseFields]
) -> Exercise:
    """Replace a custom exercise's fields (built-in exercises are read-only)."""
    values = _validated_fields(name, **fields)
    with db.session() as session:
        row = _live_exercise(session, exercise_id)
        if not row.is_custom:
            raise InvalidInput(f"'{row.name}' is a built-in exercise; only your own can be edited")
        _check_names_free(session, [values["name"], *values["aliases"]], own_id=row.id)
        for column, value in values.items():
            setattr(row, column, value)
        db.stamp(session, row)
        return exercise_record(row)


def set_favourite(db: Database, exercise_id: str, favourite: bool) -> Exercise:
    with db.session() as session:
        row = _live_exercise(session, exercise_id)
        if row.is_favourite != favourite:
            row.is_favourite = favourite
            db.stamp(session, row)
        return exercise_record(row)


def set_rest_override(db: Database, exercise_id: str, seconds: int | None) -> Exercise:
    """This exercise's own rest after a set, or None to use the compound/isolation default."""
    if seconds is not None and not 0 <= seconds <= 3600:
        raise InvalidInput("rest must be between 0 and 3600 seconds")
    with db.session() as session:
        row = _live_exercise(session, exercise_id)
        if row.rest_seconds != seconds:
            row.rest_seconds = seconds
            db.stamp(session, row)
        return exercise_record(row)


# --- the lifter's own numbers for one exercise ----------------------------------------------

MAX_RECENT_SESSIONS = 12


@dataclass(frozen=True)
class ExerciseSession:
    """One workout's sets of an exercise: its top set (heaviest, then most reps) and totals."""

    date: date
    weight_kg: float
    reps: int
    rpe: float | None
    bodyweight: bool  # weight_kg is then the load added to the body
    best_e1rm_kg: float | None
    sets: int


@dataclass(frozen=True)
class RepMax:
    """The heaviest load lifted for exactly `reps` reps, first reached on `date`."""

    reps: int
    weight_kg: float
    date: date


@dataclass(frozen=True)
class ExerciseStats:
    """A lifter's history of one exercise. Warm-ups and deleted sets never count."""

    exercise_id: str
    sessions: tuple[ExerciseSession, ...]  # newest first, at most MAX_RECENT_SESSIONS
    best_e1rm_kg: float | None
    best_e1rm_date: date | None
    rep_maxes: tuple[RepMax, ...]  # by reps, 1..MAX_E1RM_REPS, only those ever lifted
    total_sets: int


def _working_sets(exercise_id: str) -> tuple[Any, ...]:
    return (
        ExerciseSetRow.exercise_id == exercise_id,
        ExerciseSetRow.deleted == False,  # noqa: E712
        ExerciseSetRow.set_type != "warmup",
        WorkoutRow.deleted == False,  # noqa: E712
    )


def _recent_sessions(session: Session, exercise_id: str) -> list[ExerciseSession]:
    workout = col(ExerciseSetRow.workout_id)
    ranked = (
        sa_select(
            col(ExerciseSetRow.id),
            func.max(ExerciseSetRow.estimated_1rm).over(partition_by=workout).label("best_e1rm"),
            func.count().over(partition_by=workout).label("sets"),
            func.row_number()
            .over(
                partition_by=workout,
                order_by=(
                    col(ExerciseSetRow.weight_kg).desc(),
                    col(ExerciseSetRow.reps).desc(),
                    col(ExerciseSetRow.rpe).asc().nulls_last(),
                    col(ExerciseSetRow.set_number),
                ),
            )
            .label("rank"),
        )
        .join(WorkoutRow, col(WorkoutRow.id) == workout)
        .where(*_working_sets(exercise_id))
        .subquery()
    )
    rows = session.exec(
        select(ExerciseSetRow, col(WorkoutRow.date), ranked.c.best_e1rm, ranked.c.sets)
        .join(ranked, ranked.c.id == col(ExerciseSetRow.id))
        .join(WorkoutRow, col(WorkoutRow.id) == workout)
        .where(ranked.c.rank == 1)
        .order_by(col(WorkoutRow.date).desc(), col(WorkoutRow.started_at).desc())
        .limit(MAX_RECENT_SESSIONS)
    ).all()
    return [
        ExerciseSession(day, top.weight_kg, top.reps, top.rpe, top.is_bodyweight, best, sets)
        for top, day, best, sets in rows
    ]


def _rep_maxes(session: Session, exercise_id: str) -> list[RepMax]:
    ranked = (
        sa_select(
            col(ExerciseSetRow.reps),
            col(ExerciseSetRow.weight_kg),
            col(WorkoutRow.date),
            func.row_number()
            .over(
                partition_by=col(ExerciseSetRow.reps),
                order_by=(col(ExerciseSetRow.weight_kg).desc(), col(WorkoutRow.date)),
            )
            .label("rank"),
        )
        .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
        .where(
            *_working_sets(exercise_id),
            counts_for_records(),
            col(ExerciseSetRow.is_bodyweight) == False,  # noqa: E712
            col(ExerciseSetRow.weight_kg) > 0,
            col(ExerciseSetRow.reps).between(1, MAX_E1RM_REPS),
        )
        .subquery()
    )
    rows = session.exec(
        select(ranked.c.reps, ranked.c.weight_kg, ranked.c.date)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.reps)
    ).all()
    return [RepMax(reps, weight, day) for reps, weight, day in rows]


def exercise_stats(db: Database, exercise_id: str) -> ExerciseStats:
    with db.session() as session:
        _live_exercise(session, exercise_id)
        best = session.exec(
            select(col(ExerciseSetRow.estimated_1rm), col(WorkoutRow.date))
            .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
            .where(
                *_working_sets(exercise_id),
                counts_for_records(),
                col(ExerciseSetRow.estimated_1rm).is_not(None),
            )
            .order_by(col(ExerciseSetRow.estimated_1rm).desc(), col(WorkoutRow.date))
            .limit(1)
        ).first()
        total = session.exec(
            select(func.count())
            .select_from(ExerciseSetRow)
            .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
            .where(*_working_sets(exercise_id))
        ).one()
        return ExerciseStats(
            exercise_id=exercise_id,
            sessions=tuple(_recent_sessions(session, exercise_id)),
            best_e1rm_kg=best[0] if best else None,
            best_e1rm_date=best[1] if best else None,
            rep_maxes=tuple(_rep_maxes(session, exercise_id)),
            total_sets=total,
        )
