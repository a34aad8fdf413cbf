"""Strong's CSV exports, in every layout the app has written.

Columns are found by name, so all of these read the same way:
- comma, 12 columns: Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,
  Seconds,Notes,Workout Notes,RPE (iOS, 2020 on);
- comma, 10 columns: the same without Duration and RPE (older iOS);
- semicolon with unit columns: Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;
  RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration (Android; also 12
  columns without RPE and duration), where a decimal comma ('102,5') is accepted;
- units in the header names: 'Workout #', 'Duration (sec)', 'Weight (kg)', 'Distance (meters)'
  (Strong 6), or the oldest 'lbs' / 'mi.' columns.

Rows:
- `Set Order` is the set's number, or a tag replacing it: W (warm-up), D (drop set), F (failure).
- `Rest Timer` rows hold a rest in `Seconds`; they are not sets. Our rest_seconds is the rest
  taken before a set, so the rest goes on the next set of that exercise in the workout.
- `Note` rows (Strong 6) carry an exercise note in `Notes`; older layouts write the exercise note
  in `Notes` on the exercise's first row. Both become the workout's exercise_notes, never set notes
  (Strong has no per-set notes). `Workout Notes` is the workout's note.
- `Duration` reads '1h 38m', '51m', '38min', '11s', '48h 40m'; ended_at = started_at + duration.
- A row with 0 reps and no time or distance records no work and is ignored (see
  `common.set_or_nothing`); a row with 0 reps and seconds or a distance is a timed set.
- A set without load (weight 0) and with reps is a bodyweight set.

Units: the comma layouts do not say whether weights are kg or lb (Strong writes the lifter's
display unit), so the caller must say (`unit`), or UnitNeeded is raised. A unit column or a unit
in the header name always wins over `unit`. Distances are in the lifter's distance unit, which
the comma layouts do not state either: they are read as km when weights are in kg and as miles
when they are in lb, unless a distance unit column or header says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from halterofit_tui.domain.imports import common
from halterofit_tui.domain.imports.common import Assembler, Row, RowError, SetValues, WorkoutInfo
from halterofit_tui.domain.imports.model import ParsedExport, UnitNeeded
from halterofit_tui.domain.units import Unit

_SET_TAGS: Final[dict[str, str]] = {"w": "warmup", "d": "drop", "f": "failure"}
_REST_TIMER: Final = "rest timer"
_NOTE: Final = "note"
# Header names that carry the weight's unit themselves.
_WEIGHT_HEADERS: Final[dict[str, Unit]] = {
    "weight (kg)": "kg",
    "weight (kgs)": "kg",
    "weight (lb)": "lb",
    "weight (lbs)": "lb",
    "kg": "kg",
    "kgs": "kg",
    "lb": "lb",
    "lbs": "lb",
}
_DISTANCE_HEADERS: Final[dict[str, str]] = {
    "distance (meters)": "m",
    "distance (m)": "m",
    "distance (km)": "km",
    "distance (miles)": "mi",
    "distance (mi)": "mi",
    "km": "km",
    "mi.": "mi",
    "mi": "mi",
    "miles": "mi",
}
_DURATION_RE: Final = re.compile(
    r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?", re.IGNORECASE
)


def looks_like(header: list[str]) -> bool:
    names = {common.normalise_name(name) for name in header}
    return {"exercise name", "set order"} <= names


def duration_seconds(text: str) -> int:
    """'1h 38m' -> 5880, '51m' -> 3060, '38min' -> 2280, '11s' -> 11."""
    match = _DURATION_RE.fullmatch(text)
    if match is None or not any(match.groups()):
        raise RowError(f"duration '{text}' is not like '1h 38m', '51m' or '11s'")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@dataclass(frozen=True)
class _Layout:
    width: int
    decimal_comma: bool
    date: int
    exercise: int
    set_order: int
    reps: int
    weight: int
    weight_header_unit: Unit | None
    weight_unit: int | None
    workout_name: int | None
    duration: int | None
    duration_in_seconds: bool
    distance: int | None
    distance_header_unit: str | None
    distance_unit: int | None
    seconds: int | None
    notes: int | None
    workout_notes: int | None
    rpe: int | None

    @property
    def states_units(self) -> bool:
        return self.weight_header_unit is not None or self.weight_unit is not None


def _layout(header: list[str], delimiter: str) -> _Layout:
    def col(*aliases: str) -> int | None:
        return common.find_column(header, *aliases)

    names = [common.normalise_name(name) for name in header]
    weight = col("weight")
    weight_header_unit: Unit | None = None
    if weight is None:
        weight = next((i for i, n in enumerate(names) if n in _WEIGHT_HEADERS), None)
        if weight is not None:
            weight_header_unit = _WEIGHT_HEADERS[names[weight]]
    distance = col("distance")
    distance_header_unit: str | None = None
    if distance is None:
        distance = next((i for i, n in enumerate(names) if n in _DISTANCE_HEADERS), None)
        if distance is not None:
            distance_header_unit = _DISTANCE_HEADERS[names[distance]]
    duration_in_seconds = False
    duration = col("duration", "workout duration")
    if duration is None:
        duration = col("duration (sec)", "duration (seconds)")
        duration_in_seconds = duration is not None
    date_col, exercise, set_order, reps = (
        col("date"),
        col("exercise name"),
        col("set order"),
        col("reps"),
    )
    if date_col is None or exercise is None or set_order is None or weight is None or reps is None:
        required = {
            "Date": date_col,
            "Exercise Name": exercise,
            "Set Order": set_order,
            "Weight": weight,
            "Reps": reps,
        }
        missing = [name for name, index in required.items() if index is None]
        raise common.missing_columns_error("Strong", missing, header)
    return _Layout(
        width=len(header),
        decimal_comma=delimiter == ";",
        date=date_col,
        exercise=exercise,
        set_order=set_order,
        reps=reps,
        weight=weight,
        weight_header_unit=weight_header_unit,
        weight_unit=col("weight unit"),
        workout_name=col("workout name"),
        duration=duration,
        duration_in_seconds=duration_in_seconds,
        distance=distance,
        distance_header_unit=distance_header_unit,
        distance_unit=col("distance unit"),
        seconds=col("seconds"),
        notes=col("notes"),
        workout_notes=col("workout notes"),
        rpe=col("rpe"),
    )


class _Reader:
    def __init__(self, layout: _Layout, unit: Unit | None) -> None:
        self.layout = layout
        self.unit: Unit | None = layout.weight_header_unit or unit
        self._workouts: dict[tuple[str, str, str], WorkoutInfo] = {}

    def workout(self, fields: list[str]) -> WorkoutInfo:
        lay = self.layout
        date_text = fields[lay.date].strip()
        name = common.cell(fields, lay.workout_name)
        duration_text = common.cell(fields, lay.duration)
        cache_key = (date_text, name, duration_text)
        info = self._workouts.get(cache_key)
        if info is None:
            started = common.iso_datetime(date_text)
            if started is None:
                raise RowError(f"date '{date_text}' is not like '2020-12-07 16:17:06'")
            ended = None
            if duration_text:
                if lay.duration_in_seconds:
                    seconds = common.whole(
                        common.number(duration_text, "duration", lay.decimal_comma), "duration"
                    )
                else:
                    seconds = duration_seconds(duration_text)
                if seconds is not None and seconds < 0:
                    raise RowError(f"duration '{duration_text}' is negative")
                ended = started + timedelta(seconds=seconds or 0)
            name = name or "Workout"
            info = WorkoutInfo(
                ("strong", started.isoformat(), name), name, started.date(), started, ended
            )
            self._workouts[cache_key] = info
        return info

    def row(self, fields: list[str]) -> Row:
        lay = self.layout
        common.check_field_count(fields, lay.width)
        workout = self.workout(fields)
        exercise = fields[lay.exercise].strip()
        if not exercise:
            raise RowError("the exercise name is empty")
        note = common.note_cell(fields, lay.notes)
        workout_note = common.note_cell(fields, lay.workout_notes)
        order = fields[lay.set_order].strip()
        kind = order.lower()
        if kind == _NOTE:
            return Row(workout, exercise, exercise_note=note, workout_note=workout_note)
        seconds = common.number(common.cell(fields, lay.seconds), "seconds", lay.decimal_comma)
        if kind == _REST_TIMER:
            rest = common.seconds_value(seconds, "rest timer")
            return Row(workout, exercise, rest_seconds=rest, workout_note=workout_note)
        if kind in _SET_TAGS:
            set_type = _SET_TAGS[kind]
        elif order.isdigit():
            set_type = "working"
        else:
            raise RowError(
                f"unknown Set Order '{order}': expected a number, W, D, F, Rest Timer or Note"
            )
        values = self.values(fields, set_type, seconds)
        return Row(
            workout,
            exercise,
            values=common.set_or_nothing(values),
            exercise_note=note,
            workout_note=workout_note,
        )

    def values(self, fields: list[str], set_type: str, seconds: float | None) -> SetValues:
        lay = self.layout
        comma = lay.decimal_comma
        reps = common.reps_value(fields[lay.reps].strip(), comma)
        weight = common.number(fields[lay.weight].strip(), "weight", comma)
        unit = self.unit
        unit_text = common.cell(fields, lay.weight_unit)
        if unit_text:
            unit = common.weight_unit(unit_text)
        if unit is None and weight:
            raise RowError("the weight has no unit and none was given")
        kg = common.weight_kg(weight, unit or "kg")
        distance = common.number(common.cell(fields, lay.distance), "distance", comma)
        distance_m = None
        if distance:
            distance_unit_text = common.cell(fields, lay.distance_unit)
            if distance_unit_text:
                distance_unit = common.distance_unit(distance_unit_text)
            elif lay.distance_header_unit is not None:
                distance_unit = lay.distance_header_unit
            elif unit is not None:
                distance_unit = "mi" if unit == "lb" else "km"
            else:
                raise RowError("the distance has no unit and no weight unit was given")
            distance_m = common.distance_m(distance, distance_unit)
        return SetValues(
            set_type=set_type,
            weight_kg=kg,
            entered_unit=unit or "kg",
            is_bodyweight=kg == 0 and reps > 0,
            reps=reps,
            rpe=common.rpe_value(common.cell(fields, lay.rpe), comma),
            duration_s=common.seconds_value(seconds, "seconds"),
            distance_m=distance_m,
        )


def parse(table: common.Table, unit: Unit | None) -> ParsedExport:
    """Read a Strong export; raises UnitNeeded when weights carry no unit and `unit` is None."""
    layout = _layout(table.header, table.delimiter)
    if unit is None and not layout.states_units:
        raise UnitNeeded("this Strong export does not say whether weights are in kg or lb")
    reader = _Reader(layout, unit)
    assembler = Assembler("strong")
    common.read_rows(table, assembler, reader.row)
    return assembler.result()
