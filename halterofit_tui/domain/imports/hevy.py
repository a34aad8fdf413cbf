"""Hevy's CSV export.

Header: title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,
set_type,weight_kg,reps,distance_km,duration_seconds,rpe, where a lifter in pounds gets
weight_lbs and distance_miles instead: the unit is in the column name, so no --unit is needed.

- Times read '8 Apr 2026, 16:50' (day zero-padded or not), 'Apr 8, 2026, 4:50 PM', or ISO-like
  '2026-04-08 16:50[:00]' / '2026-04-08T16:50'; a workout is one (title, start_time).
- set_type normal/warmup/dropset/failure is working/warmup/drop/failure; superset_id is the
  superset group within the workout.
- An empty weight is a bodyweight set (weight 0) when it has reps; a set with no reps but a
  duration or distance is a timed set; a row with none of these is ignored.
- description is the workout's note and exercise_notes the exercise's. Hevy writes a newline in
  a note as the two characters backslash and n: they are turned back into a newline. Real
  newlines in quoted notes, and emoji, are kept as they are.
- set_index is not used: the set's identity is its rank among that exercise's sets in the
  workout, which stays unique when an exercise appears twice in one workout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from halterofit_tui.domain.imports import common
from halterofit_tui.domain.imports.common import Assembler, Row, RowError, SetValues, WorkoutInfo
from halterofit_tui.domain.imports.model import ParsedExport
from halterofit_tui.domain.units import Unit

_SET_TYPES: Final[dict[str, str]] = {
    "": "working",
    "normal": "working",
    "warmup": "warmup",
    "dropset": "drop",
    "failure": "failure",
}
_WEIGHT_COLUMNS: Final[dict[str, Unit]] = {"weight_kg": "kg", "weight_lbs": "lb", "weight_lb": "lb"}
_DISTANCE_COLUMNS: Final[dict[str, str]] = {
    "distance_km": "km",
    "distance_miles": "mi",
    "distance_mi": "mi",
    "distance_meters": "m",
    "distance_m": "m",
}
_MONTHS: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_TIME: Final = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?"
_DAY_MONTH_RE: Final = re.compile(rf"(\d{{1,2}})\s+([A-Za-z]{{3,9}})\.?,?\s+(\d{{4}}),?\s+{_TIME}")
_MONTH_DAY_RE: Final = re.compile(rf"([A-Za-z]{{3,9}})\.?\s+(\d{{1,2}}),?\s+(\d{{4}}),?\s+{_TIME}")


def looks_like(header: list[str]) -> bool:
    names = {common.normalise_name(name) for name in header}
    return {"exercise_title", "start_time"} <= names


def _month(name: str) -> int | None:
    lowered = name.lower()
    for number, month in enumerate(_MONTHS, start=1):
        if len(lowered) >= 3 and month.startswith(lowered):
            return number
    return None


def hevy_datetime(text: str) -> datetime | None:
    """'8 Apr 2026, 16:50', 'Apr 8, 2026, 4:50 PM' or an ISO-like form; None if none fits."""
    cleaned = text.replace("\u202f", " ").replace("\u00a0", " ")
    match = _DAY_MONTH_RE.fullmatch(cleaned)
    if match is not None:
        day, month_name, year, *clock = match.groups()
    else:
        match = _MONTH_DAY_RE.fullmatch(cleaned)
        if match is None:
            return common.iso_datetime(cleaned)
        month_name, day, year, *clock = match.groups()
    month = _month(month_name)
    hour, minute, second, meridiem = clock
    if month is None:
        return None
    try:
        when = common.clock_time(int(hour), int(minute), int(second or 0), meridiem)
        return datetime.combine(date(int(year), month, int(day)), when)
    except ValueError:
        return None


def _note(fields: list[str], index: int | None) -> str:
    return common.note_cell(fields, index).replace("\\n", "\n")


@dataclass(frozen=True)
class _Layout:
    width: int
    title: int | None
    start: int
    end: int | None
    description: int | None
    exercise: int
    superset: int | None
    exercise_notes: int | None
    set_type: int | None
    weight: int
    weight_unit: Unit
    reps: int
    distance: int | None
    distance_unit: str
    duration: int | None
    rpe: int | None


def _layout(header: list[str]) -> _Layout:
    def col(*aliases: str) -> int | None:
        return common.find_column(header, *aliases)

    names = [common.normalise_name(name) for name in header]
    weight = next((i for i, n in enumerate(names) if n in _WEIGHT_COLUMNS), None)
    distance = next((i for i, n in enumerate(names) if n in _DISTANCE_COLUMNS), None)
    start, exercise, reps = col("start_time"), col("exercise_title"), col("reps")
    if start is None or exercise is None or weight is None or reps is None:
        required = {
            "start_time": start,
            "exercise_title": exercise,
            "weight_kg or weight_lbs": weight,
            "reps": reps,
        }
        missing = [name for name, index in required.items() if index is None]
        raise common.missing_columns_error("Hevy", missing, header)
    return _Layout(
        width=len(header),
        title=col("title"),
        start=start,
        end=col("end_time"),
        description=col("description"),
        exercise=exercise,
        superset=col("superset_id"),
        exercise_notes=col("exercise_notes"),
        set_type=col("set_type"),
        weight=weight,
        weight_unit=_WEIGHT_COLUMNS[names[weight]],
        reps=reps,
        distance=distance,
        distance_unit="km" if distance is None else _DISTANCE_COLUMNS[names[distance]],
        duration=col("duration_seconds"),
        rpe=col("rpe"),
    )


class _Reader:
    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self._workouts: dict[tuple[str, str, str], WorkoutInfo] = {}

    def workout(self, fields: list[str]) -> WorkoutInfo:
        lay = self.layout
        title = common.cell(fields, lay.title)
        start_text = fields[lay.start].strip()
        end_text = common.cell(fields, lay.end)
        cache_key = (title, start_text, end_text)
        info = self._workouts.get(cache_key)
        if info is None:
            started = hevy_datetime(start_text)
            if started is None:
                raise RowError(f"start_time '{start_text}' is not like '8 Apr 2026, 16:50'")
            ended = None
            if end_text:
                ended = hevy_datetime(end_text)
                if ended is None:
                    raise RowError(f"end_time '{end_text}' is not like '8 Apr 2026, 17:43'")
                if ended < started:
                    raise RowError(f"end_time '{end_text}' is before start_time '{start_text}'")
            name = title or "Workout"
            info = WorkoutInfo(
                ("hevy", started.isoformat(), name), name, started.date(), started, ended
            )
            self._workouts[cache_key] = info
        return info

    def row(self, fields: list[str]) -> Row:
        lay = self.layout
        common.check_field_count(fields, lay.width)
        workout = self.workout(fields)
        exercise = fields[lay.exercise].strip()
        if not exercise:
            raise RowError("exercise_title is empty")
        type_text = common.cell(fields, lay.set_type)
        set_type = _SET_TYPES.get(type_text.lower())
        if set_type is None:
            raise RowError(
                f"unknown set_type '{type_text}': expected normal, warmup, dropset or failure"
            )
        reps = common.reps_value(fields[lay.reps].strip())
        kg = common.weight_kg(common.number(fields[lay.weight].strip(), "weight"), lay.weight_unit)
        distance = common.number(common.cell(fields, lay.distance), "distance")
        duration = common.number(common.cell(fields, lay.duration), "duration_seconds")
        values = SetValues(
            set_type=set_type,
            weight_kg=kg,
            entered_unit=lay.weight_unit,
            is_bodyweight=kg == 0 and reps > 0,
            reps=reps,
            rpe=common.rpe_value(common.cell(fields, lay.rpe)),
            duration_s=common.seconds_value(duration, "duration_seconds"),
            distance_m=common.distance_m(distance, lay.distance_unit),
            superset=common.cell(fields, lay.superset) or None,
        )
        return Row(
            workout,
            exercise,
            values=common.set_or_nothing(values),
            exercise_note=_note(fields, lay.exercise_notes),
            workout_note=_note(fields, lay.description),
        )


def parse(table: common.Table) -> ParsedExport:
    """Read a Hevy export (its weight unit is in the column name)."""
    reader = _Reader(_layout(table.header))
    assembler = Assembler("hevy")
    common.read_rows(table, assembler, reader.row)
    return assembler.result()
