"""The exercise library: name resolution, search, filters and custom exercises.

Resolution is exact on a normalised name or alias and never guesses: logging a set against the
wrong exercise silently corrupts a lifter's history, so near misses get suggestions instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlmodel import Session

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
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import all_exercises, exercise_names, exercise_record
from halterofit_tui.store.tables import ExerciseRow

MAX_SUGGESTIONS = 5


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


def resolve_in(session: Session, query: str) -> ExerciseRow:
    """The exercise named `query` (case-insensitive, name or alias), or NotFound with hints."""
    if not query.strip():
        raise InvalidInput('give an exercise name, e.g. "bench press"')
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
        if candidate.startswith(key):
            best = max(best, 0.9)
        elif set(key.split()) <= set(candidate.split()):
            best = max(best, 0.8)
        elif key in candidate:
            best = max(best, 0.7)
        else:
            ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
            if ratio >= 0.6:
                best = max(best, ratio * 0.8)
    return best


def search_exercises(db: Database, query: str, limit: int = 20) -> list[Exercise]:
    scored = [(search_score(e, query), e) for e in list_exercises(db)]
    ranked = sorted(
        (pair for pair in scored if pair[0] > 0),
        key=lambda pair: (-pair[0], not pair[1].is_favourite, pair[1].name.lower()),
    )
    return [exercise for _, exercise in ranked[:limit]]


def add_custom_exercise(
    db: Database,
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
) -> Exercise:
    """Add a user's own exercise; its name and aliases must not already name another one."""
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
    row = ExerciseRow(
        name=name,
        aliases=[a.strip() for a in aliases or [] if a.strip()],
        category=_check_filter(category, CATEGORIES, "category") or category,
        subcategory=_check_filter(subcategory, SUBCATEGORIES, "mechanic") or subcategory,
        equipment=gear,
        primary_muscles=primary,
        secondary_muscles=[m for m in secondary if m not in primary],
        movement_pattern=_check_filter(movement_pattern, MOVEMENT_PATTERNS, "movement pattern")
        or movement_pattern,
        plane_of_motion=_check_filter(plane_of_motion, PLANES_OF_MOTION, "plane of motion")
        or plane_of_motion,
        difficulty=difficulty,
        beginner_friendly=difficulty <= 2,
        progression_type=_check_filter(progression_type, PROGRESSION_TYPES, "progression type")
        or progression_type,
        description=description.strip(),
        is_custom=True,
    )
    with db.session() as session:
        names = _Names.load(session)
        for label in (row.name, *row.aliases):
            taken = names.by_key.get(normalise_name(label))
            if taken is not None:
                raise InvalidInput(f"'{label}' already names the exercise '{names.display[taken]}'")
        db.stamp(session, row, created=True)
        return exercise_record(row)
