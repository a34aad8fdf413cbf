"""Reading a Halterofit JSON export back (`halterofit import FILE --format json`).

The whole document is checked before anything is written, and every problem is reported with
its JSON path, indexes from 0: `workouts[3].sets[2].reps: reps must be a whole number between 1
and 1000 (got 0)`. The import is one transaction (nothing or everything) and idempotent: a
workout, body metric, plateau or custom exercise whose id this home already has, even deleted
here, is left alone and counted as already present, so importing a file twice adds nothing.

Choices:
- Derived values (a set's volume load, e1RM and relative intensity; a workout's readiness
  score and totals) are kept as exported. Halterofit computed them when the set was logged,
  with the e1RM formula and the history of that moment, and keeping them makes export, import,
  export an exact round trip. They are checked, not trusted: a set's volume load must be its
  weight x reps, and a workout's set count, reps and volume must add up from its sets.
- A custom exercise whose name (or slug) names an exercise this home has is mapped onto that
  one and reported, never duplicated; a new one loses aliases that already name another
  exercise here (reported in `remarks`). Built-in exercises are found by id, slug, then name.
- Favourites and rest overrides are merged onto built-in and mapped exercises: a favourite is
  added, a rest override only fills an exercise without one.
- The profile replaces this home's only while that is still the untouched default.
- The import is one edit for sync: new rows go in as bulk INSERTs sharing one clock stamp
  (`bulk_history.sync_columns`; an ORM object and `Database.stamp` per row took minutes for
  100,000 sets) and keep the document's `created_at`. Rows it changes (the profile,
  favourites, rest overrides) are stamped with `Database.stamp`. The analytics summary
  (performance_metrics) is brought up to date in the same transaction.
- A set's anomaly state comes back as exported, so an unconfirmed implausible set stays out of
  records. A set without the `anomaly` keys (an export from before them) looked fine.
- Plateaus (the ones the lifter acted on, see services.exporting) come back with their exercise
  mapped like the sets'. They are written after the plateau refresh that follows the import, so
  they stay exactly as exported: the lifter's verdict on a stall stands, and a row the detector
  still keeps (only acknowledged) is brought up to date by the next refresh, as at home. A stall
  is one row: the document's replaces a row this home's detector stored for the same exercise
  and start, and a verdict the lifter already gave here on that stall is kept (a remark says
  so).
- Templates and programme enrollments come back whole, with their exercises mapped like the
  sets' (a workout's plan too). A template named like one here, an enrollment whose programme
  or state does not read with this home's exercises, or a second active programme is a problem.
- Text such as notes has no length limit here: other importers store notes of any length, and
  what the store holds must import back.
- With strict=False, a workout, body metric, plateau or exercise with a problem is skipped,
  along with whatever refers to it, and the rest is imported; with strict=True any problem
  writes nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import insert
from sqlmodel import Session, col, select

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
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import (
    MAX_REPS,
    SET_TYPES,
    validate_reps,
    validate_rpe,
    validate_weight_kg,
)
from halterofit_tui.domain.plateaus import METRIC_E1RM
from halterofit_tui.domain.plates import DEFAULT_BAR_KG, DEFAULT_PLATES_KG
from halterofit_tui.domain.program_loader import InvalidProgram, parse_program
from halterofit_tui.domain.programs import ProgramState
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.domain.strength import E1RM_FORMULAS, volume_load
from halterofit_tui.domain.units import UNITS, format_number
from halterofit_tui.services.analytics import (
    refresh_performance_metrics,
)
from halterofit_tui.services.bulk_history import sync_columns
from halterofit_tui.services.exporting import FORMAT_NAME, FORMAT_VERSION, PROFILE_FIELDS
from halterofit_tui.services.plans import plan_from_dict
from halterofit_tui.services.plateaus import (
    BY_USER,
    FALSE_POSITIVE,
    LAPSED,
    MAX_FEEDBACK,
    NEW_PR,
    RESOLVED,
    STATUSES,
    refresh_after_import_in,
)
from halterofit_tui.services.profile import (
    EXPERIENCE_LEVELS,
    ONBOARDED_META_KEY,
    SETTINGS,
    SEXES,
    THEMES,
)
from halterofit_tui.services.programs import ACTIVE, ENROLLMENT_STATUSES
from halterofit_tui.services.templates import (
    MAX_TEMPLATE_NAME,
    exercises_from_json,
    exercises_json,
)
from halterofit_tui.services.workouts import MAX_NAME, MAX_NOTES, SetDetails
from halterofit_tui.store.engine import Database
from halterofit_tui.store.plan_queries import active_enrollment_row, template_rows
from halterofit_tui.store.repositories import active_workout_row, profile_row
from halterofit_tui.store.tables import (
    BodyMetricRow,
    ExerciseRow,
    ExerciseSetRow,
    PlateauRow,
    ProfileRow,
    ProgramEnrollmentRow,
    SyncColumns,
    TemplateRow,
    WorkoutExerciseRow,
    WorkoutRow,
)

WORKOUT_STATUSES: Final = ("in_progress", "completed")
MAX_EXERCISE_NAME: Final = 100
MAX_POSITION: Final = 10_000
MAX_REST_S: Final = 3600
MAX_SET_SECONDS: Final = 86_400
MAX_WORKOUT_SECONDS: Final = 10_000_000
MAX_DISTANCE_M: Final = 1_000_000.0
MAX_E1RM_KG: Final = 100_000.0
MAX_RELATIVE_INTENSITY: Final = 100.0
MAX_TOTAL_SETS: Final = 100_000
MAX_TOTAL_VOLUME_KG: Final = 1e9
# Stored totals are rounded to grams; anything further off did not come from these sets.
VOLUME_TOLERANCE_KG: Final = 0.001
WORKOUTS_PER_INSERT: Final = 200
RESOLUTIONS: Final = (NEW_PR, LAPSED, BY_USER)
MAX_PLATEAU_DAYS: Final = 36_600  # a century
_CHUNK: Final = 500


@dataclass(frozen=True)
class ExerciseMatch:
    """A document exercise filed under one this home already has (same name, alias or slug)."""

    document_name: str
    existing_name: str


@dataclass(frozen=True)
class JsonImportResult:
    """What an import wrote or, with `dry_run`, would write. With `refused`, nothing was written.

    - `workouts`, `sets`, `body_metrics`, `plateaus`, `templates`, `program_enrollments`: rows
      added (all counts are 0 when `refused`).
    - `exercises_created`: custom exercises added.
    - `exercises_matched`: document exercises mapped onto ones this home has.
    - `exercise_settings`: exercises here that gained a favourite or rest override.
    - `already_present`: workouts, body metrics, plateaus, templates, enrollments and custom
      exercises whose id this home already had (left as they are).
    - `profile`: "applied" (the home had the untouched default profile), "kept" (the home's own
      profile differs and stays), "unchanged" (already the same) or "skipped" (it had problems,
      or the import was refused).
    - `problems`: "json.path: reason" for every bad value; the records they are in were skipped.
    - `remarks`: changes made to fit this home, such as aliases dropped because taken here.
    - `refused`: strict and problems were found, so nothing was written.
    """

    workouts: int
    sets: int
    body_metrics: int
    plateaus: int
    templates: int
    program_enrollments: int
    exercises_created: int
    exercises_matched: tuple[ExerciseMatch, ...]
    exercise_settings: int
    already_present: int
    profile: str
    problems: tuple[str, ...]
    remarks: tuple[str, ...]
    dry_run: bool
    refused: bool


# --- reading the document: typed fields, problems with JSON paths ------------------------------

_ABSENT: Final = object()
# Ids as Halterofit writes them (str(uuid)): lowercase, hyphenated.
_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "..."


class _Fields:
    """One object of the document. Every read checks a field and notes any problem with its
    path; `finish()` reports fields nobody read; `ok` says whether the object had no problem."""

    def __init__(self, value: Any, path: str, problems: list[str]) -> None:
        self.path = path
        self._problems = problems
        self._start = len(problems)
        self._read: set[str] = set()
        self._is_object = isinstance(value, dict)
        self._data: dict[str, Any] = value if isinstance(value, dict) else {}
        if not self._is_object:
            problems.append(f"{path}: must be an object (got {_shown(value)})")

    @property
    def ok(self) -> bool:
        return len(self._problems) == self._start

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, reason: str) -> None:
        self._problems.append(f"{self.at(key)}: {reason}")

    def finish(self) -> None:
        for key in sorted(set(self._data) - self._read):
            self.fail(key, "unknown field")

    def value(self, key: str, kinds: tuple[type, ...], what: str, *, nullable: bool = False) -> Any:
        """The field if it has one of `kinds` (null allowed when `nullable`), else None."""
        self._read.add(key)
        if not self._is_object:
            return None  # already reported once for the whole object
        raw = self._data.get(key, _ABSENT)
        if raw is _ABSENT:
            self.fail(key, "missing")
            return None
        if raw is None:
            if not nullable:
                self.fail(key, f"must be {what}, not null")
            return None
        # JSON true is not the number 1.
        if (isinstance(raw, bool) and bool not in kinds) or not isinstance(raw, kinds):
            self.fail(key, f"must be {what} (got {_shown(raw)})")
            return None
        return raw

    def text(self, key: str, *, nullable: bool = False, limit: int | None = None) -> Any:
        value = self.value(key, (str,), "text", nullable=nullable)
        if value is not None and limit is not None and not 1 <= len(value.strip()) <= limit:
            self.fail(key, f"must have 1 to {limit} characters")
        return value

    def integer(self, key: str, low: int, high: int, *, nullable: bool = False) -> Any:
        value = self.value(key, (int,), "a whole number", nullable=nullable)
        if value is not None and not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high} (got {value})")
            return None
        return value

    def number(self, key: str, low: float, high: float, *, nullable: bool = False) -> Any:
        value = self.value(key, (int, float), "a number", nullable=nullable)
        if value is None:
            return None
        if not (math.isfinite(value) and low <= value <= high):
            self.fail(
                key, f"must be between {format_number(low)} and {format_number(high)} (got {value})"
            )
            return None
        return float(value)

    def has(self, key: str) -> bool:
        """Whether the object has the field (for fields older exports do not have)."""
        return key in self._data

    def flag(self, key: str) -> Any:
        return self.value(key, (bool,), "true or false")

    def finite(self, key: str) -> Any:
        """A number as written (an int stays an int, so it exports back the same)."""
        value = self.value(key, (int, float), "a number")
        if value is not None and not math.isfinite(value):
            self.fail(key, f"must be a finite number (got {value})")
            return None
        return value

    def choice(self, key: str, options: Iterable[str], *, nullable: bool = False) -> Any:
        value = self.value(key, (str,), "text", nullable=nullable)
        if value is not None and value not in options:
            self.fail(key, f"must be one of {', '.join(options)} (got {_shown(value)})")
            return None
        return value

    def checked(
        self,
        key: str,
        check: Callable[[Any], object],
        kinds: tuple[type, ...],
        what: str,
        *,
        nullable: bool = False,
    ) -> Any:
        """The field, run through a domain validator whose message becomes the problem."""
        value = self.value(key, kinds, what, nullable=nullable)
        if value is None:
            return None
        try:
            check(value)
        except InvalidInput as exc:
            self.fail(key, str(exc))
            return None
        return value

    def identifier(self, key: str) -> Any:
        value = self.value(key, (str,), "an id")
        if value is not None and not _UUID.fullmatch(value):
            self.fail(key, f"must be a lowercase UUID (got {_shown(value)})")
            return None
        return value

    def optional_identifier(self, key: str) -> Any:
        """An id or null (a reference that may be absent)."""
        value = self.value(key, (str,), "an id", nullable=True)
        if value is not None and not _UUID.fullmatch(value):
            self.fail(key, f"must be a lowercase UUID or null (got {_shown(value)})")
            return None
        return value

    def day(self, key: str, *, nullable: bool = False) -> Any:
        value = self.value(key, (str,), "a date (YYYY-MM-DD)", nullable=nullable)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"must be a date (YYYY-MM-DD) (got {_shown(value)})")
            return None

    def moment(self, key: str, *, nullable: bool = False) -> Any:
        value = self.value(key, (str,), "an ISO 8601 time", nullable=nullable)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.fail(key, f"must be an ISO 8601 time with a zone, e.g. Z (got {_shown(value)})")
            return None
        return moment.astimezone(UTC)

    def strings(self, key: str, vocabulary: Iterable[str] | None = None) -> Any:
        value = self.value(key, (list,), "a list of text")
        if value is None:
            return []
        allowed = set(vocabulary) if vocabulary is not None else None
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{key}[{index}]", f"must be text (got {_shown(item)})")
            elif allowed is not None and item not in allowed:
                self.fail(f"{key}[{index}]", f"unknown value {_shown(item)}")
        return list(value)

    def names(self) -> list[str]:
        """The object's own field names (for objects keyed by the lifter's data)."""
        return sorted(self._data)

    def nested(self, key: str) -> _Fields:
        value = self.value(key, (dict,), "an object")
        # A missing or mistyped object is one problem, not one per field it should have had.
        return _Fields(value, self.at(key), self._problems if value is not None else [])

    def items(self, key: str) -> list[tuple[str, Any]]:
        """(path, item) for each item of a list field."""
        value = self.value(key, (list,), "a list")
        return [(f"{self.at(key)}[{index}]", item) for index, item in enumerate(value or [])]

    def records(
        self, key: str, fields: dict[str, Callable[[_Fields, str], Any]], *, nullable: bool = False
    ) -> list[dict[str, Any]] | None:
        """A list of objects, each with exactly `fields` (name -> reader), read in that order;
        None for null (when `nullable`) or for a value that is not a list (a problem)."""
        value = self.value(key, (list,), "a list", nullable=nullable)
        if value is None:
            return None
        records = []
        for index, item in enumerate(value):
            record = _Fields(item, f"{self.at(key)}[{index}]", self._problems)
            records.append({name: read(record, name) for name, read in fields.items()})
            record.finish()
        return records


@dataclass
class _Exercise:
    path: str
    id: str
    custom: bool
    name: str
    slug: str | None
    favourite: bool
    rest_seconds: int | None
    columns: dict[str, Any]  # every column, for a custom exercise


@dataclass
class _Record:
    """A row to insert: its columns (created_at included) and where it was in the document."""

    path: str
    columns: dict[str, Any]


@dataclass
class _Workout:
    path: str
    columns: dict[str, Any]
    slots: list[_Record]
    sets: list[_Record]


@dataclass
class _Document:
    profile: dict[str, Any] | None
    exercises: list[_Exercise]
    workouts: list[_Workout]
    body_metrics: list[_Record]
    plateaus: list[_Record]
    templates: list[_Record]
    enrollments: list[_Record]
    problems: list[str]


def _float_or_none(value: Any) -> float | None:
    return float(value) if value is not None else None


def _read_exercise(value: Any, path: str, problems: list[str]) -> _Exercise | None:
    f = _Fields(value, path, problems)
    custom = f.flag("custom")
    columns: dict[str, Any] = {
        "id": f.identifier("id"),
        "slug": f.text("slug", nullable=True),
        "name": f.text("name", limit=MAX_EXERCISE_NAME),
        "is_custom": custom,
        "is_favourite": f.flag("favourite"),
        "rest_seconds": f.integer("rest_seconds", 0, MAX_REST_S, nullable=True),
    }
    if custom:
        columns |= {
            "aliases": f.strings("aliases"),
            "category": f.choice("category", CATEGORIES),
            "subcategory": f.choice("mechanic", SUBCATEGORIES),
            "equipment": f.strings("equipment", EQUIPMENT),
            "primary_muscles": f.strings("primary_muscles", MUSCLES),
            "secondary_muscles": f.strings("secondary_muscles", MUSCLES),
            "movement_pattern": f.choice("movement_pattern", MOVEMENT_PATTERNS),
            "plane_of_motion": f.choice("plane_of_motion", PLANES_OF_MOTION),
            "difficulty": f.integer("difficulty", 1, 5),
            "beginner_friendly": f.flag("beginner_friendly"),
            "progression_type": f.choice("progression_type", PROGRESSION_TYPES),
            "description": f.text("description"),
            "instructions": f.strings("instructions"),
            "tips": f.strings("tips"),
            "common_mistakes": f.strings("common_mistakes"),
            "created_at": f.moment("created_at"),
        }
    f.finish()
    if not f.ok:
        return None
    return _Exercise(
        path,
        columns["id"],
        custom,
        columns["name"],
        columns["slug"],
        columns["is_favourite"],
        columns["rest_seconds"],
        columns,
    )


def _read_set(value: Any, path: str, problems: list[str]) -> _Record:
    f = _Fields(value, path, problems)
    duration = f.integer("duration_s", 0, MAX_SET_SECONDS, nullable=True)
    distance = f.number("distance_m", 0, MAX_DISTANCE_M, nullable=True)
    if duration is not None or distance is not None:
        # A timed or distance set (a plank, a run) may have no reps.
        reps = f.integer("reps", 0, MAX_REPS)
    else:
        reps = f.checked("reps", validate_reps, (int,), "a whole number")
    weight = _float_or_none(f.checked("weight_kg", validate_weight_kg, (int, float), "a number"))
    columns = {
        "id": f.identifier("id"),
        "exercise_id": f.identifier("exercise_id"),
        "exercise_order": f.integer("exercise_order", 0, MAX_POSITION),
        "set_number": f.integer("set_number", 0, MAX_POSITION),
        "set_type": f.choice("set_type", SET_TYPES),
        "weight_kg": weight,
        "entered_unit": f.choice("entered_unit", UNITS),
        "is_bodyweight": f.flag("is_bodyweight"),
        "reps": reps,
        "rpe": _float_or_none(
            f.checked("rpe", validate_rpe, (int, float), "a number", nullable=True)
        ),
        "tempo": f.checked(
            "tempo", lambda v: SetDetails(tempo=v).validated(), (str,), "text", nullable=True
        ),
        "rest_seconds": f.integer("rest_seconds", 0, MAX_REST_S, nullable=True),
        "time_under_tension_s": f.integer("time_under_tension_s", 0, MAX_REST_S, nullable=True),
        "duration_s": duration,
        "distance_m": distance,
        "technique_rating": f.checked(
            "technique_rating",
            lambda v: SetDetails(technique_rating=v).validated(),
            (int,),
            "a whole number",
            nullable=True,
        ),
        "notes": f.text("notes"),
        "volume_load": f.number("volume_load", 0, MAX_TOTAL_VOLUME_KG),
        "estimated_1rm": f.number("estimated_1rm", 0, MAX_E1RM_KG, nullable=True),
        "relative_intensity": f.number(
            "relative_intensity", 0, MAX_RELATIVE_INTENSITY, nullable=True
        ),
        "anomaly": _anomaly(f),
        # Exports from before anomalies have neither key.
        "anomaly_confirmed": f.flag("anomaly_confirmed") if f.has("anomaly_confirmed") else False,
        "logged_at": f.moment("logged_at"),
        "created_at": f.moment("created_at"),
    }
    f.finish()
    load = columns["volume_load"]
    expected = volume_load(weight, reps) if f.ok and weight is not None else None
    if expected is not None and not math.isclose(load, expected, rel_tol=1e-9, abs_tol=1e-6):
        f.fail("volume_load", f"must be weight_kg x reps ({format_number(expected, 6)})")
    return _Record(path, columns)


# Lists of objects as services.anomalies (a set's reasons) and services.plateaus (a plateau's
# causes and protocols) store them, each with exactly these fields; numbers are kept as written.
_REASON_FIELDS: Final[dict[str, Callable[[_Fields, str], Any]]] = {
    "code": _Fields.text,
    "message": _Fields.text,
    "value": _Fields.finite,
    "threshold": _Fields.finite,
}
_CAUSE_FIELDS: Final[dict[str, Callable[[_Fields, str], Any]]] = {
    "code": _Fields.text,
    "text": _Fields.text,
    "value": _Fields.finite,
    "threshold": _Fields.finite,
}
_PROTOCOL_FIELDS: Final[dict[str, Callable[[_Fields, str], Any]]] = {
    "code": _Fields.text,
    "text": _Fields.text,
    "rationale": _Fields.text,
    "causes": _Fields.strings,
}


def _anomaly(f: _Fields) -> list[dict[str, Any]] | None:
    """Why the set looked implausible, as stored; None when it looked fine (or the export is
    from before anomalies)."""
    if not f.has("anomaly"):
        return None
    reasons = f.records("anomaly", _REASON_FIELDS, nullable=True)
    if reasons == []:
        f.fail("anomaly", "must list at least one reason, or be null")
    return reasons


def _read_slot(value: Any, path: str, problems: list[str]) -> _Record:
    f = _Fields(value, path, problems)
    columns = {
        "id": f.identifier("id"),
        "exercise_id": f.identifier("exercise_id"),
        "position": f.integer("position", 0, MAX_POSITION),
        "notes": f.text("notes"),
        "created_at": f.moment("created_at"),
    }
    f.finish()
    return _Record(path, columns)


_READINESS_ANSWERS: Final = ("sleep_quality", "stress", "motivation", "energy", "soreness")


def _answer_check(name: str) -> Callable[[Any], object]:
    return lambda value: Readiness(**{name: value}).validated()


def _read_workout(value: Any, path: str, problems: list[str]) -> _Workout:
    f = _Fields(value, path, problems)
    columns: dict[str, Any] = {
        "id": f.identifier("id"),
        "name": f.text("name", limit=MAX_NAME),
        "date": f.day("date"),
        "started_at": f.moment("started_at", nullable=True),
        "ended_at": f.moment("ended_at", nullable=True),
        "status": f.choice("status", WORKOUT_STATUSES),
        "notes": f.text("notes"),
        "template_id": None,
        "enrollment_id": None,
        "plan": None,
    }
    # Exports from before plans have none of the three keys.
    if f.has("plan") or f.has("template_id") or f.has("enrollment_id"):
        columns["template_id"] = f.optional_identifier("template_id")
        columns["enrollment_id"] = f.optional_identifier("enrollment_id")
        columns["plan"] = _workout_plan(f, path, problems)
    readiness = f.nested("readiness")
    for name in _READINESS_ANSWERS:
        columns[name] = readiness.checked(
            name, _answer_check(name), (int,), "a whole number", nullable=True
        )
    columns["sleep_hours"] = _float_or_none(
        readiness.checked(
            "sleep_hours", _answer_check("sleep_hours"), (int, float), "a number", nullable=True
        )
    )
    columns["readiness_score"] = readiness.number("score", 0, 100, nullable=True)
    readiness.finish()
    totals = f.nested("totals")
    columns |= {
        "total_volume_kg": totals.number("volume_kg", 0, MAX_TOTAL_VOLUME_KG),
        "total_sets": totals.integer("sets", 0, MAX_TOTAL_SETS),
        "total_reps": totals.integer("reps", 0, MAX_TOTAL_SETS * MAX_REPS),
        "avg_rpe": totals.number("avg_rpe", 1, 10, nullable=True),
        "max_rpe": _float_or_none(
            totals.checked("max_rpe", validate_rpe, (int, float), "a number", nullable=True)
        ),
        "duration_s": totals.integer("duration_s", 0, MAX_WORKOUT_SECONDS, nullable=True),
        "intensity": totals.number("intensity", 0, MAX_RELATIVE_INTENSITY, nullable=True),
        "muscle_groups": totals.strings("muscle_groups", MUSCLES),
    }
    totals.finish()
    columns["created_at"] = f.moment("created_at")
    slots = [_read_slot(item, item_path, problems) for item_path, item in f.items("exercises")]
    sets = [_read_set(item, item_path, problems) for item_path, item in f.items("sets")]
    f.finish()
    if f.ok:
        _check_totals(totals, columns, [s.columns for s in sets])
    return _Workout(path, columns, slots, sets)


def _workout_plan(f: _Fields, path: str, problems: list[str]) -> dict[str, Any] | None:
    """The workout's plan as stored, if it reads as one (services/plans.py)."""
    raw = f.value("plan", (dict,), "an object", nullable=True)
    if raw is None:
        return None
    try:
        plan_from_dict(raw)
    except InvalidInput as error:
        problems.append(f"{path}.{error}")  # the message starts with "plan"
        return None
    return dict(raw)


