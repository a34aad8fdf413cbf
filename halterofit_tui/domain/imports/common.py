"""What the three parsers share: reading CSV records with their line numbers, header columns,
cell values, and assembling rows into workouts.

A row is read in two steps: the format's parser turns its cells into a `Row` (raising `RowError`
with a reason the user can act on), then `Assembler.add` files it under its workout. A row is
exactly one of: a set, a problem, or an ignored row (a rest timer, a note, or a row that records
no work), so `rows == sets + problems + ignored_rows` for every file.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Final

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.imports.model import (
    ImportedSet,
    ImportedWorkout,
    ParsedExport,
    RowProblem,
    SourceFormat,
)
from halterofit_tui.domain.notation import (
    MAX_REPS,
    MAX_WEIGHT_KG,
    validate_rpe,
    validate_weight_kg,
)
from halterofit_tui.domain.units import Unit, format_number, from_kg, parse_unit, to_kg

# A set held for more than a day, or a distance past 1000 km, is a typo, not training.
MAX_SET_SECONDS: Final = 24 * 3600
MAX_DISTANCE_M: Final = 1_000_000.0

METERS_PER: Final[dict[str, float]] = {
    "m": 1.0,
    "km": 1000.0,
    "mi": 1609.344,
    "ft": 0.3048,
    "yd": 0.9144,
}
_DISTANCE_UNITS: Final[dict[str, str]] = {
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mi": "mi",
    "mi.": "mi",
    "mile": "mi",
    "miles": "mi",
    "ft": "ft",
    "feet": "ft",
    "yd": "yd",
    "yds": "yd",
    "yard": "yd",
    "yards": "yd",
}


class RowError(Exception):
    """A row we cannot read; the message says why and goes into a RowProblem."""


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # physical line where the record starts (1 = the first line of the file)
    fields: list[str]
    error: str | None = None  # the CSV itself could not be read here


@dataclass(frozen=True)
class Table:
    header: list[str]  # as written, BOM and surrounding spaces removed
    delimiter: str
    records: Iterator[Record]  # the data records after the header, blank lines skipped


def _is_blank(fields: Sequence[str]) -> bool:
    return not "".join(fields).strip()


def _records(text: str, delimiter: str) -> Iterator[Record]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    end = 0  # last line consumed so far: the next record starts on the line after it
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Record(end + 1, [], f"unreadable CSV ({exc})")
            end = reader.line_num
            continue
        start, end = end + 1, reader.line_num
        if not _is_blank(fields):
            yield Record(start, fields)


def normalise_newlines(text: str) -> str:
    """'\r\n' and lone '\r' line ends as '\n', so line numbers count what an editor shows."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def sniff_delimiter(header_line: str) -> str:
    """Strong's older Android exports use ';'; every other layout uses ','."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_table(text: str) -> Table:
    """The header and an iterator over the data records; InvalidInput when there is no header."""
    text = normalise_newlines(text)
    first = text.lstrip().split("\n", 1)[0]
    if not first:
        raise InvalidInput("the file is empty")
    delimiter = sniff_delimiter(first)
    records = _records(text, delimiter)
    header = next(records, None)
    if header is None or header.error is not None:
        raise InvalidInput("the file has no readable header line")
    names = [name.strip().lstrip("\ufeff").strip() for name in header.fields]
    return Table(names, delimiter, records)


def normalise_name(name: str) -> str:
    return " ".join(name.lower().split())


def find_column(header: Sequence[str], *aliases: str) -> int | None:
    """Index of the first header cell matching one of `aliases` (case and spacing ignored)."""
    normalised = [normalise_name(name) for name in header]
    for alias in aliases:
        if alias in normalised:
            return normalised.index(alias)
    return None


def missing_columns_error(app: str, missing: Sequence[str], header: Sequence[str]) -> InvalidInput:
    found = (", ".join(header[:14]) + (", ..." if len(header) > 14 else ""))[:300]
    return InvalidInput(
        f"not a {app} export: missing column(s) {', '.join(missing)} (found: {found}); "
        "if the app was not in English, export again with its language set to English"
    )


def cell(fields: Sequence[str], index: int | None) -> str:
    """The stripped cell at `index`, or "" when the layout has no such column."""
    return "" if index is None else fields[index].strip()


def note_cell(fields: Sequence[str], index: int | None) -> str:
    """A note as written, spaces and all ("" when blank): notes survive exactly."""
    text = "" if index is None else fields[index]
    return text if text.strip() else ""


def check_field_count(fields: Sequence[str], expected: int) -> None:
    if len(fields) != expected:
        raise RowError(f"{len(fields)} fields where the header has {expected}")


_NUMBER_RE: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


@lru_cache(maxsize=4096)
def _float(text: str, decimal_comma: bool) -> float | None:
    # Exports repeat the same few numbers ("0", "135.0") thousands of times: remember them.
    candidate = text.replace(",", ".", 1) if decimal_comma else text
    return float(candidate) if _NUMBER_RE.fullmatch(candidate) else None


def number(text: str, what: str, decimal_comma: bool = False) -> float | None:
    """The number in `text` (None when empty); decimal commas only where the delimiter is ';'."""
    if not text:
        return None
    value = _float(text, decimal_comma)
    if value is None:
        raise RowError(f"{what} '{text}' is not a number")
    return value


def whole(value: float | None, what: str) -> int | None:
    """`value` as an int, refusing fractions: 8.0 reps is 8, 8.5 reps is a problem."""
    if value is None:
        return None
    if not value.is_integer():
        raise RowError(f"{what} must be a whole number (got {format_number(value, 6)})")
    return int(value)


def reps_value(text: str, decimal_comma: bool = False) -> int:
    """Reps (0 when empty) in 0..MAX_REPS; 0 is a timed or distance set, or no work at all."""
    reps = whole(number(text, "reps", decimal_comma), "reps") or 0
    if not 0 <= reps <= MAX_REPS:
        raise RowError(f"reps must be between 0 and {MAX_REPS} (got {reps})")
    return reps


def rpe_value(text: str, decimal_comma: bool = False) -> float | None:
    """RPE (None when empty or 0, which Strong writes when none was logged)."""
    rpe = number(text, "RPE", decimal_comma)
    if rpe is None or rpe == 0:
        return None
    try:
        return validate_rpe(rpe)
    except InvalidInput as exc:
        raise RowError(str(exc)) from None


def weight_kg(value: float | None, unit: Unit) -> float:
    """`value` in `unit` as kilograms (0 when empty), checked against the logger's limits."""
    if value is None:
        return 0.0
    try:
        return validate_weight_kg(to_kg(value, unit))
    except InvalidInput:
        # Speak the file's unit: "got -9.07 kg" would be a number the lifter never wrote.
        limit = format_number(MAX_WEIGHT_KG if unit == "kg" else from_kg(MAX_WEIGHT_KG, unit))
        raise RowError(
            f"weight must be between 0 and {limit} {unit} (got {format_number(value)} {unit})"
        ) from None


