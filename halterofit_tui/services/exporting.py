"""Exporting the training log: a lossless JSON document, or CSV in Strong's layout.

JSON (`"format": "halterofit", "version": 1`) holds everything the lifter entered or chose: the
profile, custom exercises in full, the favourite and rest override of every built-in exercise
they touched (and a reference to every built-in exercise the workouts or plateaus use), every
live workout with its exercise slots and sets, body metrics, and the plateaus the lifter had a
say in. Weights are kilograms as full doubles, times UTC ISO 8601 with microseconds.
Device-local sync state (clock stamp, device, dirty flag, revision, `updated_at`) and deleted
rows are left out. Rows are ordered by date then id and keys in a fixed order, so two exports
of the same data differ only in `exported_at`. `services.json_import` reads it back.

A set carries its anomaly state: `anomaly`, the reasons it looked implausible as
services.anomalies stored them (null when it looked fine), and `anomaly_confirmed`. Without
them an unconfirmed typo would come back counting for records. Exports made before these keys
and `plateaus` existed are still version 1: the importer reads a set without them as a set that
looked fine, and a document without `plateaus` as one with none.

`plateaus` holds the live plateau rows the lifter acted on: dismissed (status
`false_positive`, with their feedback), resolved by them (resolution "user"), acknowledged, or
with feedback. Only these hold something the sets cannot give back; every other row is the
detector's own finding, which services.plateaus stores again from the history (it backfills
after every import). Each is written whole, figures, causes and protocols as the lifter saw
them, so the import puts back the very row and a dismissed stall is not raised again. With
`since`, the plateaus still going on at or after that day.

A workout carries where its plan came from and the plan itself (`template_id`,
`enrollment_id`, `plan`: services/plans.py). `templates` holds every live template (they have no
date, so `since` keeps them all) and `program_enrollments` every live enrollment (with `since`,
those not ended before it): the programme document as started and the engine's state. Exports
from before these keys import as workouts without plans, and no templates or enrollments.

CSV follows Strong's 12-column export so apps that read Strong files accept it: weights in the
profile's unit, W/D/F in `Set Order` for warm-up, drop and failure sets, durations like `1h 38m`,
local times.

Both stream: workouts are read a page at a time as plain rows and written as they come, so a
100,000-set history never sits in memory as objects.
"""

from __future__ import annotations

import csv
import json
import os
import stat
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from sqlalchemy import ColumnElement, Connection, Row, Table, and_, or_, union
from sqlalchemy import select as sa_select

from halterofit_tui.domain.errors import HalterofitError, InvalidInput
from halterofit_tui.domain.units import Unit, from_kg, parse_unit
from halterofit_tui.services.plateaus import BY_USER, FALSE_POSITIVE
from halterofit_tui.services.profile import get_profile, local_timezone
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import (
    BodyMetricRow,
    ExerciseRow,
    ExerciseSetRow,
    PlateauRow,
    ProfileRow,
    ProgramEnrollmentRow,
    TemplateRow,
    WorkoutExerciseRow,
    WorkoutRow,
)

FORMAT_NAME: Final = "halterofit"
FORMAT_VERSION: Final = 1
EXPORT_FORMATS: Final = ("json", "csv", "strong")
WORKOUTS_PER_PAGE: Final = 200
STRONG_HEADER: Final = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
# Strong writes these instead of the set number; its numbers count only the other sets.
_STRONG_MARKERS: Final = {"warmup": "W", "drop": "D", "failure": "F"}
_UNNUMBERED: Final = ("warmup", "drop")
_METRES_PER_MILE: Final = 1609.344