def _check_totals(totals: _Fields, columns: dict[str, Any], sets: list[dict[str, Any]]) -> None:
    """The stored roll-ups must be those of the sets (what the app computes from them)."""
    if columns["total_sets"] != len(sets):
        totals.fail("sets", f"must be the number of sets ({len(sets)})")
    reps = sum(s["reps"] for s in sets)
    if columns["total_reps"] != reps:
        totals.fail("reps", f"must be the sets' total reps ({reps})")
    volume = math.fsum(volume_load(s["weight_kg"], s["reps"]) for s in sets)
    if abs(columns["total_volume_kg"] - volume) > VOLUME_TOLERANCE_KG:
        totals.fail("volume_kg", f"must be the sets' total volume ({format_number(volume, 3)})")


def _read_body_metric(value: Any, path: str, problems: list[str]) -> _Record | None:
    f = _Fields(value, path, problems)
    columns = {
        "id": f.identifier("id"),
        "measured_on": f.day("measured_on"),
        "bodyweight_kg": f.number("bodyweight_kg", 1, 1000, nullable=True),
        "body_fat_pct": f.number("body_fat_pct", 0, 100, nullable=True),
        "measurements": {},
        "notes": f.text("notes"),
        "created_at": f.moment("created_at"),
    }
    measurements = f.nested("measurements")
    for name in measurements.names():
        columns["measurements"][name] = measurements.number(name, 0, 10_000)
    f.finish()
    return _Record(path, columns) if f.ok else None


