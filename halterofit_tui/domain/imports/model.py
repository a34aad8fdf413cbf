"""What a parsed export looks like, whatever app wrote it.

Parsers turn a file's text into these records and never touch the store; the import service
matches exercise names, derives row identities from `source_key` and writes. Times are the
naive local wall-clock times the source app wrote: the service places them in the lifter's
time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from halterofit_tui.domain.errors import InvalidInput

SourceFormat = Literal["strong", "hevy", "fitnotes"]


@dataclass(frozen=True)
class ImportedSet:
    line: int  # the line where the set's record starts in the file (1 = header)
    source_key: str  # stable across re-exports of the same history: identifies the set
    exercise_name: str  # as the source wrote it, stripped
    category_hint: str | None  # the source's own category (FitNotes), for new custom exercises
    set_type: str  # one of notation.SET_TYPES
    weight_kg: float  # added load in kg (0 for a bodyweight set without added load)
    entered_unit: str  # "kg" or "lb": what the source used, so the set reads back as entered
    is_bodyweight: bool
    reps: int
    rpe: float | None
    duration_s: int | None
    distance_m: float | None
    rest_seconds: int | None
    notes: str
    superset: str | None  # the source's superset group within the workout, if any


@dataclass(frozen=True)
class ImportedWorkout:
    source_key: str  # stable identity of the workout in the source
    name: str
    day: date
    started_at: datetime | None  # naive local time; None when the source gives only a date
    ended_at: datetime | None  # naive local time, or None when unknown
    notes: str
    exercise_notes: tuple[tuple[str, str], ...]  # (exercise name, note) in workout order
    sets: tuple[ImportedSet, ...]


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ParsedExport:
    format: SourceFormat
    workouts: tuple[ImportedWorkout, ...]
    problems: tuple[RowProblem, ...]  # malformed rows: reported, never imported
    rows: int  # data rows read (header excluded)
    ignored_rows: int  # well-formed rows that hold no set (e.g. Strong's rest-timer rows)
    repaired_rows: int  # rows fixed on the way in (e.g. FitNotes' unquoted commas)


class UnitNeeded(InvalidInput):
    """The file's weights carry no unit and none was given: guessing would be silently wrong.
    The message says so; each interface adds how to give the unit there."""