def weight_unit(text: str) -> Unit:
    try:
        return parse_unit(text)
    except InvalidInput:
        raise RowError(f"unknown weight unit '{text}': expected kg or lbs") from None


def seconds_value(value: float | None, what: str) -> int | None:
    """A set's duration in whole seconds (None when empty or 0, which means 'not timed')."""
    if value is None or value == 0:
        return None
    if not 0 < value <= MAX_SET_SECONDS:
        raise RowError(f"{what} must be between 0 and {MAX_SET_SECONDS} seconds (got {value:g})")
    return round(value)


def distance_unit(text: str) -> str:
    """'km', 'mi', 'm', 'ft' or 'yd' for the spellings the apps write ('mi.', 'miles', ...)."""
    unit = _DISTANCE_UNITS.get(text.strip().lower())
    if unit is None:
        raise RowError(f"unknown distance unit '{text}': expected m, km, mi, ft or yd")
    return unit


def distance_m(value: float | None, unit: str) -> float | None:
    """`value` in `unit` as metres (None when empty or 0, which means 'no distance')."""
    if value is None or value == 0:
        return None
    meters = value * METERS_PER[unit]
    if not (math.isfinite(meters) and 0 < meters <= MAX_DISTANCE_M):
        raise RowError(f"distance must be between 0 and 1000 km (got {value:g} {unit})")
    return meters