def _read_plateau(value: Any, path: str, problems: list[str]) -> _Record | None:
    f = _Fields(value, path, problems)
    columns = {
        "id": f.identifier("id"),
        "exercise_id": f.identifier("exercise_id"),
        "metric": f.choice("metric", (METRIC_E1RM,)),
        "start_date": f.day("start_date"),
        "end_date": f.day("end_date", nullable=True),
        "as_of": f.day("as_of"),
        "duration_days": f.integer("duration_days", 1, MAX_PLATEAU_DAYS),
        "confidence": f.number("confidence", 0, 1),
        "last_pr_date": f.day("last_pr_date"),
        "last_pr_kg": f.number("last_pr_kg", 0, MAX_E1RM_KG),
        "current_avg_kg": f.number("current_avg_kg", 0, MAX_E1RM_KG),
        "trend_kg_per_week": f.number("trend_kg_per_week", -MAX_E1RM_KG, MAX_E1RM_KG),
        "status": f.choice("status", STATUSES),
        "resolution": f.choice("resolution", RESOLUTIONS, nullable=True),
        "acknowledged": f.flag("acknowledged"),
        "feedback": f.text("feedback"),
        "causes": f.records("causes", _CAUSE_FIELDS),
        "protocols": f.records("protocols", _PROTOCOL_FIELDS),
        "detected_at": f.moment("detected_at"),
        "created_at": f.moment("created_at"),
    }
    f.finish()
    if f.ok:
        _check_plateau(f, columns)
    return _Record(path, columns) if f.ok else None


