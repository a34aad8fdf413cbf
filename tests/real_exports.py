"""Figures of the real exports in ../shared, computed straight from the raw CSV.

Deliberately simple code that shares nothing with the importers, so the parser tests and the
import tests check the importers against an independent reading of the same files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SHARED

REAL_EXPORTS = SHARED / "data" / "real-exports"
LB = 0.45359237  # kg, exact by definition


@dataclass(frozen=True)
class Figures:
    rows: int
    workouts: int
    sets: int
    reps: int
    volume_kg: float


def real_export(name: str) -> Path:
    path = REAL_EXPORTS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the real exports live in the shared folder beside the repo")
    return path


def _dict_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def strong_figures(path: Path) -> Figures:
    """Weights in lb. A set: any row but a rest timer or note with reps, seconds or distance."""
    rows = _dict_rows(path)
    sets = [
        r
        for r in rows
        if r["Set Order"] not in ("Rest Timer", "Note")
        and (float(r["Reps"]) > 0 or float(r["Seconds"]) > 0 or float(r["Distance"]) > 0)
    ]
    return Figures(
        rows=len(rows),
        workouts=len({(r["Date"], r["Workout Name"]) for r in sets}),
        sets=len(sets),
        reps=sum(int(float(r["Reps"])) for r in sets),
        volume_kg=sum(float(r["Weight"]) * LB * float(r["Reps"]) for r in sets),
    )


def hevy_figures(path: Path) -> Figures:
    rows = _dict_rows(path)
    sets = [
        r
        for r in rows
        if any(float(r[k] or 0) > 0 for k in ("reps", "duration_seconds", "distance_km"))
    ]
    return Figures(
        rows=len(rows),
        workouts=len({(r["title"], r["start_time"]) for r in sets}),
        sets=len(sets),
        reps=sum(int(r["reps"] or 0) for r in sets),
        volume_kg=sum(float(r["weight_kg"] or 0) * int(r["reps"] or 0) for r in sets),
    )


def fitnotes_figures(path: Path) -> Figures:
    """Counted from the right: only the exercise name can hold a stray comma in this file."""
    with path.open(newline="", encoding="utf-8") as f:
        _, *rows = list(csv.reader(f))
    sets = [r for r in rows if r[-4] or r[-3] or r[-1]]
    return Figures(
        rows=len(rows),
        workouts=len({r[0] for r in sets}),
        sets=len(sets),
        reps=sum(int(r[-4] or 0) for r in sets),
        volume_kg=sum(float(r[-6] or 0) * int(r[-4] or 0) for r in sets),
    )