_CLOCK_RE: Final = re.compile(r"(\d+):([0-5]?\d)(?::([0-5]\d))?")


def clock_seconds(text: str) -> int | None:
    """'0:01:30' (h:mm:ss) or '1:30' (m:ss) as seconds; None for an empty cell."""
    if not text:
        return None
    match = _CLOCK_RE.fullmatch(text)
    if match is None:
        raise RowError(f"time '{text}' is not h:mm:ss or m:ss")
    first, second, third = match.groups()
    if third is None:
        total = int(first) * 60 + int(second)
    else:
        total = int(first) * 3600 + int(second) * 60 + int(third)
    return seconds_value(float(total), "time")


_ISO_RE: Final = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)


def clock_time(hour: int, minute: int, second: int, meridiem: str | None) -> time:
    """A wall-clock time, turning 12-hour 'pm' times into 24-hour ones."""
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for a 12-hour clock")
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    return time(hour, minute, second)


def iso_datetime(text: str) -> datetime | None:
    """'2020-12-07 16:17:06', '2024-03-05 6:15:30 PM', '2024-03-05T18:15', '2024-03-05' (as
    midnight), or None when `text` is not in that shape or is not a real date."""
    # iOS writes '6:15:30\u202fpm' with a narrow no-break space before the meridiem.
    match = _ISO_RE.fullmatch(text.replace("\u202f", " ").replace("\u00a0", " "))
    if match is None:
        return None
    year, month, day, hour, minute, second, meridiem = match.groups()
    try:
        when = clock_time(int(hour or 0), int(minute or 0), int(second or 0), meridiem)
        return datetime.combine(date(int(year), int(month), int(day)), when)
    except ValueError:
        return None