def _check_plateau(f: _Fields, columns: dict[str, Any]) -> None:
    """What services.plateaus always writes together: a stall starts the day after its last
    best and lasts to `as_of`; only a resolved one has a resolution."""
    start = columns["start_date"]
    if columns["last_pr_date"] != start - timedelta(days=1):
        f.fail("last_pr_date", f"must be the day before start_date ({start - timedelta(days=1)})")
    days = (columns["as_of"] - start).days + 1
    if columns["duration_days"] != days:
        f.fail("duration_days", f"must be the days from start_date to as_of ({days})")
    if columns["end_date"] is not None and columns["end_date"] < start:
        f.fail("end_date", "must not be before start_date")
    if (columns["status"] == RESOLVED) != (columns["resolution"] is not None):
        f.fail("resolution", "must be given for a resolved plateau and null otherwise")
    if len(columns["feedback"]) > MAX_FEEDBACK:
        f.fail("feedback", f"must have at most {MAX_FEEDBACK} characters")


def _read_template(value: Any, path: str, problems: list[str]) -> _Record | None:
    f = _Fields(value, path, problems)
    columns = {
        "id": f.identifier("id"),
        "name": f.text("name", limit=MAX_TEMPLATE_NAME),
        "notes": f.text("notes"),
        "source_workout_id": f.optional_identifier("source_workout_id"),
        "exercises": f.value("exercises", (list,), "a list"),
        "created_at": f.moment("created_at"),
    }
    f.finish()
    if f.ok and len(columns["notes"]) > MAX_NOTES:
        f.fail("notes", f"must have at most {MAX_NOTES} characters")
    if f.ok:
        try:
            exercises_from_json(columns["exercises"], f.at("exercises"))
        except InvalidInput as error:
            problems.append(str(error))
            return None
    return _Record(path, columns) if f.ok else None


