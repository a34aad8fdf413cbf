"""Importing another logger's history: Strong, Hevy and FitNotes exports (and our own JSON).

The file is parsed and every exercise name mapped before anything is written, so a dry run shows
exactly what an import would do. Row ids derive from the source rows (UUIDv5), so importing the
same file again adds nothing, and workouts are written oldest first in transactions of whole
workouts: an interrupted import leaves a consistent prefix that a rerun completes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Final

from sqlmodel import Session, col, select

from halterofit_tui.domain.catalogue import normalise_name
from halterofit_tui.domain.describe import plural
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.exercise_matching import ExerciseMatcher, guess_custom_fields
from halterofit_tui.domain.imports import decode_export, parse_export
from halterofit_tui.domain.imports.model import (
    ImportedSet,
    ImportedWorkout,
    ParsedExport,
    RowProblem,
)
from halterofit_tui.domain.strength import parse_formula
from halterofit_tui.domain.units import Unit
from halterofit_tui.services.bulk_history import NewSet, NewWorkout, write_workouts
from halterofit_tui.services.json_import import JsonImportResult, import_json_export
from halterofit_tui.services.plateaus import refresh_after_import
from halterofit_tui.services.profile import day_start, get_profile
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import exercise_names
from halterofit_tui.store.tables import ExerciseRow, WorkoutRow

FORMATS: Final = ("auto", "strong", "hevy", "fitnotes", "json")
MAX_FILE_BYTES: Final = 200 * 1024 * 1024
# Whole workouts per transaction: small enough that an interruption loses little work.
WORKOUTS_PER_TRANSACTION: Final = 250
IMPORT_NAMESPACE: Final = uuid.UUID("0f6b7a1e-4c55-5d2b-8f0e-696d706f7274")
# Sources that give only a date (FitNotes) place the workout at local noon.
DATE_ONLY_TIME: Final = time(12, 0)


@dataclass(frozen=True)
class ExerciseMapping:
    source_name: str
    exercise_id: str
    exercise_name: str
    how: str  # "exact" | "reordered" | "fuzzy" | "mapped" (--map) | "new" (custom exercise)
    score: float
    sets: int


@dataclass(frozen=True)
class ImportReport:
    format: str
    dry_run: bool
    rows: int
    workouts_added: int
    sets_added: int
    workouts_present: int  # already imported before: left as they are
    mappings: tuple[ExerciseMapping, ...]
    problems: tuple[RowProblem, ...]
    ignored_rows: int
    repaired_rows: int
    backup: Path | None

    @property
    def exercises_matched(self) -> int:
        return sum(1 for m in self.mappings if m.how != "new")

    @property
    def exercises_created(self) -> int:
        return sum(1 for m in self.mappings if m.how == "new")


def parse_mappings(pairs: Sequence[str]) -> dict[str, str]:
    """`--map "Their name=Our exercise"` options, keyed by the normalised source name."""
    mappings: dict[str, str] = {}
    for pair in pairs:
        theirs, separator, ours = pair.partition("=")
        if not separator or not theirs.strip() or not ours.strip():
            raise InvalidInput(f"--map '{pair}' should look like \"Their name=Our exercise\"")
        mappings[normalise_name(theirs)] = ours.strip()
    return mappings


def read_export(path: Path) -> bytes:
    if not path.exists():
        raise NotFound(f"no file {path}")
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None


def _entry_id(kind: str, source_format: str, key: str) -> str:
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{kind}:{source_format}:{key}"))


def _custom_id(name: str) -> str:
    # The same name makes the same custom exercise on every device that imports it.
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"exercise:{normalise_name(name)}"))


class _Placement:
    """Source wall-clock times placed in the lifter's time zone, DST included."""

    def __init__(self, zone_name: str | None) -> None:
        from zoneinfo import ZoneInfo

        self._zone = ZoneInfo(zone_name) if zone_name else None

    def moment(self, local: datetime) -> datetime:
        aware = local.replace(tzinfo=self._zone) if self._zone else local.astimezone()
        return aware.astimezone(UTC)

    def noon(self, day: date) -> datetime:
        return self.moment(datetime.combine(day, DATE_ONLY_TIME))