def source_key(*parts: str | int) -> str:
    """An unambiguous text identity (a JSON array), whatever characters the names contain."""
    return json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class WorkoutInfo:
    key_parts: tuple[str, ...]  # the workout's identity, e.g. ("strong", start, name)
    name: str
    day: date
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class SetValues:
    set_type: str
    weight_kg: float
    entered_unit: str
    is_bodyweight: bool
    reps: int
    rpe: float | None
    duration_s: int | None
    distance_m: float | None
    notes: str = ""
    superset: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One readable row: a set (`values`), a rest timer (`rest_seconds`), or neither."""

    workout: WorkoutInfo
    exercise: str
    values: SetValues | None = None
    rest_seconds: int | None = None
    category: str | None = None
    exercise_note: str = ""
    workout_note: str = ""


def set_or_nothing(values: SetValues) -> SetValues | None:
    """The set, or None when it records no work: no reps, no time, no distance.

    Strong writes such rows for attempts that were ticked with 0 reps (failed lifts like
    'F, 395 lb, 0 reps'). They are counted in ignored_rows rather than imported: a 0-rep set
    with a load would otherwise read as a 'rep max for zero reps'.
    """
    if values.reps == 0 and values.duration_s is None and values.distance_m is None:
        return None
    return values


@dataclass
class _Draft:
    info: WorkoutInfo
    first_line: int
    key_prefix: str  # the workout's source key without its closing bracket
    notes: str = ""
    exercise_notes: list[tuple[str, str]] = field(default_factory=list)
    sets: list[ImportedSet] = field(default_factory=list)
    ordinals: dict[str, int] = field(default_factory=dict)
    pending_rest: dict[str, int] = field(default_factory=dict)


def read_rows(table: Table, assembler: Assembler, read_row: Callable[[list[str]], Row]) -> None:
    """Feed every record of `table` through `read_row` into `assembler`, problems included."""
    for record in table.records:
        if record.error is not None:
            assembler.problem(record.line, record.error)
            continue
        try:
            row = read_row(record.fields)
        except RowError as exc:
            assembler.problem(record.line, str(exc))
            continue
        assembler.add(record.line, row)


class Assembler:
    """Collects rows into workouts, counting problems and ignored rows."""

    def __init__(self, fmt: SourceFormat) -> None:
        self.fmt: SourceFormat = fmt
        self.rows = 0
        self.ignored = 0
        self.repaired = 0
        self.problems: list[RowProblem] = []
        self._drafts: dict[tuple[str, ...], _Draft] = {}
        self._quoted: dict[str, str] = {}  # exercise name -> its JSON string, for set keys

    def problem(self, line: int, reason: str) -> None:
        self.rows += 1
        self.problems.append(RowProblem(line, reason))

    def add(self, line: int, row: Row) -> None:
        self.rows += 1
        draft = self._drafts.get(row.workout.key_parts)
        if draft is None:
            prefix = source_key(*row.workout.key_parts)[:-1]
            draft = self._drafts[row.workout.key_parts] = _Draft(row.workout, line, prefix)
        if row.workout_note and not draft.notes:
            draft.notes = row.workout_note
        exercise = row.exercise
        if row.exercise_note and (exercise, row.exercise_note) not in draft.exercise_notes:
            draft.exercise_notes.append((exercise, row.exercise_note))
        values = row.values
        if values is None:
            self.ignored += 1
            if row.rest_seconds is not None:
                # Our rest_seconds is the rest taken before a set: it goes on the next one.
                draft.pending_rest[exercise] = row.rest_seconds
            return
        ordinal = draft.ordinals.get(exercise, 0) + 1
        draft.ordinals[exercise] = ordinal
        quoted = self._quoted.get(exercise)
        if quoted is None:
            quoted = self._quoted[exercise] = json.dumps(exercise, ensure_ascii=False)
        draft.sets.append(
            ImportedSet(
                line=line,
                source_key=f"{draft.key_prefix},{quoted},{ordinal}]",
                exercise_name=exercise,
                category_hint=row.category,
                set_type=values.set_type,
                weight_kg=values.weight_kg,
                entered_unit=values.entered_unit,
                is_bodyweight=values.is_bodyweight,
                reps=values.reps,
                rpe=values.rpe,
                duration_s=values.duration_s,
                distance_m=values.distance_m,
                rest_seconds=draft.pending_rest.pop(exercise, None),
                notes=values.notes,
                superset=values.superset,
            )
        )

    def result(self, name_for: Mapping[tuple[str, ...], str] | None = None) -> ParsedExport:
        """The parsed export: workouts with at least one set, oldest first.

        `name_for` overrides workout names decided only once every row is read (FitNotes).
        """
        drafts = sorted(
            (d for d in self._drafts.values() if d.sets),
            key=lambda d: (
                d.info.started_at or datetime.combine(d.info.day, time.min),
                d.first_line,
            ),
        )
        workouts = tuple(
            ImportedWorkout(
                source_key=d.key_prefix + "]",
                name=(name_for or {}).get(d.info.key_parts, d.info.name),
                day=d.info.day,
                started_at=d.info.started_at,
                ended_at=d.info.ended_at,
                notes=d.notes,
                exercise_notes=tuple(d.exercise_notes),
                sets=tuple(d.sets),
            )
            for d in drafts
        )
        return ParsedExport(
            format=self.fmt,
            workouts=workouts,
            problems=tuple(self.problems),
            rows=self.rows,
            ignored_rows=self.ignored,
            repaired_rows=self.repaired,
        )