def _read_enrollment(value: Any, path: str, problems: list[str]) -> _Record | None:
    """An enrollment's fields; whether its programme and state read here is checked when the
    import is planned (it needs this home's exercises)."""
    f = _Fields(value, path, problems)
    columns = {
        "id": f.identifier("id"),
        "program_key": f.text("program_key", limit=MAX_NAME),
        "program_name": f.text("program_name", limit=MAX_NAME),
        "program": f.value("program", (dict,), "an object"),
        "state": f.value("state", (dict,), "an object"),
        "status": f.choice("status", ENROLLMENT_STATUSES),
        "started_on": f.day("started_on"),
        "ended_on": f.day("ended_on", nullable=True),
        "created_at": f.moment("created_at"),
    }
    f.finish()
    if f.ok and columns["ended_on"] is not None and columns["ended_on"] < columns["started_on"]:
        f.fail("ended_on", "must not be before started_on")
    if f.ok and (columns["status"] == ACTIVE) != (columns["ended_on"] is None):
        f.fail("ended_on", "must be null for an active programme and a date otherwise")
    return _Record(path, columns) if f.ok else None


# Profile column -> (JSON types, what they are, may be null). Ranges come from `config set`.
_PROFILE_TYPES: Final[dict[str, tuple[tuple[type, ...], str, bool]]] = {
    "first_name": ((str,), "text", True),
    "last_name": ((str,), "text", True),
    "display_name": ((str,), "text", True),
    "age": ((int,), "a whole number", True),
    "bodyweight_kg": ((int, float), "a number", True),
    "height_cm": ((int, float), "a number", True),
    "body_fat_pct": ((int, float), "a number", True),
    "years_training": ((int, float), "a number", True),
    "timezone": ((str,), "an IANA time zone", True),
    "rest_compound_s": ((int,), "a whole number", False),
    "rest_isolation_s": ((int,), "a whole number", False),
    "bar_weight_kg": ((int, float), "a number", False),
}
_PROFILE_CHOICES: Final[dict[str, tuple[tuple[str, ...], bool]]] = {
    "sex": (SEXES, True),
    "experience_level": (EXPERIENCE_LEVELS, True),
    "unit": (UNITS, False),
    "theme": (THEMES, False),
    "e1rm_formula": (E1RM_FORMULAS, False),
}
_FLOAT_PROFILE_FIELDS: Final = ("bodyweight_kg", "height_cm", "body_fat_pct", "years_training")


def _setting_check(column: str) -> Callable[[Any], object]:
    setting = next(s for s in SETTINGS.values() if s.column == column)
    # Weights in the document are kilograms: check them as a kg lifter's `config set` would.
    return lambda value: setting.parse(str(value), "kg")


def _read_profile(value: Any, problems: list[str]) -> dict[str, Any] | None:
    f = _Fields(value, "profile", problems)
    values: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        if name in _PROFILE_CHOICES:
            options, nullable = _PROFILE_CHOICES[name]
            values[name] = f.choice(name, options, nullable=nullable)
        elif name in _PROFILE_TYPES:
            kinds, what, nullable = _PROFILE_TYPES[name]
            values[name] = f.checked(name, _setting_check(name), kinds, what, nullable=nullable)
    for name in (*_FLOAT_PROFILE_FIELDS, "bar_weight_kg"):
        values[name] = _float_or_none(values[name])
    values["goals"] = f.strings("goals")
    plates = f.nested("plate_inventory")
    values["plate_inventory"] = {}
    for key in plates.names():
        try:
            plate_kg = float(key)
        except ValueError:
            plate_kg = math.nan
        if not 0 < plate_kg <= 100:
            plates.fail(key, "a plate's weight (the key) must be between 0 and 100 kg")
        values["plate_inventory"][key] = plates.integer(key, 0, 100)
    f.finish()
    return values if f.ok else None


