"""FitNotes' CSV export.

Layouts, columns found by name:
- Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time (current Android);
- Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time[,Comment] (older Android;
  'Weight (lbs)' for a lifter in pounds);
- Date,Exercise,Category,Weight (kg),Weight (lbs),Reps,Distance,Distance Unit,Time,Notes,Kind
  (iOS; the kg column is read).

FitNotes has no workouts, only days: each date is one workout, with no start time, named after
the day's categories in order ('Chest & Back & Shoulders'). Time ('0:01:30') is the set's
duration, Category the exercise's category hint, Comment or Notes the set's note. Every set is a
working set; a set without load and with reps is a bodyweight set.

FitNotes does not quote names that contain a comma, so 'Overhead Press (Each Side, Dumbbells)'
arrives as two fields. A row with too many fields is repaired by re-joining the extra fields with
the comma they lost, in the first text column where that gives a readable row: the exercise
name, then the category, then the comment. Such rows are counted in repaired_rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from halterofit_tui.domain.imports import common
from halterofit_tui.domain.imports.common import Assembler, Row, RowError, SetValues, WorkoutInfo
from halterofit_tui.domain.imports.model import ParsedExport, UnitNeeded
from halterofit_tui.domain.units import Unit

_WEIGHT_HEADERS: Final[dict[str, Unit]] = {
    "weight (kgs)": "kg",
    "weight (kg)": "kg",
    "weight (lbs)": "lb",
    "weight (lb)": "lb",
}
_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_NO_CATEGORY_NAME: Final = "FitNotes workout"


def looks_like(header: list[str]) -> bool:
    names = {common.normalise_name(name) for name in header}
    return {"date", "exercise", "category"} <= names


@dataclass(frozen=True)
class _Layout:
    width: int
    date: int
    exercise: int
    category: int | None
    weight: int
    weight_header_unit: Unit | None
    weight_unit: int | None
    reps: int
    distance: int | None
    distance_unit: int | None
    time: int | None
    comment: int | None

    @property
    def text_columns(self) -> tuple[int, ...]:
        """Where a lost comma may be, most likely first."""
        return tuple(i for i in (self.exercise, self.category, self.comment) if i is not None)


def _layout(header: list[str]) -> _Layout:
    def col(*aliases: str) -> int | None:
        return common.find_column(header, *aliases)

    weight_header_unit: Unit | None = None
    weight = col("weight")
    if weight is None:
        weight = col(*_WEIGHT_HEADERS)
        if weight is not None:
            weight_header_unit = _WEIGHT_HEADERS[common.normalise_name(header[weight])]
    date_col, exercise, reps = col("date"), col("exercise"), col("reps")
    if date_col is None or exercise is None or weight is None or reps is None:
        required = {
            "Date": date_col,
            "Exercise": exercise,
            "Weight (kgs) or Weight": weight,
            "Reps": reps,
        }
        missing = [name for name, index in required.items() if index is None]
        raise common.missing_columns_error("FitNotes", missing, header)
    return _Layout(
        width=len(header),
        date=date_col,
        exercise=exercise,
        category=col("category"),
        weight=weight,
        weight_header_unit=weight_header_unit,
        weight_unit=col("weight unit"),
        reps=reps,
        distance=col("distance"),
        distance_unit=col("distance unit"),
        time=col("time"),
        comment=col("comment", "notes"),
    )


class _Reader:
    def __init__(self, layout: _Layout, unit: Unit | None, assembler: Assembler) -> None:
        self.layout = layout
        self.unit: Unit | None = layout.weight_header_unit or unit
        self.assembler = assembler
        self.categories: dict[tuple[str, ...], list[str]] = {}
        self._workouts: dict[str, WorkoutInfo] = {}

    def workout(self, date_text: str) -> WorkoutInfo:
        info = self._workouts.get(date_text)
        if info is None:
            try:
                if _DATE_RE.fullmatch(date_text) is None:
                    raise ValueError(date_text)
                day = date.fromisoformat(date_text)
            except ValueError:
                raise RowError(f"date '{date_text}' is not like '2025-04-29'") from None
            info = WorkoutInfo(("fitnotes", day.isoformat()), _NO_CATEGORY_NAME, day, None, None)
            self._workouts[date_text] = info
        return info

    def row(self, fields: list[str]) -> Row:
        width = self.layout.width
        extra = len(fields) - width
        if extra <= 0:
            common.check_field_count(fields, width)
            return self.read(fields)
        for column in self.layout.text_columns:
            joined = ",".join(fields[column : column + extra + 1])
            candidate = [*fields[:column], joined, *fields[column + extra + 1 :]]
            try:
                row = self.read(candidate)
            except RowError:
                continue
            self.assembler.repaired += 1
            return row
        raise RowError(
            f"{len(fields)} fields where the header has {width}, and re-joining a name "
            "split by an unquoted comma does not give a readable row"
        )

    def read(self, fields: list[str]) -> Row:
        lay = self.layout
        workout = self.workout(fields[lay.date].strip())
        exercise = fields[lay.exercise].strip()
        if not exercise:
            raise RowError("the exercise name is empty")
        category = common.cell(fields, lay.category) or None
        reps = common.reps_value(fields[lay.reps].strip())
        weight = common.number(fields[lay.weight].strip(), "weight")
        unit = self.unit
        unit_text = common.cell(fields, lay.weight_unit)
        if unit_text:
            unit = common.weight_unit(unit_text)
        if unit is None and weight:
            raise RowError("the weight has no unit and none was given")
        kg = common.weight_kg(weight, unit or "kg")
        distance = common.number(common.cell(fields, lay.distance), "distance")
        distance_m = None
        if distance:
            unit_cell = common.cell(fields, lay.distance_unit)
            if not unit_cell:
                raise RowError("the distance has no unit")
            distance_m = common.distance_m(distance, common.distance_unit(unit_cell))
        values = SetValues(
            set_type="working",
            weight_kg=kg,
            entered_unit=unit or "kg",
            is_bodyweight=kg == 0 and reps > 0,
            reps=reps,
            rpe=None,
            duration_s=common.clock_seconds(common.cell(fields, lay.time)),
            distance_m=distance_m,
            notes=common.note_cell(fields, lay.comment),
        )
        if category is not None:
            seen = self.categories.setdefault(workout.key_parts, [])
            if category not in seen:
                seen.append(category)
        return Row(workout, exercise, values=common.set_or_nothing(values), category=category)


def parse(table: common.Table, unit: Unit | None) -> ParsedExport:
    """Read a FitNotes export; UnitNeeded when weights carry no unit and `unit` is None."""
    layout = _layout(table.header)
    if unit is None and layout.weight_header_unit is None and layout.weight_unit is None:
        raise UnitNeeded("this FitNotes export does not say whether weights are in kg or lb")
    assembler = Assembler("fitnotes")
    reader = _Reader(layout, unit, assembler)
    common.read_rows(table, assembler, reader.row)
    names = {key: " & ".join(categories) for key, categories in reader.categories.items()}
    return assembler.result(names)