def _map_exercises(
    session: Session, parsed: ParsedExport, explicit: dict[str, str]
) -> tuple[list[ExerciseMapping], list[ExerciseRow]]:
    """Each source name's exercise, and the custom exercises to create for the rest."""
    names = exercise_names(session)
    matcher = ExerciseMatcher(names)
    display = {exercise_id: name for exercise_id, name, _ in names}
    sets_by_name: dict[str, list[ImportedSet]] = {}
    for workout in parsed.workouts:
        for s in workout.sets:
            sets_by_name.setdefault(s.exercise_name, []).append(s)
    mappings: list[ExerciseMapping] = []
    created: list[ExerciseRow] = []
    for source_name, sets in sets_by_name.items():
        target = explicit.get(normalise_name(source_name))
        if target is not None:
            match = matcher.match(target)
            if match is None or match.how != "exact":
                raise NotFound(f"--map '{source_name}={target}': no exercise named '{target}'")
            mappings.append(
                ExerciseMapping(
                    source_name,
                    match.exercise_id,
                    display[match.exercise_id],
                    "mapped",
                    1.0,
                    len(sets),
                )
            )
            continue
        match = matcher.match(source_name)
        if match is not None:
            mappings.append(
                ExerciseMapping(
                    source_name,
                    match.exercise_id,
                    display[match.exercise_id],
                    match.how,
                    match.score,
                    len(sets),
                )
            )
            continue
        row = _custom_exercise(source_name, sets)
        created.append(row)
        matcher.add(row.id, row.name)
        mappings.append(ExerciseMapping(source_name, row.id, row.name, "new", 0.0, len(sets)))
    return mappings, created


def _custom_exercise(source_name: str, sets: list[ImportedSet]) -> ExerciseRow:
    name = " ".join(source_name.split())[:100]
    guess = guess_custom_fields(
        name,
        sets[0].category_hint,
        loaded=any(s.weight_kg > 0 for s in sets),
        timed=any(s.duration_s for s in sets),
        distance=any(s.distance_m for s in sets),
    )
    return ExerciseRow(
        id=_custom_id(name),
        name=name,
        category=guess.category,
        subcategory=guess.subcategory,
        equipment=list(guess.equipment),
        primary_muscles=list(guess.primary_muscles),
        movement_pattern=guess.movement_pattern,
        plane_of_motion="sagittal",
        difficulty=3,
        beginner_friendly=False,
        progression_type=guess.progression_type,
        description=f"Imported: first seen as '{source_name}'.",
        is_custom=True,
    )


def _new_workout(
    workout: ImportedWorkout,
    source_format: str,
    exercise_of: dict[str, str],
    placement: _Placement,
) -> NewWorkout:
    started = placement.moment(workout.started_at) if workout.started_at else None
    ended = placement.moment(workout.ended_at) if workout.ended_at else None
    base = started or placement.noon(workout.day)
    span = (ended - started) / max(len(workout.sets), 1) if started and ended else timedelta(0)
    sets = tuple(
        NewSet(
            id=_entry_id("set", source_format, s.source_key),
            exercise_id=exercise_of[s.exercise_name],
            set_type=s.set_type,
            weight_kg=s.weight_kg,
            entered_unit=s.entered_unit,
            is_bodyweight=s.is_bodyweight,
            reps=s.reps,
            rpe=s.rpe,
            # Spread over the session so sets keep their order and times stay plausible.
            logged_at=base + span * index + timedelta(microseconds=index),
            notes=s.notes,
            rest_seconds=s.rest_seconds,
            duration_s=s.duration_s,
            distance_m=s.distance_m,
        )
        for index, s in enumerate(workout.sets)
    )
    notes_by_exercise: dict[str, list[str]] = {}
    for name, note in workout.exercise_notes:
        notes_by_exercise.setdefault(exercise_of.get(name, ""), []).append(note)
    # Lifters say "superset A, B": the source's own group ids (Hevy counts from 0) mean little.
    groups: dict[str, str] = {}
    for s in workout.sets:
        if s.superset:
            group = groups.setdefault(s.superset, f"Superset {chr(ord('A') + len(groups) % 26)}")
            notes = notes_by_exercise.setdefault(exercise_of[s.exercise_name], [])
            if group not in notes:
                notes.insert(0, group)
    return NewWorkout(
        id=_entry_id("workout", source_format, workout.source_key),
        name=workout.name[:100] or "Imported workout",
        notes=workout.notes,
        day=workout.day,
        started_at=started,
        ended_at=ended,
        sets=sets,
        exercise_notes=tuple(
            (exercise, "\n".join(notes))
            for exercise, notes in notes_by_exercise.items()
            if exercise
        ),
    )