def _read_document(document: Any) -> _Document:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InvalidInput(f'not a Halterofit export: expected "format": "{FORMAT_NAME}"')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidInput(f"this export has no valid version (got {_shown(version)})")
    if version > FORMAT_VERSION:
        raise InvalidInput(
            f"this export is version {version}, from a newer Halterofit; this one reads "
            f"version {FORMAT_VERSION}: upgrade Halterofit to import it"
        )
    problems: list[str] = []
    top = _Fields(document, "", problems)
    top.value("format", (str,), "text")
    top.value("version", (int,), "a whole number")
    top.moment("exported_at")
    top.day("since", nullable=True)
    profile_data = top.value("profile", (dict,), "an object")
    profile = _read_profile(profile_data, problems) if profile_data is not None else None
    exercises = [_read_exercise(item, path, problems) for path, item in top.items("exercises")]
    workouts: list[_Workout] = []
    for path, item in top.items("workouts"):
        before = len(problems)
        workout = _read_workout(item, path, problems)
        if len(problems) == before:
            workouts.append(workout)
    metrics = [_read_body_metric(item, path, problems) for path, item in top.items("body_metrics")]
    # Exports from before plateaus have no such list.
    listed = top.items("plateaus") if top.has("plateaus") else []
    plateaus = [_read_plateau(item, path, problems) for path, item in listed]
    # Nor templates and enrollments before them.
    listed = top.items("templates") if top.has("templates") else []
    templates = [_read_template(item, path, problems) for path, item in listed]
    listed = top.items("program_enrollments") if top.has("program_enrollments") else []
    enrollments = [_read_enrollment(item, path, problems) for path, item in listed]
    top.finish()
    parsed = _Document(
        profile,
        [e for e in exercises if e is not None],
        workouts,
        [m for m in metrics if m is not None],
        [p for p in plateaus if p is not None],
        [t for t in templates if t is not None],
        [e for e in enrollments if e is not None],
        problems,
    )
    _drop_repeated_ids(parsed)
    return parsed


def _drop_repeated_ids(document: _Document) -> None:
    """An id used twice in the document is a problem at its second use (that record is dropped)."""
    first_use: dict[str, str] = {}

    def repeated(path: str, row_id: str) -> bool:
        if row_id in first_use:
            document.problems.append(f"{path}.id: the same id as {first_use[row_id]}")
            return True
        first_use[row_id] = path
        return False

    document.exercises = [e for e in document.exercises if not repeated(e.path, e.id)]
    kept: list[_Workout] = []
    for workout in document.workouts:
        clashes = [
            repeated(record.path, record.columns["id"])
            for record in (_Record(workout.path, workout.columns), *workout.slots, *workout.sets)
        ]
        if not any(clashes):
            kept.append(workout)
    document.workouts = kept
    document.body_metrics = [
        m for m in document.body_metrics if not repeated(m.path, m.columns["id"])
    ]
    document.plateaus = [p for p in document.plateaus if not repeated(p.path, p.columns["id"])]
    document.templates = [t for t in document.templates if not repeated(t.path, t.columns["id"])]
    document.enrollments = [
        e for e in document.enrollments if not repeated(e.path, e.columns["id"])
    ]


# --- fitting the document into this home -------------------------------------------------------


@dataclass
class _Plan:
    problems: list[str]
    new_exercises: list[_Exercise] = field(default_factory=list)
    exercise_of: dict[str, str] = field(default_factory=dict)  # document id -> id here
    settings: list[tuple[str, bool, int | None]] = field(default_factory=list)
    matches: list[ExerciseMatch] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    workouts: list[_Workout] = field(default_factory=list)
    body_metrics: list[_Record] = field(default_factory=list)
    plateaus: list[_Record] = field(default_factory=list)
    # Live rows this home had for the stalls of `plateaus`, which the document's replace.
    replaced_plateaus: set[str] = field(default_factory=set)
    templates: list[_Record] = field(default_factory=list)
    enrollments: list[_Record] = field(default_factory=list)
    already_present: int = 0
    profile: str = "skipped"

    @property
    def adds_rows(self) -> bool:
        return bool(
            self.new_exercises
            or self.workouts
            or self.body_metrics
            or self.plateaus
            or self.templates
            or self.enrollments
        )


def _existing_ids(session: Session, table: type[SyncColumns], ids: list[str]) -> set[str]:
    """Which of `ids` the table holds, tombstones included (a deleted row stays deleted)."""
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(session.exec(select(table.id).where(col(table.id).in_(chunk))).all())
    return found


class _Library:
    """This home's exercises as the import sees them: by id, slug, and normalised name/alias."""

    def __init__(self, session: Session) -> None:
        rows = session.exec(select(ExerciseRow)).all()
        self.names = {row.id: row.name for row in rows}
        self.slugs = {row.slug: row.id for row in rows if row.slug and not row.deleted}
        self.labels: dict[str, str] = {}
        live = [row for row in rows if not row.deleted]
        for row in live:
            for alias in row.aliases:
                self.labels.setdefault(normalise_name(alias), row.id)
        for row in live:
            self.labels[normalise_name(row.name)] = row.id  # a name beats an alias

    def add(self, entry: _Exercise, aliases: list[str]) -> None:
        self.names[entry.id] = entry.name
        for label in (entry.name, *aliases):
            self.labels.setdefault(normalise_name(label), entry.id)


def _plan_exercises(session: Session, document: _Document, plan: _Plan) -> _Library:
    library = _Library(session)
    for entry in document.exercises:
        if entry.id in library.names:
            plan.exercise_of[entry.id] = entry.id
            if entry.custom:
                plan.already_present += 1
                continue
            target = entry.id
        elif entry.slug and entry.slug in library.slugs:
            target = library.slugs[entry.slug]
        elif normalise_name(entry.name) in library.labels:
            target = library.labels[normalise_name(entry.name)]
        elif entry.custom:
            kept: list[str] = []
            for alias in entry.columns["aliases"]:
                other = library.labels.get(normalise_name(alias))
                if other is None:
                    kept.append(alias)
                else:
                    plan.remarks.append(
                        f"exercise '{entry.name}': alias '{alias}' left out, it names "
                        f"'{library.names[other]}' here"
                    )
            entry.columns["aliases"] = kept
            library.add(entry, kept)
            plan.new_exercises.append(entry)
            plan.exercise_of[entry.id] = entry.id
            continue
        else:
            plan.problems.append(
                f"{entry.path}: built-in exercise '{entry.name}' is not in this library "
                "(exported by a newer Halterofit?)"
            )
            continue
        plan.exercise_of[entry.id] = target
        if target != entry.id:
            plan.matches.append(ExerciseMatch(entry.name, library.names[target]))
        plan.settings.append((target, entry.favourite, entry.rest_seconds))
    return library


