"""Text and JSON renderings of records for the CLI. JSON weights are always kilograms."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from halterofit_tui.domain.describe import set_text
from halterofit_tui.domain.records import Exercise, LoggedSet, Workout, WorkoutDetail
from halterofit_tui.domain.units import Unit, format_duration, format_number, format_weight


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def round_or_none(value: float | None, digits: int = 3) -> float | None:
    return round(value, digits) if value is not None else None


def set_json(s: LoggedSet) -> dict[str, Any]:
    return {
        "id": s.id,
        "set_number": s.set_number,
        "set_type": s.set_type,
        "weight_kg": s.weight_kg,
        "entered_unit": s.entered_unit,
        "is_bodyweight": s.is_bodyweight,
        "reps": s.reps,
        "rpe": s.rpe,
        "volume_load": round(s.volume_load, 3),
        "estimated_1rm": round_or_none(s.estimated_1rm),
        "relative_intensity": round_or_none(s.relative_intensity, 4),
        "tempo": s.tempo,
        "rest_seconds": s.rest_seconds,
        "technique_rating": s.technique_rating,
        "notes": s.notes,
        "logged_at": iso(s.logged_at),
    }


def group_by_exercise(sets: Iterable[LoggedSet]) -> list[tuple[LoggedSet, list[LoggedSet]]]:
    """Sets grouped per exercise in workout order: (first set, all sets)."""
    groups: dict[str, list[LoggedSet]] = {}
    for s in sorted(sets, key=lambda s: (s.exercise_order, s.set_number)):
        groups.setdefault(s.exercise_id, []).append(s)
    return [(group[0], group) for group in groups.values()]


def workout_json(workout: Workout) -> dict[str, Any]:
    return {
        "id": workout.id,
        "name": workout.name,
        "date": workout.date.isoformat(),
        "started_at": iso(workout.started_at),
        "ended_at": iso(workout.ended_at),
        "status": workout.status,
        "notes": workout.notes,
        "totals": {
            "volume_kg": round(workout.total_volume_kg, 3),
            "sets": workout.total_sets,
            "reps": workout.total_reps,
            "avg_rpe": workout.avg_rpe,
            "max_rpe": workout.max_rpe,
            "duration_s": workout.duration_s,
            "intensity": workout.intensity,
            "muscle_groups": list(workout.muscle_groups),
        },
    }


def detail_json(detail: WorkoutDetail) -> dict[str, Any]:
    data = workout_json(detail.workout)
    data["exercises"] = [
        {
            "exercise_id": first.exercise_id,
            "name": first.exercise_name,
            "order": first.exercise_order,
            "sets": [set_json(s) for s in group],
        }
        for first, group in group_by_exercise(detail.sets)
    ]
    return data


def exercise_json(e: Exercise) -> dict[str, Any]:
    return {
        "id": e.id,
        "slug": e.slug,
        "name": e.name,
        "aliases": list(e.aliases),
        "category": e.category,
        "mechanic": e.subcategory,
        "equipment": list(e.equipment),
        "primary_muscles": list(e.primary_muscles),
        "secondary_muscles": list(e.secondary_muscles),
        "movement_pattern": e.movement_pattern,
        "plane_of_motion": e.plane_of_motion,
        "difficulty": e.difficulty,
        "beginner_friendly": e.beginner_friendly,
        "progression_type": e.progression_type,
        "description": e.description,
        "instructions": list(e.instructions),
        "tips": list(e.tips),
        "common_mistakes": list(e.common_mistakes),
        "custom": e.is_custom,
        "favourite": e.is_favourite,
        "rest_seconds": e.rest_seconds,
    }


def totals_line(workout: Workout, unit: Unit) -> str:
    parts = [
        f"{workout.total_sets} sets",
        f"{workout.total_reps} reps",
        f"volume {format_weight(workout.total_volume_kg, unit)}",
    ]
    if workout.avg_rpe is not None:
        parts.append(f"average RPE {format_number(workout.avg_rpe, 2)}")
    return " · ".join(parts)


def compact_sets(sets: list[LoggedSet], unit: Unit) -> str:
    """'2 warm-ups, 100 kg x 5 @8 ×3, 90 kg x 8': identical consecutive sets folded."""
    warmups = sum(1 for s in sets if s.set_type == "warmup")
    parts = [f"{warmups} warm-up{'s' if warmups > 1 else ''}"] if warmups else []
    runs: list[tuple[str, int]] = []
    for s in sets:
        if s.set_type == "warmup":
            continue
        text = set_text(s, unit)
        if runs and runs[-1][0] == text:
            runs[-1] = (text, runs[-1][1] + 1)
        else:
            runs.append((text, 1))
    parts.extend(f"{text} ×{count}" if count > 1 else text for text, count in runs)
    return ", ".join(parts)


def detail_text(detail: WorkoutDetail, unit: Unit, *, compact: bool = False) -> list[str]:
    """A workout as text: every set with its id, or (compact) one line per exercise."""
    w = detail.workout
    when = w.started_at.astimezone().strftime("%H:%M") if w.started_at else ""
    lines = [f"{w.date.isoformat()} {when}  {w.name}  [{w.status}]  id {w.id[:8]}"]
    for first, group in group_by_exercise(detail.sets):
        if compact:
            lines.append(f"  {first.exercise_name}: {compact_sets(group, unit)}")
            continue
        lines.append(f"  {first.exercise_name}")
        for s in group:
            shows_e1rm = s.estimated_1rm and s.set_type != "warmup"
            e1rm = f"  e1RM {format_weight(s.estimated_1rm or 0, unit)}" if shows_e1rm else ""
            lines.append(f"    {s.set_number}. {set_text(s, unit)}{e1rm}  [{s.id[:8]}]")
    duration_text = f" · {format_duration(w.duration_s)}" if w.duration_s is not None else ""
    lines.append(f"  {totals_line(w, unit)}{duration_text}")
    if w.notes:
        lines.append(f"  notes: {w.notes}")
    return lines
