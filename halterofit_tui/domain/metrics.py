"""Workout roll-ups: volume, set and rep counts, RPE, duration, muscles and intensity."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean
from typing import Final

from halterofit_tui.domain.strength import volume_load

_VOLUME_DECIMALS: Final = 3
_RPE_DECIMALS: Final = 2
_INTENSITY_DECIMALS: Final = 4
_WARMUP: Final = "warmup"


@dataclass(frozen=True)
class SetFacts:
    """What the roll-up needs to know about one logged set (weights in kg, added load only)."""

    weight_kg: float
    reps: int
    rpe: float | None
    set_type: str
    primary_muscles: tuple[str, ...] = ()
    relative_intensity: float | None = None


@dataclass(frozen=True)
class WorkoutTotals:
    """The summary stored with a workout and shown in history."""

    total_volume_kg: float
    total_sets: int
    total_reps: int
    avg_rpe: float | None
    max_rpe: float | None
    duration_s: int | None
    muscle_groups: tuple[str, ...]
    intensity: float | None


def workout_totals(
    sets: Iterable[SetFacts],
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
) -> WorkoutTotals:
    """Roll up a workout's sets.

    Volume counts every set, warm-ups included, as the seed database's trigger does; bodyweight
    sets count only their added load. RPE figures use only sets that have one. Intensity is the
    mean relative intensity of non-warm-up sets (warm-ups would drag it down meaninglessly).
    Duration is whole seconds, and None unless both ends are known and in order.
    """
    facts = tuple(sets)
    rpes = [s.rpe for s in facts if s.rpe is not None]
    intensities = [
        s.relative_intensity
        for s in facts
        if s.set_type != _WARMUP and s.relative_intensity is not None
    ]
    duration: int | None = None
    if started_at is not None and ended_at is not None and ended_at >= started_at:
        duration = (ended_at - started_at) // timedelta(seconds=1)
    volume = math.fsum(volume_load(s.weight_kg, s.reps) for s in facts)
    return WorkoutTotals(
        total_volume_kg=round(volume, _VOLUME_DECIMALS),
        total_sets=len(facts),
        total_reps=sum(s.reps for s in facts),
        avg_rpe=round(fmean(rpes), _RPE_DECIMALS) if rpes else None,
        max_rpe=max(rpes) if rpes else None,
        duration_s=duration,
        muscle_groups=tuple(sorted({m for s in facts for m in s.primary_muscles})),
        intensity=round(fmean(intensities), _INTENSITY_DECIMALS) if intensities else None,
    )