def _plan_workouts(session: Session, document: _Document, plan: _Plan, library: _Library) -> None:
    ids = [w.columns["id"] for w in document.workouts]
    present = _existing_ids(session, WorkoutRow, ids)
    fresh = [w for w in document.workouts if w.columns["id"] not in present]
    plan.already_present += len(document.workouts) - len(fresh)
    taken_sets = _existing_ids(
        session, ExerciseSetRow, [s.columns["id"] for w in fresh for s in w.sets]
    )
    taken_slots = _existing_ids(
        session, WorkoutExerciseRow, [s.columns["id"] for w in fresh for s in w.slots]
    )
    in_progress = active_workout_row(session) is not None
    for workout in fresh:
        before = len(plan.problems)
        for records, taken in ((workout.slots, taken_slots), (workout.sets, taken_sets)):
            for record in records:
                if record.columns["id"] in taken:
                    plan.problems.append(f"{record.path}.id: already used by another row here")
                exercise_id = record.columns["exercise_id"]
                if exercise_id not in plan.exercise_of and exercise_id not in library.names:
                    plan.problems.append(
                        f"{record.path}.exercise_id: no such exercise here or in the document"
                    )
        workout_plan = workout.columns["plan"]
        for index, planned in enumerate(workout_plan["sets"] if workout_plan else []):
            known_here = planned["exercise_id"] in library.names
            if planned["exercise_id"] not in plan.exercise_of and not known_here:
                plan.problems.append(
                    f"{workout.path}.plan.sets[{index}].exercise_id: no such exercise here or "
                    "in the document"
                )
        if workout.columns["status"] == "in_progress" and in_progress:
            plan.problems.append(
                f"{workout.path}.status: another workout is already in progress here; "
                "finish it first"
            )
        if len(plan.problems) > before:
            continue
        for record in (*workout.slots, *workout.sets):
            exercise_id = record.columns["exercise_id"]
            record.columns["exercise_id"] = plan.exercise_of.get(exercise_id, exercise_id)
        for planned in workout_plan["sets"] if workout_plan else []:
            planned["exercise_id"] = plan.exercise_of.get(
                planned["exercise_id"], planned["exercise_id"]
            )
        in_progress = in_progress or workout.columns["status"] == "in_progress"
        plan.workouts.append(workout)


def _plan_templates(session: Session, document: _Document, plan: _Plan, library: _Library) -> None:
    present = _existing_ids(session, TemplateRow, [t.columns["id"] for t in document.templates])
    names = {row.name.casefold() for row in template_rows(session)}
    for record in document.templates:
        columns = record.columns
        if columns["id"] in present:
            plan.already_present += 1
            continue
        if columns["name"].casefold() in names:
            plan.problems.append(
                f"{record.path}.name: a template named '{columns['name']}' exists here already"
            )
            continue
        stored = exercises_from_json(columns["exercises"])
        missing = [
            index
            for index, (exercise_id, _) in enumerate(stored)
            if exercise_id not in plan.exercise_of and exercise_id not in library.names
        ]
        if missing:
            plan.problems.append(
                f"{record.path}.exercises[{missing[0]}].exercise_id: no such exercise here or "
                "in the document"
            )
            continue
        names.add(columns["name"].casefold())
        columns["exercises"] = exercises_json(
            [(plan.exercise_of.get(i, i), sets) for i, sets in stored]
        )
        plan.templates.append(record)


def _plan_enrollments(
    session: Session, document: _Document, plan: _Plan, library: _Library
) -> None:
    ids = [e.columns["id"] for e in document.enrollments]
    present = _existing_ids(session, ProgramEnrollmentRow, ids)
    active_here = active_enrollment_row(session) is not None
    for record in document.enrollments:
        columns = record.columns
        if columns["id"] in present:
            plan.already_present += 1
            continue
        try:
            program = parse_program(columns["program"], library.slugs)
        except InvalidProgram as error:
            at, problem = f"{record.path}.program", error.problems[0]
            whole = problem.startswith("the programme:")
            plan.problems.append(
                problem.replace("the programme", at, 1) if whole else f"{at}.{problem}"
            )
            continue
        try:
            ProgramState.from_dict(columns["state"], program)
        except InvalidInput as error:
            plan.problems.append(f"{record.path}.state: {error}")
            continue
        if columns["status"] == ACTIVE:
            if active_here:
                plan.problems.append(
                    f"{record.path}.status: another programme is active here; stop it first"
                )
                continue
            active_here = True
        plan.enrollments.append(record)


def _verdict(row: PlateauRow) -> tuple[Any, ...]:
    return (row.status, row.resolution, row.acknowledged, row.feedback)