PROFILE_FIELDS: Final = (
    "first_name",
    "last_name",
    "display_name",
    "age",
    "sex",
    "bodyweight_kg",
    "height_cm",
    "body_fat_pct",
    "experience_level",
    "years_training",
    "goals",
    "unit",
    "theme",
    "timezone",
    "rest_compound_s",
    "rest_isolation_s",
    "e1rm_formula",
    "bar_weight_kg",
    "plate_inventory",
)
# Document key -> exercises column, for custom exercises (keys as `exercises show --json`).
CUSTOM_EXERCISE_FIELDS: Final = {
    "id": "id",
    "slug": "slug",
    "name": "name",
    "custom": "is_custom",
    "aliases": "aliases",
    "category": "category",
    "mechanic": "subcategory",
    "equipment": "equipment",
    "primary_muscles": "primary_muscles",
    "secondary_muscles": "secondary_muscles",
    "movement_pattern": "movement_pattern",
    "plane_of_motion": "plane_of_motion",
    "difficulty": "difficulty",
    "beginner_friendly": "beginner_friendly",
    "progression_type": "progression_type",
    "description": "description",
    "instructions": "instructions",
    "tips": "tips",
    "common_mistakes": "common_mistakes",
    "favourite": "is_favourite",
    "rest_seconds": "rest_seconds",
    "created_at": "created_at",
}
BUILT_IN_EXERCISE_FIELDS: Final = {
    "id": "id",
    "slug": "slug",
    "name": "name",
    "custom": "is_custom",
    "favourite": "is_favourite",
    "rest_seconds": "rest_seconds",
}
WORKOUT_FIELDS: Final = (
    "id",
    "name",
    "date",
    "started_at",
    "ended_at",
    "status",
    "notes",
    "template_id",
    "enrollment_id",
    "plan",
)
READINESS_FIELDS: Final = {
    "sleep_quality": "sleep_quality",
    "sleep_hours": "sleep_hours",
    "stress": "stress",
    "motivation": "motivation",
    "energy": "energy",
    "soreness": "soreness",
    "score": "readiness_score",
}
TOTALS_FIELDS: Final = {
    "volume_kg": "total_volume_kg",
    "sets": "total_sets",
    "reps": "total_reps",
    "avg_rpe": "avg_rpe",
    "max_rpe": "max_rpe",
    "duration_s": "duration_s",
    "intensity": "intensity",
    "muscle_groups": "muscle_groups",
}
SLOT_FIELDS: Final = ("id", "exercise_id", "position", "notes", "created_at")
SET_FIELDS: Final = (
    "id",
    "exercise_id",
    "exercise_order",
    "set_number",
    "set_type",
    "weight_kg",
    "entered_unit",
    "is_bodyweight",
    "reps",
    "rpe",
    "tempo",
    "rest_seconds",
    "time_under_tension_s",
    "duration_s",
    "distance_m",
    "technique_rating",
    "notes",
    "volume_load",
    "estimated_1rm",
    "relative_intensity",
    "anomaly",
    "anomaly_confirmed",
    "logged_at",
    "created_at",
)
BODY_METRIC_FIELDS: Final = (
    "id",
    "measured_on",
    "bodyweight_kg",
    "body_fat_pct",
    "measurements",
    "notes",
    "created_at",
)
PLATEAU_FIELDS: Final = (
    "id",
    "exercise_id",
    "metric",
    "start_date",
    "end_date",
    "as_of",
    "duration_days",
    "confidence",
    "last_pr_date",
    "last_pr_kg",
    "current_avg_kg",
    "trend_kg_per_week",
    "status",
    "resolution",
    "acknowledged",
    "feedback",
    "causes",
    "protocols",
    "detected_at",
    "created_at",
)
_PLATEAU_DATES: Final = ("start_date", "end_date", "as_of", "last_pr_date")
TEMPLATE_FIELDS: Final = ("id", "name", "notes", "source_workout_id", "exercises", "created_at")
ENROLLMENT_FIELDS: Final = (
    "id",
    "program_key",
    "program_name",
    "program",
    "state",
    "status",
    "started_on",
    "ended_on",
    "created_at",
)


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote. `format` is "json" or "csv" (Strong's layout)."""

    format: str
    workouts: int
    sets: int
    body_metrics: int  # always 0 for CSV, which has no place for them
    exercises: int  # entries of the JSON "exercises" list; 0 for CSV
    plateaus: int  # entries of the JSON "plateaus" list; 0 for CSV
    templates: int = 0  # entries of the JSON "templates" list; 0 for CSV
    program_enrollments: int = 0  # entries of the JSON "program_enrollments" list; 0 for CSV


def parse_export_format(text: str | None, target: str) -> str:
    """The export format, json or csv, from `--format` (json, csv, strong) or the file name."""
    if text is None:
        return "csv" if target.lower().endswith(".csv") else "json"
    key = text.strip().lower()
    if key not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown export format '{text}': use {', '.join(EXPORT_FORMATS)}")
    return "json" if key == "json" else "csv"


def iso_moment(moment: datetime) -> str:
    """UTC with microseconds, always the same width: the JSON export's time format."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").removesuffix("+00:00") + "Z"


def _iso_or_none(moment: datetime | None) -> str | None:
    return iso_moment(moment) if moment is not None else None


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


_WORKOUTS = _table(WorkoutRow)
_SETS = _table(ExerciseSetRow)
_SLOTS = _table(WorkoutExerciseRow)
_EXERCISES = _table(ExerciseRow)
_METRICS = _table(BodyMetricRow)
_PROFILES = _table(ProfileRow)
_PLATEAUS = _table(PlateauRow)
_TEMPLATES = _table(TemplateRow)
_ENROLLMENTS = _table(ProgramEnrollmentRow)


# --- reading: plain rows, a page of workouts at a time ---------------------------------------


def _live_workouts(since: date | None) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = _WORKOUTS.c.deleted.is_(False)
    if since is not None:
        condition = and_(condition, _WORKOUTS.c.date >= since)
    return condition


def _grouped(rows: Iterable[Row[Any]]) -> dict[str, list[Row[Any]]]:
    groups: dict[str, list[Row[Any]]] = {}
    for row in rows:
        groups.setdefault(row.workout_id, []).append(row)
    return groups


@dataclass(frozen=True)
class _WorkoutRows:
    workout: Row[Any]
    slots: Sequence[Row[Any]]
    sets: Sequence[Row[Any]]


def _workout_pages(connection: Connection, since: date | None) -> Iterator[list[_WorkoutRows]]:
    """Live workouts oldest first with their live slots and sets, WORKOUTS_PER_PAGE at a time."""
    ids = list(
        connection.execute(
            sa_select(_WORKOUTS.c.id)
            .where(_live_workouts(since))
            .order_by(_WORKOUTS.c.date, _WORKOUTS.c.started_at, _WORKOUTS.c.id)
        ).scalars()
    )
    for start in range(0, len(ids), WORKOUTS_PER_PAGE):
        page = ids[start : start + WORKOUTS_PER_PAGE]
        workouts = {
            row.id: row
            for row in connection.execute(sa_select(_WORKOUTS).where(_WORKOUTS.c.id.in_(page)))
        }
        slots = _grouped(
            connection.execute(
                sa_select(_SLOTS)
                .where(_SLOTS.c.workout_id.in_(page), _SLOTS.c.deleted.is_(False))
                .order_by(_SLOTS.c.position, _SLOTS.c.id)
            )
        )
        sets = _grouped(
            connection.execute(
                sa_select(_SETS.c.workout_id, *(_SETS.c[name] for name in SET_FIELDS))
                .where(_SETS.c.workout_id.in_(page), _SETS.c.deleted.is_(False))
                .order_by(_SETS.c.exercise_order, _SETS.c.set_number, _SETS.c.id)
            )
        )
        yield [
            _WorkoutRows(workouts[workout_id], slots.get(workout_id, []), sets.get(workout_id, []))
            for workout_id in page
        ]


def _exported_plateaus(since: date | None) -> ColumnElement[bool]:
    """Live plateaus the lifter acted on (see the module docstring); with `since`, those still
    going on at or after it."""
    acted_on = or_(
        _PLATEAUS.c.status == FALSE_POSITIVE,
        _PLATEAUS.c.resolution == BY_USER,
        _PLATEAUS.c.acknowledged.is_(True),
        _PLATEAUS.c.feedback != "",
    )
    condition = and_(_PLATEAUS.c.deleted.is_(False), acted_on)
    if since is not None:
        ongoing = or_(_PLATEAUS.c.end_date.is_(None), _PLATEAUS.c.end_date >= since)
        condition = and_(condition, ongoing)
    return condition


def _used_exercise_ids(connection: Connection, since: date | None) -> set[str]:
    """Exercises that exported sets, slots or plateaus refer to."""
    live = _live_workouts(since)
    used = union(
        sa_select(_SETS.c.exercise_id)
        .join(_WORKOUTS, _WORKOUTS.c.id == _SETS.c.workout_id)
        .where(live, _SETS.c.deleted.is_(False)),
        sa_select(_SLOTS.c.exercise_id)
        .join(_WORKOUTS, _WORKOUTS.c.id == _SLOTS.c.workout_id)
        .where(live, _SLOTS.c.deleted.is_(False)),
        sa_select(_PLATEAUS.c.exercise_id).where(_exported_plateaus(since)),
    )
    return set(connection.execute(used).scalars())


# --- JSON -------------------------------------------------------------------------------------


def _profile_json(row: Row[Any]) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in PROFILE_FIELDS}
    data["goals"] = list(row.goals)
    data["plate_inventory"] = dict(
        sorted(row.plate_inventory.items(), key=lambda item: (-float(item[0]), item[0]))
    )
    return data


def _exercise_json(row: Row[Any]) -> dict[str, Any]:
    fields = CUSTOM_EXERCISE_FIELDS if row.is_custom else BUILT_IN_EXERCISE_FIELDS
    data = {key: getattr(row, column) for key, column in fields.items()}
    if row.is_custom:
        data["created_at"] = iso_moment(row.created_at)
    return data


def _exercises_json(connection: Connection, since: date | None) -> list[dict[str, Any]]:
    """Custom exercises in full; built-ins the workouts use or the lifter set something on."""
    used = _used_exercise_ids(connection, since)
    touched = or_(_EXERCISES.c.is_favourite.is_(True), _EXERCISES.c.rest_seconds.is_not(None))
    rows = list(
        connection.execute(
            sa_select(_EXERCISES).where(
                _EXERCISES.c.deleted.is_(False),
                or_(_EXERCISES.c.is_custom.is_(True), touched),
            )
        )
    )
    listed = {row.id for row in rows}
    wanted = sorted(used - listed)
    for start in range(0, len(wanted), 500):
        rows.extend(
            connection.execute(
                sa_select(_EXERCISES).where(_EXERCISES.c.id.in_(wanted[start : start + 500]))
            )
        )
    rows.sort(key=lambda row: (not row.is_custom, row.name.casefold(), row.id))
    return [_exercise_json(row) for row in rows]


def _set_json(row: Row[Any]) -> dict[str, Any]:
    # Rows hold SET_FIELDS in order after the workout id (see _workout_pages): zip is much
    # quicker than a hundred thousand times twenty attribute lookups.
    data = dict(zip(SET_FIELDS, tuple(row)[1:], strict=True))
    data["logged_at"] = iso_moment(row.logged_at)
    data["created_at"] = iso_moment(row.created_at)
    return data


def _slot_json(row: Row[Any]) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in SLOT_FIELDS}
    data["created_at"] = iso_moment(row.created_at)
    return data


def _workout_json(rows: _WorkoutRows) -> dict[str, Any]:
    w = rows.workout
    data: dict[str, Any] = {name: getattr(w, name) for name in WORKOUT_FIELDS}
    data["date"] = w.date.isoformat()
    data["started_at"] = _iso_or_none(w.started_at)
    data["ended_at"] = _iso_or_none(w.ended_at)
    data["readiness"] = {key: getattr(w, column) for key, column in READINESS_FIELDS.items()}
    data["totals"] = {key: getattr(w, column) for key, column in TOTALS_FIELDS.items()}
    data["totals"]["muscle_groups"] = list(w.muscle_groups)
    data["created_at"] = iso_moment(w.created_at)
    data["exercises"] = [_slot_json(slot) for slot in rows.slots]
    return data


def _body_metrics_json(connection: Connection, since: date | None) -> list[dict[str, Any]]:
    condition: ColumnElement[bool] = _METRICS.c.deleted.is_(False)
    if since is not None:
        condition = and_(condition, _METRICS.c.measured_on >= since)
    metrics = []
    for row in connection.execute(
        sa_select(_METRICS).where(condition).order_by(_METRICS.c.measured_on, _METRICS.c.id)
    ):
        data = {name: getattr(row, name) for name in BODY_METRIC_FIELDS}
        data["measured_on"] = row.measured_on.isoformat()
        data["measurements"] = dict(sorted(row.measurements.items()))
        data["created_at"] = iso_moment(row.created_at)
        metrics.append(data)
    return metrics


def _plateaus_json(connection: Connection, since: date | None) -> list[dict[str, Any]]:
    """Within a stall, the earliest row first: the one services.plateaus keeps of duplicates."""
    plateaus = []
    for row in connection.execute(
        sa_select(_PLATEAUS)
        .where(_exported_plateaus(since))
        .order_by(
            _PLATEAUS.c.start_date,
            _PLATEAUS.c.exercise_id,
            _PLATEAUS.c.created_at,
            _PLATEAUS.c.id,
        )
    ):
        data = {name: getattr(row, name) for name in PLATEAU_FIELDS}
        for name in _PLATEAU_DATES:
            data[name] = _day_or_none(getattr(row, name))
        data["detected_at"] = iso_moment(row.detected_at)
        data["created_at"] = iso_moment(row.created_at)
        plateaus.append(data)
    return plateaus


def _templates_json(connection: Connection) -> list[dict[str, Any]]:
    """Every live template (they have no date: `since` keeps them all), by name then id."""
    templates = []
    for row in connection.execute(
        sa_select(_TEMPLATES)
        .where(_TEMPLATES.c.deleted.is_(False))
        .order_by(_TEMPLATES.c.name, _TEMPLATES.c.id)
    ):
        data = {name: getattr(row, name) for name in TEMPLATE_FIELDS}
        data["created_at"] = iso_moment(row.created_at)
        templates.append(data)
    return templates


def _enrollments_json(connection: Connection, since: date | None) -> list[dict[str, Any]]:
    """Live programme enrollments, oldest first; with `since`, those not ended before it."""
    condition: ColumnElement[bool] = _ENROLLMENTS.c.deleted.is_(False)
    if since is not None:
        ongoing = or_(_ENROLLMENTS.c.ended_on.is_(None), _ENROLLMENTS.c.ended_on >= since)
        condition = and_(condition, ongoing)
    enrollments = []
    for row in connection.execute(
        sa_select(_ENROLLMENTS)
        .where(condition)
        .order_by(_ENROLLMENTS.c.started_on, _ENROLLMENTS.c.created_at, _ENROLLMENTS.c.id)
    ):
        data = {name: getattr(row, name) for name in ENROLLMENT_FIELDS}
        data["started_on"] = row.started_on.isoformat()
        data["ended_on"] = _day_or_none(row.ended_on)
        data["created_at"] = iso_moment(row.created_at)
        enrollments.append(data)
    return enrollments


def _day_or_none(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _line(value: Any) -> str:
    # Without indent, json uses its C encoder: several times quicker on a big history.
    return json.dumps(value, ensure_ascii=False)


def _lines(items: Iterable[str], depth: int) -> str:
    """A JSON array of pre-encoded items, one per line, `depth` levels deep."""
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    text = ("," + inner).join(items)
    return f"[{inner}{text}{outer}]" if text else "[]"


def _workout_text(rows: _WorkoutRows) -> str:
    """One line for the workout and its exercise slots, then one line per set."""
    head = _line(_workout_json(rows))
    return f'{head[:-1]}, "sets": {_lines((_line(_set_json(s)) for s in rows.sets), 2)}}}'


def export_json(
    db: Database, out: TextIO, *, since: date | None = None, now: datetime | None = None
) -> ExportReport:
    """Write the JSON document to `out`, streamed: the profile indented, then one line per
    exercise, per workout (and per set of it), per body metric and per plateau."""
    exported_at = iso_moment(now or datetime.now(UTC))
    workouts = sets = 0
    with db.session() as session:
        connection = session.connection()
        profile = connection.execute(
            sa_select(_PROFILES).where(_PROFILES.c.deleted.is_(False)).limit(1)
        ).one()
        exercises = _exercises_json(connection, since)
        head = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "exported_at": exported_at,
            "since": since.isoformat() if since else None,
            "profile": _profile_json(profile),
        }
        out.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ",\n")
        out.write(f'  "exercises": {_lines(map(_line, exercises), 1)},\n  "workouts": ')
        for page in _workout_pages(connection, since):
            for rows in page:
                out.write(("[\n    " if workouts == 0 else ",\n    ") + _workout_text(rows))
                workouts += 1
                sets += len(rows.sets)
        out.write("\n  ],\n" if workouts else "[],\n")
        metrics = _body_metrics_json(connection, since)
        out.write(f'  "body_metrics": {_lines(map(_line, metrics), 1)},\n')
        plateaus = _plateaus_json(connection, since)
        out.write(f'  "plateaus": {_lines(map(_line, plateaus), 1)},\n')
        templates = _templates_json(connection)
        out.write(f'  "templates": {_lines(map(_line, templates), 1)},\n')
        enrollments = _enrollments_json(connection, since)
        out.write(f'  "program_enrollments": {_lines(map(_line, enrollments), 1)}\n}}\n')
    return ExportReport(
        "json",
        workouts,
        sets,
        len(metrics),
        len(exercises),
        len(plateaus),
        len(templates),
        len(enrollments),
    )


# --- CSV in Strong's layout -------------------------------------------------------------------


def strong_duration(seconds: int | None) -> str:
    """Strong's durations: '1h 38m', '2h', '51m', '11s' (seconds only under a minute)."""
    total = max(int(seconds or 0), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m" if minutes else f"{secs}s"


def _strong_number(value: float) -> str:
    """Strong's numbers: '0' for nothing, otherwise a float with 1-2 decimals ('135.0')."""
    return str(round(value, 2) + 0.0) if value else "0"


def _strong_text(text: str) -> str:
    # Strong writes a note's line breaks as the two characters \n, one record per line.
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _strong_rows(
    rows: _WorkoutRows, names: dict[str, str], unit: Unit, zone: Any
) -> Iterator[list[str]]:
    w = rows.workout
    start = w.started_at.astimezone(zone) if w.started_at else None
    when = start.strftime("%Y-%m-%d %H:%M:%S") if start else f"{w.date.isoformat()} 00:00:00"
    duration = w.duration_s
    if duration is None and w.started_at and w.ended_at:
        duration = int((w.ended_at - w.started_at).total_seconds())
    counted: dict[str, int] = {}
    for index, s in enumerate(rows.sets):
        if s.set_type not in _UNNUMBERED:
            counted[s.exercise_id] = counted.get(s.exercise_id, 0) + 1
        order = _STRONG_MARKERS.get(s.set_type) or str(counted[s.exercise_id])
        distance = s.distance_m or 0.0
        distance = distance / _METRES_PER_MILE if unit == "lb" else distance / 1000
        yield [
            when,
            w.name,
            strong_duration(duration),
            names[s.exercise_id],
            order,
            _strong_number(from_kg(s.weight_kg, unit)),
            str(float(s.reps)),
            _strong_number(distance),
            str(float(s.duration_s or 0)),
            _strong_text(s.notes),
            _strong_text(w.notes) if index == 0 else "",
            str(float(s.rpe)) if s.rpe is not None else "",
        ]


def export_csv(db: Database, out: TextIO, *, since: date | None = None) -> ExportReport:
    """Write every live set as Strong writes it (workouts without sets have no row)."""
    profile = get_profile(db)
    unit = parse_unit(profile.unit)
    zone = local_timezone(profile)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_HEADER)
    workouts = sets = 0
    with db.session() as session:
        connection = session.connection()
        names = {
            row.id: row.name
            for row in connection.execute(sa_select(_EXERCISES.c.id, _EXERCISES.c.name))
        }
        for page in _workout_pages(connection, since):
            for rows in page:
                if rows.sets:
                    writer.writerows(_strong_rows(rows, names, unit, zone))
                    workouts += 1
                    sets += len(rows.sets)
    return ExportReport("csv", workouts, sets, 0, 0, 0)


# --- files ------------------------------------------------------------------------------------


def write_export(
    db: Database,
    out: TextIO,
    export_format: str,
    *,
    since: date | None = None,
    now: datetime | None = None,
) -> ExportReport:
    """Write an export in `export_format` ("json" or "csv") to an open text stream."""
    if export_format == "json":
        return export_json(db, out, since=since, now=now)
    if export_format == "csv":
        return export_csv(db, out, since=since)
    raise InvalidInput(f"unknown export format '{export_format}': use json or csv")


def export_target(path: Path) -> Path:
    """The file an export will replace, checked before any work: clear errors, never a folder.

    A symbolic link is followed, so the file it points to gets the export.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise InvalidInput(f"{path} is a directory; give a file name, e.g. {path}/export.json")
    if target.exists() and not target.is_file():
        raise InvalidInput(f"{path} is not a regular file; give a file name")
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise HalterofitError(f"cannot write {path}: folder {folder} is not writable")
    return target


def export_to_file(
    db: Database,
    path: Path,
    export_format: str,
    *,
    since: date | None = None,
    now: datetime | None = None,
) -> ExportReport:
    """Write the export next to `path` and move it into place: a reader (or a crash) never
    sees half a file, and an existing file keeps its permissions."""
    target = export_target(path)
    store_files = {Path(f"{db.paths.database}{suffix}") for suffix in ("", "-wal", "-shm")}
    if target.resolve() in {store.resolve() for store in store_files}:
        raise InvalidInput(f"{path} is Halterofit's own database; export to another file")
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        # The kernel applies the umask to 0o666, as for any new file the user writes.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise HalterofitError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            report = write_export(db, out, export_format, since=since, now=now)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise HalterofitError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return report
