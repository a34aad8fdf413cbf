"""Importing an exercise catalogue (the free-exercise-db JSON layout) into the library.

Entries that name an exercise we already have are matched, not duplicated: by name or alias,
then by the same words in another order, plurals or spacing, or a small typo (the importers'
ExerciseMatcher), also after dropping qualifiers that name the standard form of a lift ("-
Medium Grip"). A loose match must be the same kind of exercise (a stretch is not a lift): the
source's "Split Squats" is a stretch, our Split Squat a lift. Built-in exercises are never
rewritten; a custom exercise matched loosely gains the source name as an alias.

Everything else becomes a custom exercise whose id derives from the source id, so a second
import adds nothing. All of it is one transaction, after a rolling backup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from sqlmodel import Session, select

from halterofit_tui.domain.catalogue import normalise_name
from halterofit_tui.domain.catalogue_mapping import (
    EntryProblem,
    MappedExercise,
    entry_name,
    map_entry,
    matching_names,
)
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.exercise_matching import ExerciseMatcher
from halterofit_tui.services.backup import rolling_backup
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import ExerciseRow, LocalMetaRow

MAX_CATALOGUE_BYTES: Final = 50 * 1024 * 1024


@dataclass(frozen=True)
class SkippedEntry:
    index: int  # position in the file's list, from 0 (as jq counts: `.[index]`)
    name: str | None
    reason: str

    def describe(self) -> str:
        name = f" '{self.name}'" if self.name else ""
        return f"entry [{self.index}]{name}: {self.reason}"


@dataclass(frozen=True)
class CatalogueMatch:
    index: int
    source_name: str
    exercise_id: str
    exercise_name: str
    how: str  # "name": same name or alias; "variant": same words otherwise written
    alias_added: bool  # the source name became an alias of this (custom) exercise


@dataclass(frozen=True)
class CreatedExercise:
    index: int
    name: str
    exercise_id: str


@dataclass(frozen=True)
class CatalogueImportReport:
    path: Path
    dry_run: bool
    entries: int
    created: tuple[CreatedExercise, ...]
    matched: tuple[CatalogueMatch, ...]
    already_imported: int  # created by an earlier import of this catalogue
    # Entries whose name already means a different kind of exercise here, imported under a
    # qualified name ("Air Bike (Abs)") so neither name becomes ambiguous.
    renamed: tuple[SkippedEntry, ...]
    skipped: tuple[SkippedEntry, ...]  # entries the file gets wrong
    backup: Path | None

    @property
    def aliases_added(self) -> int:
        return sum(1 for match in self.matched if match.alias_added)


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) else "a single value"


def read_catalogue(path: Path) -> list[object]:
    """The entries of a catalogue file, or one clear error about the whole file."""
    if not path.exists():
        raise NotFound(f"no file {path}")
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file")
    if path.stat().st_size > MAX_CATALOGUE_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_CATALOGUE_BYTES // 2**20} MiB")
    try:
        document = json.loads(path.read_bytes())
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not JSON: it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(document, list):
        raise InvalidInput(
            f"{path} is not an exercise catalogue: expected a JSON list of exercises, "
            f"found {_json_kind(document)}"
        )
    return document


def _map_all(entries: list[object]) -> tuple[list[tuple[int, MappedExercise]], list[SkippedEntry]]:
    mapped: list[tuple[int, MappedExercise]] = []
    skipped: list[SkippedEntry] = []
    first_with_id: dict[str, int] = {}
    for index, entry in enumerate(entries):
        try:
            exercise = map_entry(entry)
        except EntryProblem as problem:
            skipped.append(SkippedEntry(index, entry_name(entry), str(problem)))
            continue
        earlier = first_with_id.setdefault(exercise.source_id, index)
        if earlier != index:
            reason = f"same id '{exercise.source_id}' as entry [{earlier}]"
            skipped.append(SkippedEntry(index, exercise.name, reason))
            continue
        mapped.append((index, exercise))
    return mapped, skipped


def _kind(category: str) -> str:
    """Stretches, cardio and lifts never stand in for one another."""
    return category if category in {"stretching", "cardio"} else "lift"


@dataclass
class _Target:
    exercise_id: str
    name: str
    category: str
    row: ExerciseRow | None  # None: created by this import


@dataclass
class _Plan:
    created: list[tuple[int, MappedExercise]] = field(default_factory=list)
    matched: list[CatalogueMatch] = field(default_factory=list)
    renamed: list[SkippedEntry] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # exercise id -> new aliases
    already_imported: int = 0


def _loose_match(
    matcher: ExerciseMatcher, exercise: MappedExercise, targets: dict[str, _Target]
) -> _Target | None:
    for candidate in matching_names(exercise.name):
        match = matcher.match(candidate)
        if match is None:
            continue
        target = targets[match.exercise_id]
        # "On" says where the lift is done: "Calf Raise On A Dumbbell" stands on the handle.
        done_on_something = "on" in normalise_name(exercise.name).split() and "on" not in (
            normalise_name(match.label).split()
        )
        if _kind(target.category) == _kind(exercise.category) and not done_on_something:
            return target
    return None


def _qualified(exercise: MappedExercise, taken: dict[str, _Target]) -> MappedExercise:
    """The entry under its name qualified by what it trains (or its category) until free."""
    what = exercise.primary_muscles[0] if exercise.primary_muscles else exercise.category
    base = f"{exercise.name} ({what.replace('_', ' ').title()})"
    name, number = base, 2
    while normalise_name(name) in taken:
        name, number = f"{base} {number}", number + 1
    return replace(exercise, name=name)


def _plan(
    session: Session, mapped: list[tuple[int, MappedExercise]]
) -> tuple[_Plan, dict[str, ExerciseRow]]:
    rows = list(session.exec(select(ExerciseRow)).all())
    known_ids = {row.id for row in rows}  # tombstones too: a deleted import stays deleted
    live = {row.id: row for row in rows if not row.deleted}
    targets = {row.id: _Target(row.id, row.name, row.category, row) for row in live.values()}
    by_name: dict[str, _Target] = {}
    for row in live.values():
        for label in (row.name, *row.aliases):
            by_name.setdefault(normalise_name(label), targets[row.id])
    for row in live.values():  # a name wins over another exercise's alias
        by_name[normalise_name(row.name)] = targets[row.id]
    matcher = ExerciseMatcher((row.id, row.name, row.aliases) for row in live.values())

    plan = _Plan()
    for index, exercise in mapped:
        if exercise.exercise_id in known_ids:
            plan.already_imported += 1
            continue
        key = normalise_name(exercise.name)
        same_name = by_name.get(key)
        if same_name is not None:
            if _kind(same_name.category) != _kind(exercise.category):
                qualified = _qualified(exercise, by_name)
                reason = (
                    f"imported as '{qualified.name}': the name is our '{same_name.name}' "
                    f"({same_name.category}), a different kind of exercise"
                )
                plan.renamed.append(SkippedEntry(index, exercise.name, reason))
                plan.created.append((index, qualified))
                by_name[normalise_name(qualified.name)] = _Target(
                    qualified.exercise_id, qualified.name, qualified.category, None
                )
            else:
                plan.matched.append(
                    CatalogueMatch(
                        index, exercise.name, same_name.exercise_id, same_name.name, "name", False
                    )
                )
            continue
        loose = _loose_match(matcher, exercise, targets)
        if loose is not None:
            alias = loose.row is not None and loose.row.is_custom
            if alias:
                plan.aliases.setdefault(loose.exercise_id, []).append(exercise.name)
            by_name[key] = loose
            plan.matched.append(
                CatalogueMatch(
                    index, exercise.name, loose.exercise_id, loose.name, "variant", alias
                )
            )
            continue
        plan.created.append((index, exercise))
        by_name[key] = _Target(exercise.exercise_id, exercise.name, exercise.category, None)
    return plan, live


def _write(db: Database, session: Session, plan: _Plan, live: dict[str, ExerciseRow]) -> None:
    # Held so they stay in the session's (weak) identity map: stamping each row then reads the
    # clock and device from memory instead of querying, which also flushed row by row (5x slower).
    _clock_rows = [session.get(LocalMetaRow, key) for key in ("hlc", "device_id")]
    for _, exercise in plan.created:
        row = ExerciseRow(
            id=exercise.exercise_id,
            name=exercise.name,
            aliases=[],
            category=exercise.category,
            subcategory=exercise.subcategory,
            equipment=list(exercise.equipment),
            primary_muscles=list(exercise.primary_muscles),
            secondary_muscles=list(exercise.secondary_muscles),
            movement_pattern=exercise.movement_pattern,
            plane_of_motion=exercise.plane_of_motion,
            difficulty=exercise.difficulty,
            beginner_friendly=exercise.beginner_friendly,
            progression_type=exercise.progression_type,
            instructions=list(exercise.instructions),
            is_custom=True,
        )
        db.stamp(session, row, created=True)
    for exercise_id, aliases in plan.aliases.items():
        row = live[exercise_id]
        row.aliases = [*row.aliases, *aliases]
        db.stamp(session, row)


def import_catalogue(
    db: Database, path: Path, *, dry_run: bool = False, strict: bool = False
) -> CatalogueImportReport:
    """Merge the catalogue at `path` into the library (or, with `dry_run`, say what would be)."""
    entries = read_catalogue(path)
    mapped, skipped = _map_all(entries)
    if skipped and (strict or not mapped):
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        why = "--strict" if strict else "no entry can be imported"
        raise InvalidInput(f"{path}: {skipped[0].describe()}{more}; nothing imported ({why})")
    backup = None
    with db.session() as session:
        plan, live = _plan(session, mapped)
        if not dry_run and (plan.created or plan.aliases):
            backup = rolling_backup(db, "import")
            _write(db, session, plan, live)
    return CatalogueImportReport(
        path=path,
        dry_run=dry_run,
        entries=len(entries),
        created=tuple(CreatedExercise(i, e.name, e.exercise_id) for i, e in plan.created),
        matched=tuple(plan.matched),
        already_imported=plan.already_imported,
        renamed=tuple(plan.renamed),
        skipped=tuple(skipped),
        backup=backup,
    )