def _verdict_of(columns: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(columns[name] for name in ("status", "resolution", "acknowledged", "feedback"))


def _lifters_verdict(row: PlateauRow) -> bool:
    """A stall the lifter judged (services.plateaus never changes it again)."""
    return row.status == FALSE_POSITIVE or row.resolution == BY_USER


def _same_stall(session: Session, exercise_id: str, start: date) -> list[PlateauRow]:
    return list(
        session.exec(
            select(PlateauRow).where(
                PlateauRow.exercise_id == exercise_id,
                PlateauRow.start_date == start,
                PlateauRow.deleted == False,  # noqa: E712
            )
        ).all()
    )


def _plan_plateaus(session: Session, document: _Document, plan: _Plan, library: _Library) -> None:
    present = _existing_ids(session, PlateauRow, [p.columns["id"] for p in document.plateaus])
    taken: dict[tuple[str, date], str] = {}  # stall -> path of the document plateau on it
    for record in document.plateaus:
        columns = record.columns
        if columns["id"] in present:
            # A stall's id is the same on every device (services.plateaus.plateau_id): the row
            # here is this document's unless the document carries a verdict it lacks.
            mine = session.get(PlateauRow, columns["id"])
            if mine is None or mine.deleted or _verdict(mine) == _verdict_of(columns):
                plan.already_present += 1
                continue
        exercise_id = columns["exercise_id"]
        if exercise_id not in plan.exercise_of and exercise_id not in library.names:
            plan.problems.append(
                f"{record.path}.exercise_id: no such exercise here or in the document"
            )
            continue
        columns["exercise_id"] = plan.exercise_of.get(exercise_id, exercise_id)
        stall = (columns["exercise_id"], columns["start_date"])
        name = library.names[columns["exercise_id"]]
        if stall in taken:
            # As services.plateaus does with two rows of one stall: the earlier one stays.
            plan.remarks.append(
                f"{record.path}: left out, the same plateau of '{name}' as {taken[stall]}"
            )
            continue
        taken[stall] = record.path
        here = _same_stall(session, *stall)
        judged = next((row for row in here if _lifters_verdict(row)), None)
        if judged is not None:
            verdict = "dismissed" if judged.status == FALSE_POSITIVE else "resolved"
            plan.remarks.append(
                f"{record.path}: left out, you already {verdict} the plateau of '{name}' "
                f"from {stall[1]} here"
            )
            continue
        plan.replaced_plateaus.update(row.id for row in here)
        plan.plateaus.append(record)


def _default_profile() -> dict[str, Any]:
    """The profile a new home starts with (see services.profile.ensure_profile)."""
    plates = {format_number(kg, 6): count for kg, count in DEFAULT_PLATES_KG.items()}
    row = ProfileRow(unit="kg", bar_weight_kg=DEFAULT_BAR_KG, plate_inventory=plates)
    return _profile_values(row)


def _profile_values(row: ProfileRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in PROFILE_FIELDS}


def _plan(session: Session, document: _Document) -> _Plan:
    plan = _Plan(document.problems)
    library = _plan_exercises(session, document, plan)
    _plan_workouts(session, document, plan, library)
    present = _existing_ids(
        session, BodyMetricRow, [m.columns["id"] for m in document.body_metrics]
    )
    plan.body_metrics = [m for m in document.body_metrics if m.columns["id"] not in present]
    plan.already_present += len(document.body_metrics) - len(plan.body_metrics)
    _plan_plateaus(session, document, plan, library)
    _plan_templates(session, document, plan, library)
    _plan_enrollments(session, document, plan, library)
    if document.profile is not None:
        home = profile_row(session)
        current = _profile_values(home) if home is not None else None
        if current == document.profile:
            plan.profile = "unchanged"
        elif current == _default_profile():
            plan.profile = "applied"
        else:
            plan.profile = "kept"
    return plan


# --- writing ---------------------------------------------------------------------------------


def _apply_settings(db: Database, session: Session, plan: _Plan) -> int:
    changed = 0
    for exercise_id, favourite, rest_seconds in plan.settings:
        row = session.get(ExerciseRow, exercise_id)
        if row is None:
            continue
        gains_favourite = favourite and not row.is_favourite
        gains_rest = rest_seconds is not None and row.rest_seconds is None
        if gains_favourite or gains_rest:
            row.is_favourite = row.is_favourite or favourite
            row.rest_seconds = row.rest_seconds if row.rest_seconds is not None else rest_seconds
            db.stamp(session, row)
            changed += 1
    return changed


def _insert_rows(session: Session, table: type[SyncColumns], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(table), rows)


def _write(
    db: Database,
    session: Session,
    plan: _Plan,
    profile: dict[str, Any] | None,
    sync: dict[str, Any],
) -> int:
    """Insert everything the plan holds but plateaus; returns how many exercises gained
    settings.

    New rows go in as bulk INSERTs a page of workouts at a time: building an ORM object per
    set made a 100,000-set import take minutes. The import is one edit, so every new row
    carries the same sync stamp `sync` (as for other bulk writes); `created_at` is the
    document's.
    """
    _insert_rows(session, ExerciseRow, [{**sync, **entry.columns} for entry in plan.new_exercises])
    for start in range(0, len(plan.workouts), WORKOUTS_PER_INSERT):
        page = plan.workouts[start : start + WORKOUTS_PER_INSERT]
        _insert_rows(session, WorkoutRow, [{**sync, **workout.columns} for workout in page])
        for table, attribute in ((WorkoutExerciseRow, "slots"), (ExerciseSetRow, "sets")):
            _insert_rows(
                session,
                table,
                [
                    {**sync, **record.columns, "workout_id": workout.columns["id"]}
                    for workout in page
                    for record in getattr(workout, attribute)
                ],
            )
    _insert_rows(
        session, BodyMetricRow, [{**sync, **metric.columns} for metric in plan.body_metrics]
    )
    _insert_rows(session, TemplateRow, [{**sync, **t.columns} for t in plan.templates])
    _insert_rows(session, ProgramEnrollmentRow, [{**sync, **e.columns} for e in plan.enrollments])
    refresh_performance_metrics(session, {workout.columns["date"] for workout in plan.workouts})
    if plan.profile == "applied" and profile is not None:
        home = profile_row(session)
        assert home is not None, "open_store() creates the profile"
        for name, value in profile.items():
            setattr(home, name, value)
        db.stamp(session, home)
        # The welcome questions would only overwrite what the lifter just brought along.
        db.set_meta(session, ONBOARDED_META_KEY, "imported")
    return _apply_settings(db, session, plan)


def _write_plateaus(db: Database, session: Session, plan: _Plan, sync: dict[str, Any]) -> None:
    """Insert the document's plateaus, each in place of the live row stored here for its stall:
    one this home had is deleted as any row is (a tombstone, for sync); one the refresh has just
    stored during this import is dropped before it exists anywhere else."""
    inserted: list[dict[str, Any]] = []
    for record in plan.plateaus:
        stall = (record.columns["exercise_id"], record.columns["start_date"])
        same_id: PlateauRow | None = None
        for row in _same_stall(session, *stall):
            if row.id == record.columns["id"]:
                same_id = row  # the same stall found here: it takes the document's figures
            elif row.id in plan.replaced_plateaus:
                row.deleted = True
                db.stamp(session, row)
            else:
                session.delete(row)
        if same_id is None:
            inserted.append({**sync, **record.columns})
            continue
        for name, value in record.columns.items():
            setattr(same_id, name, value)
        db.stamp(session, same_id)
    _insert_rows(session, PlateauRow, inserted)


def import_json_export(
    db: Database, document: dict[str, Any], *, dry_run: bool = False, strict: bool = False
) -> JsonImportResult:
    """Import a parsed `halterofit export --format json` document (see the module docstring).

    Raises InvalidInput when the document is not a Halterofit export or is from a newer version.
    """
    parsed = _read_document(document)
    with db.session() as session:
        plan = _plan(session, parsed)
        refused = strict and bool(plan.problems)
        settings = 0
        if not refused:
            # Nothing new, nothing stamped: a second import of the same file changes no byte.
            sync = sync_columns(db, session) if plan.adds_rows else {}
            settings = _write(db, session, plan, parsed.profile, sync)
            if dry_run:
                session.rollback()
            else:
                imported = {s.columns["exercise_id"] for w in plan.workouts for s in w.sets}
                refresh_after_import_in(db, session, imported)
                # After the refresh, which would otherwise update the figures of a plateau
                # the detector still keeps: the document's rows stay as exported.
                _write_plateaus(db, session, plan, sync)
    if refused:
        plan = _Plan(plan.problems)
    return JsonImportResult(
        workouts=len(plan.workouts),
        sets=sum(len(w.sets) for w in plan.workouts),
        body_metrics=len(plan.body_metrics),
        plateaus=len(plan.plateaus),
        templates=len(plan.templates),
        program_enrollments=len(plan.enrollments),
        exercises_created=len(plan.new_exercises),
        exercises_matched=tuple(plan.matches),
        exercise_settings=settings,
        already_present=plan.already_present,
        profile=plan.profile,
        problems=tuple(plan.problems),
        remarks=tuple(plan.remarks),
        dry_run=dry_run,
        refused=refused,
    )