def _present_workouts(session: Session, ids: list[str]) -> set[str]:
    """Ids already stored, tombstones included: a deleted import stays deleted."""
    present: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        present.update(session.exec(select(WorkoutRow.id).where(col(WorkoutRow.id).in_(chunk))))
    return present


def _save_exercises(db: Database, session: Session, rows: list[ExerciseRow]) -> None:
    for row in rows:
        existing = session.get(ExerciseRow, row.id)
        if existing is not None:
            # Deleted by the lifter since an earlier import: bring it back rather than clash.
            existing.deleted = False
            db.stamp(session, existing)
        else:
            db.stamp(session, row, created=True)


def import_history(
    db: Database,
    data: bytes,
    *,
    source_format: str = "auto",
    unit: Unit | None = None,
    dry_run: bool = False,
    strict: bool = False,
    mappings: dict[str, str] | None = None,
    backup: Callable[[], Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a Strong, Hevy or FitNotes export; see the module docstring for the guarantees.

    `backup` runs once, just before the first write. `progress(done, total)` counts workouts.
    """
    if source_format not in FORMATS or source_format == "json":
        raise InvalidInput(f"unknown format '{source_format}': use {', '.join(FORMATS)}")
    parsed = parse_export(decode_export(data), source_format, unit)
    if strict and parsed.problems:
        first = parsed.problems[0]
        raise InvalidInput(
            f"{plural(len(parsed.problems), 'bad row')}, nothing imported (strict); "
            f"first: line {first.line}: {first.reason}"
        )
    profile = get_profile(db)
    placement = _Placement(profile.timezone)
    with db.session() as session:
        exercise_mappings, new_exercises = _map_exercises(session, parsed, mappings or {})
        exercise_of = {m.source_name: m.exercise_id for m in exercise_mappings}
        workouts = sorted(
            (_new_workout(w, parsed.format, exercise_of, placement) for w in parsed.workouts),
            key=lambda w: (w.day, w.started_at or datetime.min.replace(tzinfo=UTC), w.id),
        )
        present = _present_workouts(session, [w.id for w in workouts])
    to_write = [w for w in workouts if w.id not in present]
    copy: Path | None = None
    if not dry_run and (to_write or new_exercises):
        copy = backup() if backup is not None else None
        formula = parse_formula(profile.e1rm_formula)
        with db.session() as session:
            _save_exercises(db, session, new_exercises)
        done = 0
        for start in range(0, len(to_write), WORKOUTS_PER_TRANSACTION):
            chunk = to_write[start : start + WORKOUTS_PER_TRANSACTION]
            with db.session() as session:
                write_workouts(
                    db,
                    session,
                    chunk,
                    formula=formula,
                    day_start=lambda day: day_start(profile, day),
                )
            done += len(chunk)
            if progress is not None:
                progress(done, len(to_write))
        refresh_after_import(db, {s.exercise_id for w in to_write for s in w.sets})
    return ImportReport(
        format=parsed.format,
        dry_run=dry_run,
        rows=parsed.rows,
        workouts_added=len(to_write),
        sets_added=sum(len(w.sets) for w in to_write),
        workouts_present=len(present),
        mappings=tuple(exercise_mappings),
        problems=parsed.problems,
        ignored_rows=parsed.ignored_rows,
        repaired_rows=parsed.repaired_rows,
        backup=copy,
    )


def looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def import_json(
    db: Database,
    data: bytes,
    *,
    dry_run: bool = False,
    strict: bool = False,
    backup: Callable[[], Path] | None = None,
) -> tuple[JsonImportResult, Path | None]:
    """Import a Halterofit JSON export: (what was imported, the backup taken first)."""
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"not a Halterofit JSON export: {exc}") from None
    if not isinstance(document, dict):
        raise InvalidInput("not a Halterofit JSON export: the file holds no JSON object")
    copy = backup() if backup is not None and not dry_run else None
    result = import_json_export(db, document, dry_run=dry_run, strict=strict)
    if result.refused:
        raise InvalidInput(
            f"{plural(len(result.problems), 'problem')}, nothing imported (strict); first: "
            f"{result.problems[0]}"
        )
    return result, copy


def mapping_lines(report: ImportReport) -> list[str]:
    """The dry run's table: every source name and the exercise it goes to."""
    width = max((len(m.source_name) for m in report.mappings), default=10)
    lines = [f"{'Their exercise':<{width}}  {'Sets':>5}  Ours"]
    for m in sorted(report.mappings, key=lambda m: m.source_name.lower()):
        how = {
            "exact": "",
            "reordered": "  (same words)",
            "fuzzy": f"  (similar, {m.score:.0%})",
            "mapped": "  (--map)",
            "new": "  (new custom exercise)",
        }[m.how]
        lines.append(f"{m.source_name:<{width}}  {m.sets:>5}  {m.exercise_name}{how}")
    return lines


def summary_lines(report: ImportReport, problems_shown: int | None = None) -> list[str]:
    """What an import did (or would do), for the CLI and the app alike; bad rows beyond
    `problems_shown` are counted, not listed."""
    verb = "Would add" if report.dry_run else "Added"
    lines = [
        f"{verb} {plural(report.workouts_added, 'workout')} and "
        f"{plural(report.sets_added, 'set')} from {plural(report.rows, report.format + ' row')}.",
        f"Exercises: {report.exercises_matched} matched, {report.exercises_created} "
        f"{'to create' if report.dry_run else 'created'}.",
    ]
    if report.workouts_present:
        lines.append(
            f"Already imported: {plural(report.workouts_present, 'workout')} (left as they are)."
        )
    if report.ignored_rows or report.repaired_rows:
        lines.append(
            f"Rows without a set (rest timers, notes): {report.ignored_rows:,}; "
            f"repaired rows: {report.repaired_rows:,}."
        )
    if report.problems:
        lines.append(f"Skipped {plural(len(report.problems), 'bad row')}:")
        shown = report.problems[:problems_shown]
        lines.extend(f"  line {p.line}: {p.reason}" for p in shown)
        if len(shown) < len(report.problems):
            lines.append(f"  ... and {len(report.problems) - len(shown)} more")
    if report.backup is not None:
        lines.append(f"Backup taken first: {report.backup}")
    return lines


def json_summary_lines(
    result: JsonImportResult, backup: Path | None, problems_shown: int | None = None
) -> list[str]:
    verb = "Would add" if result.dry_run else "Added"
    lines = [
        f"{verb} {plural(result.workouts, 'workout')}, {plural(result.sets, 'set')} and "
        f"{plural(result.body_metrics, 'body metric')}"
        f"{'' if not result.plateaus else ', with ' + plural(result.plateaus, 'plateau')}.",
        f"Exercises: {len(result.exercises_matched)} matched, {result.exercises_created} "
        f"{'to create' if result.dry_run else 'created'}; profile {result.profile}.",
    ]
    if result.already_present:
        lines.append(
            f"Already here: {plural(result.already_present, 'record')} (left as they are)."
        )
    lines.extend(f"Note: {remark}" for remark in result.remarks)
    if result.problems:
        lines.append(f"Skipped records with {len(result.problems)} problem(s):")
        shown = result.problems[:problems_shown]
        lines.extend(f"  {problem}" for problem in shown)
        if len(shown) < len(result.problems):
            lines.append(f"  ... and {len(result.problems) - len(shown)} more")
    if backup is not None:
        lines.append(f"Backup taken first: {backup}")
    return lines


@dataclass(frozen=True)
class JsonImportOutcome:
    result: JsonImportResult
    backup: Path | None


def import_data(
    db: Database,
    data: bytes,
    *,
    source_format: str = "auto",
    unit: Unit | None = None,
    dry_run: bool = False,
    strict: bool = False,
    mappings: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport | JsonImportOutcome:
    """Import a file's bytes as `halterofit import` does, the CLI and the app alike: a
    Halterofit JSON export, or another app's CSV; a rolling backup is taken before writing."""
    if source_format not in FORMATS:
        raise InvalidInput(f"unknown format '{source_format}': use {', '.join(FORMATS)}")

    def backup() -> Path:
        from halterofit_tui.services.backup import rolling_backup

        return rolling_backup(db, "import")

    if source_format == "json" or (source_format == "auto" and looks_like_json(data)):
        return JsonImportOutcome(
            *import_json(db, data, dry_run=dry_run, strict=strict, backup=backup)
        )
    return import_history(
        db,
        data,
        source_format=source_format,
        unit=unit,
        dry_run=dry_run,
        strict=strict,
        mappings=mappings,
        backup=backup,
        progress=progress,
    )
